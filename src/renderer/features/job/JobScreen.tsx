/** One open job: who and when, where it lives on disk, and its running work. Features hang off the left nav. */
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { useAppStore } from '../../stores/app-store';
import { useJobStore } from '../../stores/job-store';
import { RosterSection } from '../roster/RosterSection';
import { SchoolSetup } from '../school/SchoolSetup';
import { IngestScreen } from '../ingest/IngestScreen';
import { useIngestStore } from '../ingest/ingest-store';
import { NewCardBanner } from '../ingest/NewCardBanner';
import { JobNav, sectionForShortcut, type JobSection } from './JobNav';
import { AuditPanel } from '../gdpr/AuditPanel';
import { LabelingScreen } from '../labeling/LabelingScreen';
import { ProofingScreen } from '../proofing/ProofingScreen';
import { TasksPanel } from './TasksPanel';
import { FormsSection } from '../forms/FormsSection';
import { PublishSection } from '../publish/PublishSection';
import { ProductionPanel } from '../production/ProductionPanel';
import { OrdersSection } from '../orders/OrdersSection';

export function JobScreen({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const job = useJobStore((s) => s.job);
  const error = useJobStore((s) => s.error);
  const show = useJobStore((s) => s.show);
  const close = useJobStore((s) => s.close);
  const dismissError = useJobStore((s) => s.dismissError);
  const showHome = useAppStore((s) => s.showHome);
  const [closing, setClosing] = useState(false);
  const [section, setSection] = useState<JobSection>('overview');
  const [closeError, setCloseError] = useState<UiError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const setIngestSource = useIngestStore((s) => s.setSource);

  useEffect(() => {
    void show(jobId);
  }, [jobId, show]);

  const loaded = job?.id === jobId;

  // Alt+digit: straight to a step from anywhere on the job's screens, focus on its first heading.
  useEffect(() => {
    if (!loaded) return;
    const onKey = (event: KeyboardEvent) => {
      const target = sectionForShortcut(event);
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      setSection(target);
      requestAnimationFrame(() => {
        const heading = document.querySelector<HTMLElement>('.job-main h1, .job-main h2');
        if (!heading) return;
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus();
      });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [loaded]);
  useEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded]);

  const closeJob = async () => {
    setClosing(true);
    try {
      await close();
      showHome();
    } catch (e) {
      setCloseError(toUiError(e));
      setClosing(false);
    }
  };

  const dates = job?.shootDates.map((d) => tr.date(d)).join(', ') ?? '';

  return (
    <div className="job-screen">
      <div className="job-bar">
        <button type="button" className="btn btn--ghost btn--back" onClick={showHome}>
          <span aria-hidden="true">←</span> {t('job.back')}
        </button>
        {loaded && (
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => void closeJob()}
            disabled={closing}
          >
            {closing ? t('job.closing') : t('job.close')}
          </button>
        )}
      </div>
      <div className="job-layout">
        <JobNav current={section} onSelect={setSection} />
        <div
          className={
            section === 'labeling' || section === 'proofing' ? 'job-main job-main--wide' : 'job-main'
          }
        >
          {closeError && (
            <Alert tone="error" onDismiss={() => setCloseError(null)}>
              {tr.error(closeError)}
            </Alert>
          )}
          {error && (
            <Alert tone="error" {...(loaded ? { onDismiss: dismissError } : {})}>
              {tr.error(error)}
            </Alert>
          )}
          {error && !loaded && (
            <div>
              <button type="button" className="btn btn--primary" onClick={showHome}>
                {t('job.back')}
              </button>
            </div>
          )}
          {!loaded && !error && <p className="muted">{t('app.loading')}</p>}
          {loaded && (
            <NewCardBanner
              onImport={(path) => {
                setIngestSource(path);
                setSection('ingest');
              }}
            />
          )}
          {loaded && job && section === 'labeling' && <LabelingScreen jobId={jobId} />}
          {loaded && job && section === 'proofing' && <ProofingScreen jobId={jobId} />}
          {loaded && job && section !== 'labeling' && section !== 'proofing' && (
            <>
              <header className="job-head" aria-label={t('job.details')}>
                <p className="job-head__eyebrow">{t('job.schoolYear', { year: job.schoolYear })}</p>
                <h1 ref={headingRef} tabIndex={-1} className="page-title" data-testid="job-title">
                  {job.schoolName}
                </h1>
                <dl className="job-facts">
                  <div>
                    <dt>{t('job.town')}</dt>
                    <dd>{job.town || <span className="muted">{t('job.noTown')}</span>}</dd>
                  </div>
                  <div>
                    <dt>{t('job.yearLabel')}</dt>
                    <dd>{job.schoolYear}</dd>
                  </div>
                  <div>
                    <dt>{t('job.datesLabel')}</dt>
                    <dd data-testid="job-dates">
                      {dates || <span className="muted">{t('job.noShootDate')}</span>}
                    </dd>
                  </div>
                  <div className="job-facts__wide">
                    <dt>{t('job.folder')}</dt>
                    <dd className="mono" data-testid="job-path">
                      {job.path}
                    </dd>
                  </div>
                </dl>
                <p className="job-head__created muted">
                  {t('job.createdAt', { date: tr.date(job.createdAt) })}
                </p>
              </header>
              {section === 'overview' && (
                <>
                  <TasksPanel />
                  <AuditPanel jobId={job.id} />
                </>
              )}
              {section === 'school' && <SchoolSetup jobId={job.id} />}
              {section === 'roster' && <RosterSection jobId={job.id} />}
              {section === 'ingest' && <IngestScreen jobId={job.id} />}
              {section === 'order-forms' && <FormsSection jobId={job.id} />}
              {section === 'publishing' && <PublishSection jobId={job.id} />}
              {section === 'orders' && <OrdersSection jobId={job.id} />}
              {section === 'production' && (
                <ProductionPanel jobId={job.id} onOpenOrders={() => setSection('order-forms')} />
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
