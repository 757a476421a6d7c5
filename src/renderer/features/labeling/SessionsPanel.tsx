/**
 * The left column of the labeling screen: the split thresholds (changed live, with their effect
 * shown), the sessions with their class picker (keyboard) — each session can also be dragged onto a
 * class of the class list — the "à trier" pile, and the switch to the whole-shoot view.
 */
import { useState, type DragEvent } from 'react';
import type { SessionList } from '../../../shared/domain/labeling';
import type { SchoolClass } from '../../../shared/domain/roster';
import type { Thresholds } from '../../../shared/domain/sessions';
import { useT } from '../../i18n/use-t';
import { ASIDE_ID, type LabelingView } from './labeling-store';

/** Drag data type of a session: only this screen's drops accept it. */
const SESSION_MIME = 'application/x-preau-session';

function counts(list: SessionList) {
  return {
    sessions: list.sessions.length,
    subjects: list.sessions.reduce((n, s) => n + s.subjects.length, 0),
  };
}

export function SessionsPanel({
  list,
  classes,
  sessionId,
  view,
  asideClassId,
  onThresholds,
  onSelect,
  onAssign,
  onView,
}: {
  list: SessionList;
  classes: SchoolClass[];
  sessionId: string | null;
  view: LabelingView;
  asideClassId: string | null;
  onThresholds: (t: Thresholds) => void;
  onSelect: (id: string) => void;
  onAssign: (sessionId: string, classId: string | null) => void;
  onView: (view: LabelingView) => void;
}) {
  const { t } = useT();
  const thresholds = list.thresholds;
  const now = counts(list);
  // What the split gave when the screen opened: the effect of a threshold change is shown against it.
  const [before] = useState(now);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const setGap = (key: 'sessionGapSeconds' | 'subjectGapSeconds', value: string) => {
    const n = Number(value);
    if (value !== '' && Number.isFinite(n) && n >= (key === 'sessionGapSeconds' ? 1 : 0))
      onThresholds({ ...thresholds, [key]: n });
  };
  const delta = (n: number) => (n > 0 ? `+${n}` : String(n));
  const changed = now.sessions !== before.sessions || now.subjects !== before.subjects;

  const dropProps = (classId: string | null) => ({
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(SESSION_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setDropTarget(classId ?? '');
    },
    onDragLeave: () => setDropTarget(null),
    onDrop: (e: DragEvent) => {
      const id = e.dataTransfer.getData(SESSION_MIME);
      setDropTarget(null);
      if (!id) return;
      e.preventDefault();
      onAssign(id, classId);
    },
  });

  return (
    <aside className="labeling__sessions card" aria-labelledby="sessions-title">
      <div className="view-switch" role="group" aria-label={t('labeling.view')}>
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={view === 'session'}
          onClick={() => onView('session')}
        >
          {t('labeling.view.session')}
        </button>
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={view === 'all'}
          onClick={() => onView('all')}
        >
          {t('labeling.view.all')}
        </button>
      </div>
      <fieldset className="labeling__thresholds">
        <legend>{t('labeling.thresholds')}</legend>
        <label>
          {t('labeling.sessionGap')}
          <input
            type="number"
            min={1}
            value={thresholds.sessionGapSeconds}
            onChange={(e) => setGap('sessionGapSeconds', e.target.value)}
          />
        </label>
        <label>
          {t('labeling.subjectGap')}
          <input
            type="number"
            min={0}
            step={0.5}
            value={thresholds.subjectGapSeconds}
            onChange={(e) => setGap('subjectGapSeconds', e.target.value)}
          />
        </label>
        <p className="labeling__effect" aria-live="polite" data-testid="threshold-effect">
          {t('labeling.effect', { sessions: now.sessions, subjects: now.subjects })}
          {changed && (
            <span className="labeling__effect-delta">
              {' '}
              {t('labeling.effect.delta', {
                sessions: delta(now.sessions - before.sessions),
                subjects: delta(now.subjects - before.subjects),
              })}
            </span>
          )}
        </p>
      </fieldset>
      <h2 id="sessions-title" className="card__title">
        {t('labeling.sessions')}
      </h2>
      {list.sessions.length === 0 && list.aside.length === 0 && (
        <p className="muted">{t('labeling.empty')}</p>
      )}
      <ol className="session-list">
        {list.sessions.map((s) => (
          <li
            key={s.id}
            className={
              s.id === sessionId && view === 'session'
                ? 'session-list__item session-list__item--current'
                : 'session-list__item'
            }
            draggable
            data-testid="session-item"
            title={t('labeling.session.drag')}
            onDragStart={(e) => {
              e.dataTransfer.setData(SESSION_MIME, s.id);
              e.dataTransfer.setData('text/plain', t('labeling.session', { number: s.number }));
              e.dataTransfer.effectAllowed = 'move';
            }}
          >
            <button type="button" className="session-list__select" onClick={() => onSelect(s.id)}>
              <strong>
                <span className="session-list__grip" aria-hidden="true">
                  ⠿
                </span>{' '}
                {t('labeling.session', { number: s.number })}
              </strong>
              <span className="muted">
                {t('labeling.sessionFacts', {
                  start: s.startAt.slice(11, 16),
                  end: s.endAt.slice(11, 16),
                  photos: s.photoCount,
                  subjects: s.subjects.length,
                })}
              </span>
            </button>
            <select
              aria-label={t('labeling.classPicker', { number: s.number })}
              value={s.classId ?? ''}
              onChange={(e) => onAssign(s.id, e.target.value || null)}
            >
              <option value="">{t('labeling.noClass')}</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </li>
        ))}
        {list.aside.length > 0 && (
          <li
            className={
              sessionId === ASIDE_ID && view === 'session'
                ? 'session-list__item session-list__item--aside session-list__item--current'
                : 'session-list__item session-list__item--aside'
            }
          >
            <button
              type="button"
              className="session-list__select"
              onClick={() => onSelect(ASIDE_ID)}
              data-testid="aside-pile"
            >
              <strong>{t('labeling.aside.title')}</strong>
              <span>{t('labeling.aside', { count: list.aside.length })}</span>
            </button>
            <select
              aria-label={t('labeling.aside.classPicker')}
              value={asideClassId ?? ''}
              onChange={(e) => onAssign(ASIDE_ID, e.target.value || null)}
            >
              <option value="">{t('labeling.aside.allClasses')}</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </li>
        )}
      </ol>
      {classes.length > 0 && list.sessions.length > 0 && (
        <section className="class-drop" aria-labelledby="class-drop-title">
          <h3 id="class-drop-title" className="class-drop__title">
            {t('labeling.classes.drop')}
          </h3>
          <ul className="class-drop__list">
            {classes.map((c) => {
              const numbers = list.sessions.filter((s) => s.classId === c.id).map((s) => s.number);
              return (
                <li
                  key={c.id}
                  className={`class-drop__item${dropTarget === c.id ? ' class-drop__item--over' : ''}`}
                  data-testid="class-drop"
                  data-class={c.id}
                  {...dropProps(c.id)}
                >
                  <strong>{c.label}</strong>
                  <span className="muted">
                    {numbers.length === 0
                      ? t('labeling.classes.none')
                      : t('labeling.classes.sessions', {
                          numbers: numbers.join(', '),
                          count: numbers.length,
                        })}
                  </span>
                </li>
              );
            })}
            <li
              className={`class-drop__item class-drop__item--none${dropTarget === '' ? ' class-drop__item--over' : ''}`}
              data-testid="class-drop"
              data-class=""
              {...dropProps(null)}
            >
              {t('labeling.classes.unassign')}
            </li>
          </ul>
        </section>
      )}
    </aside>
  );
}
