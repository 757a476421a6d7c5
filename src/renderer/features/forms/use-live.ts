/**
 * Data of the order-form screens kept current: loaded on mount, loaded again whenever the core says
 * the job's forms, codes or orders changed (this window, another window, a finished build task).
 */
import { useCallback, useEffect, useState } from 'react';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

const BUILD_TASK = 'forms.build';

/** A counter that moves on each change to one of `entities` of the job, or when a forms build ends. */
export function useChangeVersion(jobId: string, entities: readonly string[]): number {
  const [version, setVersion] = useState(0);
  const key = entities.join(',');
  useEffect(() => {
    const watched = key.split(',');
    const stops = [
      rpc.on('data.changed', ({ entity, jobId: changed }) => {
        if (changed === jobId && watched.includes(entity)) setVersion((v) => v + 1);
      }),
      rpc.on('task.finished', ({ jobId: changed, kind }) => {
        if (changed === jobId && kind === BUILD_TASK) setVersion((v) => v + 1);
      }),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }, [jobId, key]);
  return version;
}

export interface Live<T> {
  data: T | null;
  error: UiError | null;
  /** Puts an answer the screen already has (the result of a save) in place of the loaded one. */
  replace: (data: T) => void;
}

/**
 * `load(jobId)` now and after each change of `version`; the last answer wins. `load` is meant to be
 * a module-level function, so that it never changes between renders.
 */
export function useLive<T>(jobId: string, version: number, load: (jobId: string) => Promise<T>): Live<T> {
  const [state, setState] = useState<{ data: T | null; error: UiError | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    load(jobId).then(
      (data) => live && setState({ data, error: null }),
      (e: unknown) => live && setState((s) => ({ data: s.data, error: toUiError(e) })),
    );
    return () => {
      live = false;
    };
  }, [jobId, version, load]);
  const replace = useCallback((data: T) => setState({ data, error: null }), []);
  return { ...state, replace };
}
