/**
 * Optimistic changes of a store (labeling, proofing): the store shows the change at once, the call
 * goes to the core, and once nothing is in flight any more the store is brought back to the core's
 * truth — which also takes back a change the core refused. A failure is handed to the store to show.
 */
export interface OptimisticStore {
  get: () => { pending: number };
  set: (patch: { pending: number }) => void;
  /** Keeps the failure of a call for the screen. */
  fail: (error: unknown) => void;
  /** Reloads what the calls changed, from the core. */
  settle: () => Promise<unknown>;
}

/** A `send(call)` for `store`: counts the call in `pending`, then settles after the last one. */
export function optimisticSender(store: OptimisticStore): (call: () => Promise<unknown>) => Promise<void> {
  return async (call) => {
    store.set({ pending: store.get().pending + 1 });
    try {
      await call();
    } catch (error) {
      store.fail(error);
    } finally {
      store.set({ pending: store.get().pending - 1 });
    }
    if (store.get().pending === 0) await store.settle();
  };
}
