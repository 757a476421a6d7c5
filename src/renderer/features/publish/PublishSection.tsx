/**
 * The job's "Publication" section: the plan first (what goes online, the students left out and
 * why, the class photos held back), then the publish with its progress (files, bytes, rate, time
 * left, cancel), the outcome and the history. Everything shown comes from the core, which applies
 * the consent gate itself: this screen only shows its decisions.
 */
import { useEffect, useState } from 'react';
import type { PublishResult } from '../../../shared/domain/publish';
import type { TaskInfo, TaskProgress } from '../../../shared/domain/task';
import type { Result } from '../../../shared/rpc/contract';
import { Alert } from '../../components/Alert';
import { useLive } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useJobStore } from '../../stores/job-store';

type Plan = Result<'publish.plan'>;
type History = Result<'publish.history'>;

/** Bytes per second since the upload of `taskId` started, measured from the byte counts the core reports. */
function useByteRate(taskId: string | undefined): number | null {
  const [rate, setRate] = useState<{ taskId: string; value: number } | null>(null);
  useEffect(() => {
    if (!taskId) return;
    let start: { at: number; bytes: number } | null = null;
    return rpc.on('task.progress', (p: TaskProgress) => {
      if (p.taskId !== taskId || p.message !== 'uploading') return;
      const bytes = p.bytesDone ?? 0;
      const now = performance.now();
      start ??= { at: now, bytes };
      const seconds = (now - start.at) / 1000;
      if (seconds > 0.5) setRate({ taskId, value: (bytes - start.bytes) / seconds });
    });
  }, [taskId]);
  return rate && rate.taskId === taskId ? rate.value : null;
}

