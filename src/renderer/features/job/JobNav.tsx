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
  { id: 'orders', label: 'job.nav.orders', ready: true },
  { id: 'production', label: 'job.nav.production', ready: true },
] as const satisfies readonly { id: string; label: MessageKey; ready: boolean }[];

export type JobSection = (typeof JOB_SECTIONS)[number]['id'];

/**
 * Alt+0 … Alt+9 go straight to a step: the digit is the step's number shown in the menu (0 for the
 * overview). Read from `code` so it works with any layout (AZERTY digits are shifted, macOS Option
 * types a symbol). Alt+digit is reserved neither by Electron nor by the app window the browser host
 * opens; Ctrl/Meta combinations are left to the browser.
 */
export function sectionForShortcut(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
}): JobSection | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
  if (!match) return null;
  return JOB_SECTIONS[Number(match[1])]?.id ?? null;
}

/** « Alt+6 » for the step at that index, as the cheat sheet and the menu's tooltips say it. */
export function shortcutOf(index: number): string {
  return `Alt+${index}`;
}

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
              aria-keyshortcuts={shortcutOf(index)}
              title={t('job.nav.shortcut', { keys: shortcutOf(index) })}
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
      <p className="job-nav__hint muted small">{t('job.nav.shortcutsHint')}</p>
    </nav>
  );
}
