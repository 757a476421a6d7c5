import { describe, expect, it } from 'vitest';
import { createQuitGuard } from './quit-guard';

function quitEvent() {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

function setup(close: () => Promise<void>) {
  const log: string[] = [];
  const guard = createQuitGuard({
    close: async () => {
      log.push('close');
      await close();
      log.push('closed');
    },
    quit: () => log.push('quit'),
    onError: () => log.push('error'),
  });
  return { guard, log };
}

describe('quit guard', () => {
  it('holds the first quit, closes the core, then quits for real', async () => {
    let release!: () => void;
    const { guard, log } = setup(() => new Promise<void>((r) => (release = r)));
    const first = quitEvent();
    guard(first);
    expect(first.prevented).toBe(true);
    const whileClosing = quitEvent();
    guard(whileClosing);
    expect(whileClosing.prevented).toBe(true);
    expect(log).toEqual(['close']);
    release();
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['close', 'closed', 'quit']);
    const final = quitEvent();
    guard(final);
    expect(final.prevented).toBe(false);
  });

  it('quits even when closing the core fails', async () => {
    const { guard, log } = setup(() => Promise.reject(new Error('disk gone')));
    guard(quitEvent());
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['close', 'error', 'quit']);
  });
});
