/** Every shortcut of the labeling screen, on screen (opened with "?"): nothing is hidden knowledge. */
import { useEffect, useRef } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import { useT, type Translator } from '../../i18n/use-t';
import { JOB_SECTIONS } from '../job/JobNav';

/** Every shortcut of the screen; key names that are words (Entrée, Maj) follow the language. */
export const SHORTCUTS: readonly { keys: (tr: Translator) => string; label: MessageKey }[] = [
  { keys: (tr) => tr.t('keyName.enter'), label: 'labeling.key.enter' },
  { keys: () => 'a…z', label: 'labeling.key.type' },
  { keys: () => '-', label: 'labeling.key.skip' },
  { keys: () => '← →', label: 'labeling.key.arrows' },
  { keys: (tr) => `${tr.t('keyName.home')} ${tr.t('keyName.end')}`, label: 'labeling.key.ends' },
  { keys: () => 'Ctrl+← Ctrl+→', label: 'labeling.key.photo' },
  { keys: (tr) => `${tr.t('keyName.shift')}+← ${tr.t('keyName.shift')}+→`, label: 'labeling.key.extend' },
  { keys: () => 'Ctrl+A', label: 'labeling.key.selectBurst' },
  { keys: (tr) => tr.t('keyName.escape'), label: 'labeling.key.escape' },
  { keys: (tr) => tr.t('keyName.click'), label: 'labeling.key.click' },
  { keys: () => 'Pg↑ Pg↓', label: 'labeling.key.sessions' },
  { keys: (tr) => tr.t('keyName.space'), label: 'labeling.key.loupe' },
  { keys: () => '1 2 3 4 0', label: 'labeling.key.marks' },
  { keys: (tr) => tr.t('keyName.delete'), label: 'labeling.key.remove' },
  { keys: () => 'Ctrl+K', label: 'labeling.key.cutBurst' },
  { keys: () => 'Ctrl+J', label: 'labeling.key.merge' },
  { keys: () => 'Ctrl+Alt+K', label: 'labeling.key.cutSession' },
  { keys: () => 'Ctrl+Alt+J', label: 'labeling.key.joinSession' },
  { keys: (tr) => tr.t('keyName.drag'), label: 'labeling.key.drag' },
  { keys: () => 'Ctrl+G', label: 'labeling.key.allView' },
  { keys: (tr) => `Ctrl+Z / Ctrl+${tr.t('keyName.shift')}+Z`, label: 'labeling.key.undo' },
  { keys: () => '?', label: 'labeling.key.help' },
  { keys: () => `Alt+0 … Alt+${JOB_SECTIONS.length - 1}`, label: 'job.nav.shortcutsKey' },
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const tr = useT();
  const { t } = tr;
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
            <div key={s.label}>
              <dt>
                <kbd>{s.keys(tr)}</kbd>
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
