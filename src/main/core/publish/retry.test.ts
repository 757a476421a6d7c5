import { describe, expect, it } from 'vitest';
import { PublishError } from './platform-client';
import { withRetry } from './retry';

const fast = { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 };

describe('retry with backoff', () => {
  it('retries network errors and 5xx answers until one succeeds', async () => {
    const failures = [
      new PublishError('network', 'coupé'),
      new PublishError('unavailable', 'occupé', { status: 503 }),
      new PublishError('internal', 'panne', { status: 500 }),
    ];
    let calls = 0;
    const delays: number[] = [];
    const result = await withRetry(
      () => {
        calls++;
        const next = failures.shift();
        return next ? Promise.reject(next) : Promise.resolve('ok');
      },
      { ...fast, onRetry: (_e, _n, d) => delays.push(d) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
  });

  it('does not retry a refusal such as a wrong token', async () => {
    let calls = 0;
    const error = await withRetry(() => {
      calls++;
      return Promise.reject(new PublishError('unauthorized', 'jeton', { status: 401 }));
    }, fast).catch((e: unknown) => e);
    expect((error as PublishError).code).toBe('unauthorized');
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt and stops waiting when cancelled', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new PublishError('network', 'coupé'));
    };
    await expect(withRetry(failing, fast)).rejects.toMatchObject({ code: 'network' });
    expect(calls).toBe(5);
    const controller = new AbortController();
    const pending = withRetry(
      failing,
      { attempts: 100, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1 },
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
