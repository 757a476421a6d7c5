/** Home ("Reportages"): the recent jobs on the left, a new one on the right. */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/use-t';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { useMenuStore } from '../../stores/menu-store';
import { useJobsStore } from '../../stores/jobs-store';
import { AboutPanel } from '../gdpr/AboutPanel';
import { RetentionPanel } from '../gdpr/RetentionPanel';
import { PlatformPanel } from '../settings/PlatformPanel';
import { NewJobForm } from './NewJobForm';
import { OpenFolderPanel } from './OpenFolderPanel';
import { RecentJobs } from './RecentJobs';

export function HomeScreen() {
  const { t } = useT();
  const showJob = useAppStore((s) => s.showJob);
  const count = useJobsStore((s) => s.recent?.length ?? 0);
  const refresh = useJobsStore((s) => s.refresh);
  // A menu command chosen on another screen is taken once, when this screen mounts.
  const [initialCommand] = useState(() => useMenuStore.getState().take());
  const [openingOther, setOpeningOther] = useState(initialCommand === 'job.open');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openOtherRef = useRef<HTMLButtonElement>(null);
  const createRef = useRef<HTMLElement>(null);

  const focusNewJob = () => createRef.current?.querySelector<HTMLInputElement>('input')?.focus();

  useEffect(() => {
    void refresh();
    // The "Ouvrir un autre dossier…" panel focuses its own field.
    if (initialCommand === 'job.new') focusNewJob();
    else if (initialCommand !== 'job.open') headingRef.current?.focus();
  }, [refresh, initialCommand]);

  useEffect(
    () =>
      rpc.on('menu.selected', ({ command }) => {
        if (command === 'job.open') setOpeningOther(true);
        else focusNewJob();
      }),
    [],
  );

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
        <aside className="home__create" ref={createRef}>
          <NewJobForm onCreated={showJob} />
        </aside>
      </div>
      <RetentionPanel />
      <PlatformPanel />
      <AboutPanel />
    </div>
  );
}
