import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { optimisticSender } from './optimistic-send';

/** A store like the labeling one: a value changed at once, then reloaded from a fake core. */
function setup() {
  const core = { value: 'saved', reloads: 0 };
  const store = create<{ pending: number; value: string; error: string | null }>(() => ({
    pending: 0,
    value: 'saved',
    error: null,
  }));
  const send = optimisticSender({
    get: store.getState,
    set: store.setState,
    fail: (e) => store.setState({ error: (e as Error).message }),
    settle: () => {
      core.reloads += 1;
      store.setState({ value: core.value });
      return Promise.resolve();
    },
  });
  return { core, store, send };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((ok, ko) => {
    resolve = ok;
    reject = ko;
  });
  return { promise, resolve, reject };
}

describe('optimistic send', () => {
  it('counts calls in flight and reloads once, after the last one', async () => {
    const { core, store, send } = setup();
    const first = deferred();
    const second = deferred();
    store.setState({ value: 'a' });
    const one = send(() => first.promise.then(() => void (core.value = 'a')));
    store.setState({ value: 'b' });
    const two = send(() => second.promise.then(() => void (core.value = 'b')));
    expect(store.getState().pending).toBe(2);
    first.resolve();
    await one;
    // The second change is still on its way: the screen keeps showing it.
    expect(core.reloads).toBe(0);
    expect(store.getState().value).toBe('b');
    second.resolve();
    await two;
    expect(store.getState().pending).toBe(0);
    expect(core.reloads).toBe(1);
    expect(store.getState().value).toBe('b');
  });

  it('keeps the failure and takes back the refused change', async () => {
    const { core, store, send } = setup();
    store.setState({ value: 'refused' });
    await send(() => Promise.reject(new Error('label_consent_forbidden')));
    expect(store.getState()).toMatchObject({ pending: 0, error: 'label_consent_forbidden', value: 'saved' });
    expect(core.reloads).toBe(1);
  });
});
