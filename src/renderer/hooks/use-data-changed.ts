/**
 * The one way a screen keeps what it shows current: `useLiveQuery` (one method) or `useLive` (any
 * loading function) load on mount, again when their inputs change, and again on each change notice
 * the screen follows; the last answer wins and an answer that arrives after the screen moved on is
 * dropped. `useDataChanged` is the subscription alone, for screens whose data lives in a store.
 * Entities are members of `DATA_ENTITIES`: a misspelt one does not compile.
 */
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { MethodName, ParamsIn, Result } from '../../shared/rpc/contract';
import type { DataEntity, EventPayload } from '../../shared/rpc/events';
import { toUiError, type UiError } from '../lib/ui-error';
import { rpc } from '../rpc/client';

export type DataChange = EventPayload<'data.changed'>;
export type TaskFinished = EventPayload<'task.finished'>;

/** A change the screen follows: a `data.changed` notice, or the end of a task. */
export type Change = { entity: DataEntity; ids: string[] | undefined } | { entity: null; task: TaskFinished };

export interface WatchOptions {
  /** Also when a task of the job ends: of one of these kinds, or any (`'any'`). */
  tasks?: readonly string[] | 'any';
  /** Only the notices about this row (a notice that names no rows concerns every row). */
  id?: string;
  /** Notices arriving within this many milliseconds make one call (a running ingest sends many). */
  coalesceMs?: number;
}

/** Whether a notice concerns a screen following `entities` of `jobId` (`null`: studio-wide data). */
export function concerns(
  notice: DataChange,
  entities: readonly DataEntity[],
  jobId: string | null,
  id?: string,
): boolean {
  return (
    (notice.jobId ?? null) === jobId &&
    entities.includes(notice.entity) &&
    (id === undefined || !notice.ids || notice.ids.includes(id))
  );
}

/** Whether the end of a task concerns a screen of `jobId` following `tasks`. */
export function concernsTask(
  task: TaskFinished,
  jobId: string | null,
  tasks: WatchOptions['tasks'],
): boolean {
  if (!tasks || task.jobId !== jobId) return false;
  return tasks === 'any' || tasks.includes(task.kind);
}

/** Calls `onChange` on each `data.changed` notice naming one of `entities` for `jobId`. */
export function useDataChanged(
  entities: readonly DataEntity[],
  jobId: string | null,
  onChange: (change: Change) => void,
  options: WatchOptions = {},
): void {
  const { id, coalesceMs } = options;
  const entityKey = entities.join(',');
  const taskKey = options.tasks === undefined ? '' : options.tasks === 'any' ? '*' : options.tasks.join(',');
  const notify = useEffectEvent(onChange);
  useEffect(() => {
    const watched = entityKey === '' ? [] : (entityKey.split(',') as DataEntity[]);
    const tasks = taskKey === '' ? undefined : taskKey === '*' ? 'any' : taskKey.split(',');
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last: Change | null = null;
    const deliver = (change: Change) => {
      if (coalesceMs === undefined) {
        notify(change);
        return;
      }
      last = change;
      timer ??= setTimeout(() => {
        timer = null;
        if (last) notify(last);
      }, coalesceMs);
    };
    const stops: (() => void)[] = [];
    if (watched.length > 0) {
      stops.push(
        rpc.on('data.changed', (notice) => {
          if (concerns(notice, watched, jobId, id)) deliver({ entity: notice.entity, ids: notice.ids });
        }),
      );
    }
    if (tasks) {
      stops.push(
        rpc.on('task.finished', (task) => {
          if (concernsTask(task, jobId, tasks)) deliver({ entity: null, task });
        }),
      );
    }
    return () => {
      if (timer) clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }, [entityKey, taskKey, jobId, id, coalesceMs]);
}

export interface LiveOptions<T = unknown> extends WatchOptions {
  /** The notices that make the data load again (none: loaded on mount and when the inputs change). */
  entities?: readonly DataEntity[];
  /** The job the notices must be about; `useLiveQuery` takes the `jobId` of its params. */
  jobId?: string | null;
  /** Called with each answer kept (for a form that starts from the loaded values). */
  onData?: (data: T) => void;
  /** Called when a load fails (for a screen that shows load and action failures in one place). */
  onError?: (error: UiError) => void;
}

export interface Live<T> {
  /** The last answer (kept while a new one loads, and when loading again failed). */
  data: T | null;
  /** Why the last load failed; null once one succeeds. */
  error: UiError | null;
  /** A load for the current inputs is under way. */
  loading: boolean;
  /** Loads again now (after this screen's own change, or on "Recompute"). */
  reload: () => void;
  /** Puts an answer the screen already has (the result of a save) in place of the loaded one. */
  replace: (data: T) => void;
}

/**
 * `load()` now, whenever `inputs` change (compared by value), on `reload()` and on each change
 * notice of `options`; the last answer wins. `load: null` loads nothing (an input is missing).
 */
export function useLive<T>(
  load: (() => Promise<T>) | null,
  inputs: readonly unknown[],
  options: LiveOptions<T> = {},
): Live<T> {
  const [state, setState] = useState<{ data: T | null; error: UiError | null; settled: string | null }>({
    data: null,
    error: null,
    settled: null,
  });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useDataChanged(options.entities ?? [], options.jobId ?? null, reload, options);

  const enabled = load !== null;
  const run = useEffectEvent(() => (load ? load() : Promise.resolve(null)));
  const loaded = useEffectEvent((data: T) => options.onData?.(data));
  const failed = useEffectEvent((error: UiError) => options.onError?.(error));
  const key = JSON.stringify(inputs);
  const current = `${version}|${key}`;
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const settled = `${version}|${key}`;
    run().then(
      (answer) => {
        if (!live) return;
        const data = answer as T;
        setState({ data, error: null, settled });
        loaded(data);
      },
      (e: unknown) => {
        if (!live) return;
        const error = toUiError(e);
        setState((s) => ({ data: s.data, error, settled }));
        failed(error);
      },
    );
    return () => {
      live = false;
    };
  }, [enabled, key, version]);
  const replace = useCallback((data: T) => setState((s) => ({ ...s, data, error: null })), []);
  return {
    data: state.data,
    error: state.error,
    loading: enabled && state.settled !== current,
    reload,
    replace,
  };
}

/**
 * One contract method's answer kept current: loaded now, when `params` change, and on each change
 * notice of `options.entities` for the job of `params.jobId`. `params: null` loads nothing.
 */
export function useLiveQuery<M extends MethodName>(
  method: M,
  params: ParamsIn<M> | null,
  options: LiveOptions<Result<M>> = {},
): Live<Result<M>> {
  const jobId =
    options.jobId !== undefined
      ? options.jobId
      : params !== null && typeof params === 'object' && 'jobId' in params && typeof params.jobId === 'string'
        ? params.jobId
        : null;
  return useLive(params === null ? null : () => rpc.call(method, params), [method, params], {
    ...options,
    jobId,
  });
}