export function PublishSection({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const [failure, setError] = useState<UiError | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const tasks = useJobStore((s) => s.tasks);
  const progressById = useJobStore((s) => s.progress);
  const cancel = useJobStore((s) => s.cancelTask);
  const active = tasks.find(
    (task) => task.kind === 'publish' && (task.status === 'running' || task.status === 'queued'),
  );
  const last = tasks.find((task) => task.kind === 'publish' && task.finishedAt !== null);
  const progress = active ? progressById[active.id] : undefined;
  const rate = useByteRate(active?.id);

  // Loaded at first, on "Recompute", and each time a publish ends (the plan and history change);
  // a plan that cannot be made keeps the last one shown, with the history still loaded.
  const lastFinished = last?.id ?? null;
  // A plan made clears the failure shown (of an earlier load or action), as a fresh look does.
  const planLive = useLive(() => rpc.call('publish.plan', { jobId }), [jobId, lastFinished], {
    onData: () => setError(null),
  });
  const historyLive = useLive(() => rpc.call('publish.history', { jobId }), [jobId, lastFinished]);
  const reload = () => {
    planLive.reload();
    historyLive.reload();
  };
  const plan = planLive.data;
  const history: History = historyLive.data ?? [];
  const loading = planLive.loading;
  // The failure of a load shows until dismissed or until a load succeeds; an action's failure wins.
  const loadError = planLive.error ?? historyLive.error;
  const [dismissed, setDismissed] = useState<UiError | null>(null);
  const error = failure ?? (loadError !== dismissed ? loadError : null);

  const start = async () => {
    try {
      setError(null);
      await rpc.call('publish.start', { jobId });
      await useJobStore.getState().refreshTasks();
    } catch (e) {
      setError(toUiError(e));
    }
  };

  const removeNow = async (studentId: string, name: string) => {
    try {
      const answer = await rpc.call('publish.removeStudent', { jobId, studentId });
      setRemoved(answer.removed ? t('publish.removed', { name }) : t('publish.removedNothing', { name }));
      reload();
    } catch (e) {
      setError(toUiError(e));
    }
  };

  return (
    <PublishView
      plan={plan}
      history={history}
      loading={loading}
      error={error}
      notice={removed}
      active={active}
      progress={progress}
      rate={rate}
      last={last}
      onRefresh={reload}
      onStart={() => void start()}
      onCancel={(taskId) => void cancel(taskId)}
      onRemove={(studentId, name) => void removeNow(studentId, name)}
      onDismissError={() => {
        setError(null);
        setDismissed(loadError);
      }}
      onDismissNotice={() => setRemoved(null)}
    />
  );
}

export interface PublishViewProps {
  plan: Plan | null;
  history: History;
  loading: boolean;
  error: UiError | null;
  notice: string | null;
  active: TaskInfo | undefined;
  progress: TaskProgress | undefined;
  /** Bytes per second, once measured. */
  rate: number | null;
  last: TaskInfo | undefined;
  onRefresh: () => void;
  onStart: () => void;
  onCancel: (taskId: string) => void;
  onRemove: (studentId: string, name: string) => void;
  onDismissError: () => void;
  onDismissNotice: () => void;
}

/** What the section shows, from its props only (rendered statically in tests). */
export function PublishView(props: PublishViewProps) {
  const { plan, history, loading, error, active, progress, rate, last } = props;
  const tr = useT();
  const { t } = tr;
  const result = last?.status === 'done' ? (last.result as PublishResult | null) : null;
  const remote = plan?.remote;
  const bytesDone = progress?.bytesDone ?? 0;
  const bytesTotal = progress?.bytesTotal ?? 0;
  const sending = progress?.message === 'uploading' || progress?.message === 'finalizing';
  // Files of the school the platform already held when this upload began: they are not sent again.
  const held = plan && progress && sending ? Math.max(0, plan.files - progress.total) : 0;
  const percent =
    progress?.message === 'preparing'
      ? progress.total > 0
        ? Math.round((progress.done / progress.total) * 100)
        : 0
      : bytesTotal > 0
        ? Math.min(100, Math.round((bytesDone / bytesTotal) * 100))
        : sending
          ? 100
          : 0;

  return (
    <div className="publish" data-testid="publish-section">
      <section className="card" aria-labelledby="publish-plan-title">
        <div className="card__head">
          <h2 id="publish-plan-title" className="card__title">
            {t('publish.plan.title')}
          </h2>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={props.onRefresh}
            disabled={loading || active !== undefined}
          >
            {loading ? t('publish.plan.loading') : t('publish.plan.refresh')}
          </button>
        </div>
        {error && (
          <Alert tone="error" onDismiss={props.onDismissError}>
            {tr.error(error)}
          </Alert>
        )}
        {props.notice && (
          <Alert tone="success" onDismiss={props.onDismissNotice}>
            {props.notice}
          </Alert>
        )}
        {!plan && loading && <p className="muted">{t('publish.plan.preparing')}</p>}
        {plan && (
          <>
            {!plan.platformUrl && <Alert tone="info">{t('errors.publish_no_platform')}</Alert>}
            {plan.platformUrl && (
              <p>
                {t('publish.plan.platform')} <span className="mono">{plan.platformUrl}</span>
              </p>
            )}
            <p data-testid="publish-counts">
              {t('publish.plan.counts', {
                galleries: plan.galleries,
                students: plan.students,
                photos: plan.photos,
                classPhotos: plan.classPhotos,
                forms: plan.orderForms,
                size: tr.bytes(plan.totalBytes),
              })}
            </p>
            <p className="muted">
              {t('publish.plan.retention', {
                close: tr.date(plan.retention.closeDate),
                delete: tr.date(plan.retention.deleteDate),
              })}
            </p>
            {remote && (
              <p data-testid="publish-remote">
                {remote.upToDate
                  ? t('publish.plan.upToDate', { version: remote.previousVersion ?? 0 })
                  : t('publish.plan.toSend', {
                      files: remote.filesToSend,
                      size: tr.bytes(remote.bytesToSend),
                      added: remote.studentsAdded,
                      changed: remote.studentsChanged,
                      removed: remote.studentsRemoved,
                    })}
              </p>
            )}
            {plan.pendingRemovals > 0 && (
              <Alert tone="info">{t('publish.plan.pendingRemovals', { count: plan.pendingRemovals })}</Alert>
            )}
            <div className="form__actions">
              <button
                type="button"
                className="btn btn--primary"
                onClick={props.onStart}
                disabled={!plan.platformUrl || active !== undefined}
              >
                {t('publish.start')}
              </button>
            </div>
          </>
        )}
      </section>

      {active && (
        <section className="card" aria-labelledby="publish-progress-title" data-testid="publish-progress">
          <h2 id="publish-progress-title" className="card__title">
            {progress?.message === 'preparing'
              ? t('publish.progress.preparing')
              : progress?.message === 'finalizing'
                ? t('publish.progress.finalizing')
                : t('publish.progress.title')}
          </h2>
          <div
            className="progress"
            role="progressbar"
            aria-label={t('publish.progress.title')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <div className="progress__bar" style={{ width: `${percent}%` }} />
          </div>
          {progress && sending && progress.total === 0 && (
            <p data-testid="publish-progress-counts">{t('publish.progress.nothingToSend')}</p>
          )}
          {progress && sending && progress.total > 0 && (
            <p data-testid="publish-progress-counts">
              {/* Counted as the platform acknowledges them, out of what it lacked when the upload began. */}
              {t('publish.progress.files', { done: progress.done, total: progress.total })} ·{' '}
              {t('publish.progress.bytes', { done: tr.bytes(bytesDone), total: tr.bytes(bytesTotal) })}
              {held > 0 && <> · {t('publish.progress.alreadyThere', { count: held })}</>}
              {rate !== null && rate > 0 && progress.message === 'uploading' && (
                <>
                  {' '}
                  · {t('publish.progress.rate', { rate: tr.bytes(rate) })} ·{' '}
                  {t('job.tasks.eta', { eta: tr.duration((bytesTotal - bytesDone) / rate) })}
                </>
              )}
            </p>
          )}
          <button type="button" className="btn btn--secondary" onClick={() => props.onCancel(active.id)}>
            {t('publish.cancel')}
          </button>
        </section>
      )}

      {!active && last && (
        <section className="card" aria-labelledby="publish-last-title" data-testid="publish-outcome">
          <h2 id="publish-last-title" className="card__title">
            {t('publish.outcome.title')}
          </h2>
          {last.status === 'done' && result && (
            <Alert tone="success">
              {result.status === 'up_to_date'
                ? t('publish.outcome.upToDate', { version: result.version })
                : t('publish.outcome.published', {
                    version: result.version,
                    files: result.filesSent,
                    size: tr.bytes(result.bytesSent),
                    skipped: result.filesSkipped,
                  })}{' '}
              <span className="mono">{result.familyUrl}</span>
            </Alert>
          )}
          {last.status === 'failed' && last.error && (
            <Alert tone="error">
              {tr.error({ code: last.error.code, params: last.error.params ?? {}, issues: [] })}
            </Alert>
          )}
          {last.status === 'cancelled' && <Alert tone="info">{t('publish.outcome.cancelled')}</Alert>}
        </section>
      )}

      {plan && plan.excluded.length > 0 && (
        <section className="card" aria-labelledby="publish-excluded-title" data-testid="publish-excluded">
          <h2 id="publish-excluded-title" className="card__title">
            {t('publish.excluded.title', { count: plan.excluded.length })}
          </h2>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('publish.excluded.class')}</th>
                <th scope="col">{t('publish.excluded.student')}</th>
                <th scope="col">{t('publish.excluded.reason')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('publish.removeNow')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.excluded.map((e) => (
                <tr key={e.studentId}>
                  <td>{e.classLabel || t('publish.excluded.noClass')}</td>
                  <td>{e.name}</td>
                  <td>{t(`publish.reason.${e.reason}`)}</td>
                  <td>
                    {e.reason === 'no_online_consent' && plan.platformUrl && (
                      <button
                        type="button"
                        className="btn btn--ghost btn--small"
                        onClick={() => props.onRemove(e.studentId, e.name)}
                      >
                        {t('publish.removeNow')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {plan && plan.heldBack.length > 0 && (
        <section className="card" aria-labelledby="publish-held-title" data-testid="publish-held-back">
          <h2 id="publish-held-title" className="card__title">
            {t('publish.heldBack.title', { count: plan.heldBack.length })}
          </h2>
          <ul>
            {plan.heldBack.map((h) => (
              <li key={h.photoId}>
                <strong>{h.classLabel}</strong> —{' '}
                {t(`publish.hold.${h.reason}`, { count: h.students.length })}
                {h.students.length > 0 && <> : {h.students.join(', ')}</>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="publish-history-title" data-testid="publish-history">
        <h2 id="publish-history-title" className="card__title">
          {t('publish.history.title')}
        </h2>
        {history.length === 0 && <p className="muted">{t('publish.history.empty')}</p>}
        {history.length > 0 && (
          <table className="audit-table audit-table--history">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('publish.history.answer')}</th>
                <th scope="col">{t('publish.history.sent')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.at}-${i}`}>
                  <td>{tr.dateTime(h.at)}</td>
                  <td className="mono">{h.actor}</td>
                  <td>{h.answer}</td>
                  <td>
                    {h.filesSent !== null
                      ? t('publish.history.files', { files: h.filesSent, size: tr.bytes(h.bytesSent ?? 0) })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
