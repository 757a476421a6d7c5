/** Every shortcut of the labeling screen, on screen (opened with "?"): nothing is hidden knowledge. */
import { useEffect, useRef } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../i18n/use-t';
import { JOB_SECTIONS } from '../job/JobNav';

export const SHORTCUTS: readonly { keys: string; label: MessageKey }[] = [
  { keys: 'Entrée', label: 'labeling.key.enter' },
  { keys: 'a…z', label: 'labeling.key.type' },
  { keys: '-', label: 'labeling.key.skip' },
  { keys: '← →', label: 'labeling.key.arrows' },
  { keys: 'Début Fin', label: 'labeling.key.ends' },
  { keys: 'Ctrl+← Ctrl+→', label: 'labeling.key.photo' },
  { keys: 'Maj+← Maj+→', label: 'labeling.key.extend' },
  { keys: 'Ctrl+A', label: 'labeling.key.selectBurst' },
  { keys: 'Échap', label: 'labeling.key.escape' },
  { keys: 'Clic', label: 'labeling.key.click' },
  { keys: 'Pg↑ Pg↓', label: 'labeling.key.sessions' },
  { keys: 'Espace', label: 'labeling.key.loupe' },
  { keys: '1 2 3 4 0', label: 'labeling.key.marks' },
  { keys: 'Suppr', label: 'labeling.key.remove' },
  { keys: 'Ctrl+K', label: 'labeling.key.cutBurst' },
  { keys: 'Ctrl+J', label: 'labeling.key.merge' },
  { keys: 'Ctrl+Alt+K', label: 'labeling.key.cutSession' },
  { keys: 'Ctrl+Alt+J', label: 'labeling.key.joinSession' },
  { keys: 'Glisser', label: 'labeling.key.drag' },
  { keys: 'Ctrl+G', label: 'labeling.key.allView' },
  { keys: 'Ctrl+Z / Ctrl+Maj+Z', label: 'labeling.key.undo' },
  { keys: '?', label: 'labeling.key.help' },
  { keys: `Alt+0 … Alt+${JOB_SECTIONS.length - 1}`, label: 'job.nav.shortcutsKey' },
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="shortcuts-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === '?') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="card shortcut-sheet">
        <h2 id="shortcuts-title" className="card__title">
          {t('labeling.shortcuts')}
        </h2>
        <dl className="shortcut-sheet__list">
          {SHORTCUTS.map((s) => (
            <div key={s.keys}>
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <button ref={closeRef} type="button" className="btn btn--secondary" onClick={onClose}>
          {t('labeling.shortcuts.close')}
        </button>
      </div>
    </div>
  );
}
