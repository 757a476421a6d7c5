/**
 * The recent jobs, most recent first. A job whose folder is gone (unplugged drive…) stays listed,
 * greyed, with the reason: it is never removed behind the user's back.
 */
import { useState } from 'react';
import type { RecentJob } from '../../../shared/domain/job';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { useJobsStore } from '../../stores/jobs-store';

export function RecentJobs({ onOpened }: { onOpened: (jobId: string) => void }) {
  const tr = useT();
  const { t } = tr;
  const recent = useJobsStore((s) => s.recent);
  const listError = useJobsStore((s) => s.error);
  const open = useJobsStore((s) => s.open);
  const forget = useJobsStore((s) => s.forget);
  const [opening, setOpening] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ path: string; error: UiError } | null>(null);

  const openJob = async (job: RecentJob) => {
    setOpening(job.path);
    setFailure(null);
    try {
      const summary = await open(job.path);
      onOpened(summary.id);
    } catch (error) {
      setFailure({ path: job.path, error: toUiError(error) });
    } finally {
      setOpening(null);
    }
  };

  if (recent === null) {
    return listError ? (
      <Alert tone="error">{tr.error(listError)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  }
  if (recent.length === 0) return <p className="empty-state">{t('home.recent.empty')}</p>;

  return (
    <ul className="job-list" aria-label={t('home.recent')}>
      {recent.map((job) => {
        const dates = job.shootDates.map((d) => tr.date(d)).join(', ');
        const busy = opening === job.path;
        return (
          <li
            key={job.path}
            className={`job-item${job.available ? '' : ' job-item--unavailable'}`}
            data-testid="recent-job"
          >
            <div className="job-item__main">
              <div className="job-item__heading">
                <h3 className="job-item__school">{job.schoolName}</h3>
                {!job.available && (
                  <span className="tag tag--warning">{t('home.recent.unavailableTag')}</span>
                )}
                <span className="job-item__opened">
                  {t('home.recent.lastOpened', { date: tr.date(job.lastOpenedAt) })}
                </span>
              </div>
              <p className="job-item__meta">
                {job.town && <span>{job.town}</span>}
                <span>{job.schoolYear}</span>
                <span>{dates ? t('job.shootDates', { dates }) : t('job.noShootDate')}</span>
              </p>
              <p className="job-item__path" title={job.path}>
                {job.path}
              </p>
              {!job.available && <p className="job-item__reason">{t('home.recent.unavailable')}</p>}
              {failure?.path === job.path && (
                <Alert tone="error" onDismiss={() => setFailure(null)}>
                  {tr.error(failure.error)}
                </Alert>
              )}
            </div>
            <div className="job-item__actions">
              <button
                type="button"
                className="btn btn--primary btn--small"
                onClick={() => void openJob(job)}
                disabled={!job.available || opening !== null}
                aria-busy={busy}
                aria-label={t('home.recent.open.label', { school: job.schoolName, year: job.schoolYear })}
              >
                {busy ? t('home.recent.opening') : t('home.recent.open')}
              </button>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => void forget(job.path)}
                disabled={opening !== null}
                aria-label={t('home.recent.forget.label', { school: job.schoolName, year: job.schoolYear })}
              >
                {t('home.recent.forget')}
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
