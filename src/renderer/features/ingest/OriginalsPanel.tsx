/**
 * « Vérifier les originaux » on the ingest screen: the date and outcome of the last check, a button
 * to run it (progress with MB/s, cancel), each damaged or missing copy named, and the repair from
 * intact copies behind an explicit confirmation (nothing is replaced without it).
 */
import { useCallback, useEffect, useState } from 'react';
import {
  ORIGINALS_VERIFY_TASK,
  type CopyIssue,
  type OriginalsReport,
} from '../../../shared/domain/originals';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useJobStore } from '../../stores/job-store';

type Last = { finishedAt: string; report: OriginalsReport } | null;

export function OriginalsPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const tasks = useJobStore((s) => s.tasks);
  const progress = useJobStore((s) => s.progress);
  const cancelTask = useJobStore((s) => s.cancelTask);
  const [last, setLast] = useState<Last>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const running = tasks.find(
    (x) => x.kind === ORIGINALS_VERIFY_TASK && (x.status === 'running' || x.status === 'queued'),
  );
  const live = running ? progress[running.id] : undefined;

  const load = useCallback(
    () => rpc.call('originals.last', { jobId }).then(setLast, () => undefined),
    [jobId],
  );
  useEffect(() => {
    void load();
    return rpc.on('task.finished', (e) => {
      if (e.jobId !== jobId || e.kind !== ORIGINALS_VERIFY_TASK) return;
      if (e.error) setError(e.error as UiError);
      void load();
    });
  }, [jobId, load]);

  const start = async (repair: boolean) => {
    setConfirming(false);
    setError(null);
    try {
      await rpc.call('originals.verify', { jobId, repair });
    } catch (e) {
      setError(toUiError(e));
    }
  };

  const report = last?.report ?? null;
  const repairable = report?.damaged.filter((d) => d.repairable).length ?? 0;
  const where = (i: CopyIssue) =>
    i.location === 'job'
      ? t('originals.where.job')
      : t('originals.where.backup', { folder: i.copy.slice(0, Math.max(0, i.copy.lastIndexOf('/'))) });

  return (
    <section className="card" aria-labelledby="originals-title" data-testid="originals-panel">
      <div className="card__head">
        <h2 id="originals-title" className="card__title">
          {t('originals.title')}
        </h2>
      </div>
      <p className="muted">{t('originals.help')}</p>
      <p data-testid="originals-last">
        {last && report
          ? t('originals.last', {
              date: tr.dateTime(last.finishedAt),
              result:
                report.damaged.length > 0
                  ? t('originals.result.damaged', { count: report.damaged.length })
                  : report.unreachable.length > 0
                    ? t('originals.result.unreachable', {
                        count: report.unreachable.reduce((n, u) => n + u.copies, 0),
                        folder: report.unreachable[0]!.folder,
                      })
                    : report.repaired.length > 0
                      ? t('originals.result.repaired', { count: report.repaired.length })
                      : t('originals.result.clean', { copies: report.copies, files: report.files }),
            })
          : t('originals.never')}
      </p>
      {report && report.damaged.length > 0 && (
        <>
          <p className="verdict__sub">{t('originals.damagedList')}</p>
          <ul className="issue-list" data-testid="originals-damaged">
            {report.damaged.map((d) => (
              <li key={d.copy}>
                {t(d.state === 'missing' ? 'originals.issue.missing' : 'originals.issue.damaged', {
                  file: d.file,
                  where: where(d),
                })}
                {!d.repairable && <span className="muted"> — {t('originals.issue.noTwin')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {running ? (
        <div className="form-actions">
          <span role="status">{live?.message ?? t('originals.running')}</span>
          <button type="button" className="btn btn--secondary" onClick={() => void cancelTask(running.id)}>
            {t('ingest.run.cancel')}
          </button>
        </div>
      ) : confirming ? (
        <div className="form-actions" role="alertdialog" aria-labelledby="originals-confirm">
          <span id="originals-confirm">{t('originals.repair.confirm', { count: repairable })}</span>
          <button type="button" className="btn btn--primary" onClick={() => void start(true)}>
            {t('originals.repair.yes')}
          </button>
          <button type="button" className="btn btn--secondary" onClick={() => setConfirming(false)}>
            {t('originals.repair.no')}
          </button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="btn btn--secondary" onClick={() => void start(false)}>
            {t('originals.start')}
          </button>
          {repairable > 0 && (
            <button type="button" className="btn btn--primary" onClick={() => setConfirming(true)}>
              {t('originals.repair')}
            </button>
          )}
        </div>
      )}
      {error && <Alert tone="error">{tr.error(error)}</Alert>}
    </section>
  );
}
