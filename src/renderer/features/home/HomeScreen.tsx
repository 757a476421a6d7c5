/** Home ("Reportages"): the recent jobs on the left, a new one on the right. */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../stores/app-store';
import { useJobsStore } from '../../stores/jobs-store';
import { AboutPanel } from '../gdpr/AboutPanel';
import { RetentionPanel } from '../gdpr/RetentionPanel';
import { NewJobForm } from './NewJobForm';
import { OpenFolderPanel } from './OpenFolderPanel';
import { RecentJobs } from './RecentJobs';

export function HomeScreen() {
  const { t } = useT();
  const showJob = useAppStore((s) => s.showJob);
  const count = useJobsStore((s) => s.recent?.length ?? 0);
  const refresh = useJobsStore((s) => s.refresh);
  const [openingOther, setOpeningOther] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openOtherRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void refresh();
    headingRef.current?.focus();
  }, [refresh]);

  return (
    <div className="home">
      <div className="page-head">
        <div>
          <h1 ref={headingRef} tabIndex={-1} className="page-title">
            {t('home.title')}
          </h1>
          <p className="page-subtitle">{t('app.tagline')}</p>
        </div>
      </div>
      <div className="home__columns">
        <section className="card home__recent" aria-labelledby="recent-title">
          <div className="card__head">
            <h2 id="recent-title" className="card__title">
              {t('home.recent')}
              {count > 0 && <span className="count-badge">{count}</span>}
            </h2>
            {!openingOther && (
              <button
                ref={openOtherRef}
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => setOpeningOther(true)}
              >
                {t('home.openOther')}
              </button>
            )}
          </div>
          {openingOther && (
            <OpenFolderPanel
              onOpened={showJob}
              onCancel={() => {
                setOpeningOther(false);
                requestAnimationFrame(() => openOtherRef.current?.focus());
              }}
            />
          )}
          <RecentJobs onOpened={showJob} />
        </section>
        <aside className="home__create">
          <NewJobForm onCreated={showJob} />
        </aside>
      </div>
      <RetentionPanel />
      <AboutPanel />
    </div>
  );
}
