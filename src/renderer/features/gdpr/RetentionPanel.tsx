/**
 * Home screen panel of the studio's retention: each recent job with its deletion dates, the ones
 * past due first, and for an open job a dry run (exactly what would be deleted) then a purge behind
 * an explicit confirmation. Shown at start-up, so an overdue job is the first thing the user sees.
 */
import { useState } from 'react';
import type { Result } from '../../../shared/rpc/contract';
import { Alert } from '../../components/Alert';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

type Overview = Result<'retention.overview'>;
type Report = Result<'retention.purge'>;

export function RetentionPanel() {
  const tr = useT();
  const { t } = tr;
  const [report, setReport] = useState<Report | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const live = useLiveQuery('retention.overview', {}, { onError: setError });
  const overview: Overview | null = live.data;

  const purge = async (jobId: string, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      setReport(await rpc.call('retention.purge', { jobId, dryRun }));
      setConfirming(false);
      if (!dryRun) live.reload();
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!overview || overview.jobs.length === 0)
    return error ? <Alert tone="error">{tr.error(error)}</Alert> : null;
  const jobs = [...overview.jobs].sort((a, b) => Number(b.hdDeleteDue) - Number(a.hdDeleteDue));

  return (
    <section className="card" aria-labelledby="retention-title" data-testid="retention-panel">
      <h2 id="retention-title" className="card__title">
        {t('retention.title')}
      </h2>
      {overview.overdue && <Alert tone="info">{t('retention.overdue')}</Alert>}
      {error && (
        <Alert tone="error" onDismiss={() => setError(null)}>
          {tr.error(error)}
        </Alert>
      )}
      <ul className="retention-list">
        {jobs.map((job) => (
          <li key={job.jobId}>
            <strong>{job.schoolName}</strong> — {job.schoolYear}
            <div className="muted">
              {t('retention.dates', {
                close: tr.date(job.dates.galleryCloses),
                hd: tr.date(job.dates.hdFilesDeleted),
                books: tr.date(job.dates.bookkeepingDeleted),
              })}
            </div>
            {job.pending && (
              <div className={job.hdDeleteDue ? '' : 'muted'}>
                {job.hdDeleteDue ? t('retention.due') : ''}{' '}
                {t('retention.pending', {
                  originals: job.pending.originals,
                  sidecars: job.pending.sidecars,
                  backups: job.pending.complete ? String(job.pending.backups) : '?',
                  cache: job.pending.cache,
                  size: tr.bytes(job.pending.bytes),
                  galleries: job.pending.complete ? String(job.pending.platformGalleries) : '?',
                })}
              </div>
            )}
            {job.pending?.complete && (
              <button
                type="button"
                className="btn btn--secondary btn--small"
                disabled={busy}
                onClick={() => void purge(job.jobId, true)}
              >
                {t('retention.dryRun')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {report && (
        <div className="retention-report" data-testid="retention-report">
          <h3>{report.dryRun ? t('retention.dryRunTitle') : t('retention.doneTitle')}</h3>
          <p>{t('retention.reportFiles', { count: report.files.length, size: tr.bytes(report.bytes) })}</p>
          <ul className="mono retention-files">
            {report.files.map((f) => (
              <li key={f.path}>
                {t(`retention.location.${f.location}`)} — {f.path}
              </li>
            ))}
          </ul>
          {report.platform.map((p) => (
            <p key={`${p.platformUrl}${p.galleryRef}`}>
              {t('retention.platform', { url: p.platformUrl })} {p.note}
            </p>
          ))}
          {report.failures.map((f) => (
            <Alert key={f.path} tone="error">
              {f.path} : {f.reason}
            </Alert>
          ))}
          {report.dryRun && !confirming && (report.files.length > 0 || report.platform.length > 0) && (
            <button type="button" className="btn btn--primary" onClick={() => setConfirming(true)}>
              {t('retention.purge')}
            </button>
          )}
          {report.dryRun && confirming && (
            <div role="group" aria-label={t('retention.confirmTitle')}>
              <p>{t('retention.confirm')}</p>
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy}
                onClick={() => void purge(report.jobId, false)}
              >
                {t('retention.confirmYes')}
              </button>{' '}
              <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)}>
                {t('retention.cancel')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
