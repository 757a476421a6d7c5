/**
 * Quitting waits for the core to close (job databases checkpointed, folder locks released, running
 * tasks stopped at a resumable point): the first `before-quit` is held, the core closed, then the
 * app quits for real. A second quit request while closing is held too; a failing close never keeps
 * the app from quitting.
 */
export interface QuitGuardDeps {
  close(): Promise<void>;
  quit(): void;
  onError(error: unknown): void;
}

export function createQuitGuard(deps: QuitGuardDeps): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void deps
      .close()
      .catch((error: unknown) => deps.onError(error))
      .finally(() => {
        state = 'closed';
        deps.quit();
      });
  };
}
