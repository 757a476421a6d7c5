/**
 * The job's sections, in the order of a shoot. Sections not built yet are shown, disabled and marked
 * "bientôt", so the shape of the work is visible from day one.
 */
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../i18n/use-t';

export const JOB_SECTIONS = [
  { id: 'overview', label: 'job.nav.overview', ready: true },
  { id: 'school', label: 'job.nav.school', ready: true },
  { id: 'roster', label: 'job.nav.roster', ready: true },
  { id: 'ingest', label: 'job.nav.ingest', ready: true },
  { id: 'labeling', label: 'job.nav.labeling', ready: true },
  { id: 'proofing', label: 'job.nav.proofing', ready: true },
  { id: 'order-forms', label: 'job.nav.orderForms', ready: true },
  { id: 'publishing', label: 'job.nav.publishing', ready: true },
  { id: 'production', label: 'job.nav.production', ready: true },
] as const satisfies readonly { id: string; label: MessageKey; ready: boolean }[];

export type JobSection = (typeof JOB_SECTIONS)[number]['id'];

export function JobNav({
  current,
  onSelect,
}: {
  current: JobSection;
  onSelect: (section: JobSection) => void;
}) {
  const { t } = useT();
  return (
    <nav className="job-nav" aria-label={t('job.nav.label')}>
      <ol className="job-nav__list">
        {JOB_SECTIONS.map((section, index) => (
          <li key={section.id}>
            <button
              type="button"
              className="job-nav__item"
              aria-current={section.id === current ? 'page' : undefined}
              disabled={!section.ready}
              onClick={() => onSelect(section.id)}
            >
              <span className="job-nav__step" aria-hidden="true">
                {index === 0 ? '◉' : index}
              </span>
              <span className="job-nav__text">
                <span className="job-nav__label">{t(section.label)}</span>
                {!section.ready && <span className="job-nav__soon">{t('job.nav.soon')}</span>}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
