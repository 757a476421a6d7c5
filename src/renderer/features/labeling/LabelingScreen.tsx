/**
 * Sorting a shoot by class and labeling every photo by hand, keyboard first. Sessions come from
 * capture times (thresholds adjustable live); a person assigns each session to a class, then walks
 * the bursts in sequence mode: Enter accepts the next student in roster order, typing finds
 * another, "-" skips an absent one. No image content is analysed anywhere.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PhotoMark } from '../../../shared/domain/labeling';
import { searchStudents } from '../../../shared/domain/student-search';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { rpc } from '../../rpc/client';
import { BurstGrid, studentName } from './BurstGrid';
import { ChecksPanel } from './ChecksPanel';
import { currentSession, proposedStudent, useLabelingStore } from './labeling-store';
import { mediaUrl } from './media-url';
import { ShortcutSheet } from './ShortcutSheet';

const MARK_KEYS: Record<string, PhotoMark | null> = {
  '1': 'class',
  '2': 'staff',
  '3': 'sibling',
  '4': 'rejected',
  '0': null,
};

export function LabelingScreen({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const store = useLabelingStore();
  const { list, labels, students, classes, checks, cursor, error } = store;
  const session = currentSession(store);
  const proposal = proposedStudent(store);
  const [query, setQuery] = useState<string | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [loupe, setLoupe] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const workspaceRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useLabelingStore.getState().load(jobId);
    // Other windows' changes (and this window's, confirmed by the core) come back as events.
    return rpc.on('data.changed', (e) => {
      if (e.jobId !== jobId) return;
      const s = useLabelingStore.getState();
      if (e.entity === 'labels') void s.refreshLabels().then(() => s.refreshChecks());
      if (e.entity === 'sessions' || e.entity === 'photos' || e.entity === 'cameras')
        void s.refreshSessions().then(() => s.refreshChecks());
      if (e.entity === 'students' || e.entity === 'classes') void s.load(jobId);
    });
  }, [jobId]);

  const studentsById = new Map(students.map((s) => [s.id, s]));
  const classId = session?.classId ?? null;
  const classStudents = students
    .filter((s) => !s.archived && (!classId || s.classId === classId))
    .sort((a, b) => a.rosterOrder - b.rosterOrder);
  const matches = query === null ? [] : searchStudents(classStudents, query).slice(0, 8);

  const subject = session?.subjects[cursor];
  const focusWorkspace = () => workspaceRef.current?.focus();

  const closePicker = () => {
    setQuery(null);
    setHighlight(0);
    focusWorkspace();
  };

  const onWorkspaceKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const s = useLabelingStore.getState();
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      void (e.shiftKey ? s.redo() : s.undo());
      return;
    }
    if (ctrl && e.key.toLowerCase() === 'j') {
      e.preventDefault();
      void s.mergeWithPrevious();
      return;
    }
    if (ctrl || e.altKey) return;
    const sessions = s.list?.sessions ?? [];
    const index = sessions.findIndex((x) => x.id === s.sessionId);
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        if (proposal) void s.labelCurrent([proposal.id]);
        return;
      case '-':
        e.preventDefault();
        s.skipStudent();
        return;
      case 'ArrowRight':
      case 'ArrowDown':
        e.preventDefault();
        s.moveCursor(1);
        return;
      case 'ArrowLeft':
      case 'ArrowUp':
        e.preventDefault();
        s.moveCursor(-1);
        return;
      case 'PageDown':
      case 'PageUp': {
        e.preventDefault();
        const next = sessions[index + (e.key === 'PageDown' ? 1 : -1)];
        if (next) s.selectSession(next.id);
        return;
      }
      case ' ':
        e.preventDefault();
        if (subject) setLoupe(0);
        return;
      case '?':
        e.preventDefault();
        setHelp(true);
        return;
      default:
    }
    if (e.key in MARK_KEYS) {
      e.preventDefault();
      void s.markCurrent(MARK_KEYS[e.key] ?? null);
      return;
    }
    if (e.key.length === 1 && /\p{L}/u.test(e.key)) {
      e.preventDefault();
      // Keys typed before the search field has taken the focus belong to the same name.
      setQuery((q) => (q ?? '') + e.key);
      setHighlight(0);
    }
  };

  const pickerOpen = query !== null;
  useEffect(() => {
    if (pickerOpen) pickerRef.current?.focus();
  }, [pickerOpen]);

  const onPickerKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closePicker();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setHighlight((h) => Math.min(h + 1, Math.max(0, matches.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setHighlight((h) => Math.max(h - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = matches[highlight];
      if (chosen) void useLabelingStore.getState().labelCurrent([chosen.id]);
      closePicker();
    }
  };

  const photos = subject?.photoIds ?? [];
  const onLoupeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape' || e.key === ' ') {
      e.preventDefault();
      setLoupe(null);
      focusWorkspace();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      setLoupe((i) => Math.min((i ?? 0) + 1, photos.length - 1));
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      setLoupe((i) => Math.max((i ?? 0) - 1, 0));
    }
  };

  const loaded = list !== null;
  const loupeOpen = loupe !== null;
  useEffect(() => {
    if (loaded && !help && !loupeOpen && !pickerOpen) workspaceRef.current?.focus();
  }, [loaded, help, loupeOpen, pickerOpen]);

  if (!list) return <p className="muted">{t('app.loading')}</p>;

  const thresholds = list.thresholds;
  const setGap = (key: 'sessionGapSeconds' | 'subjectGapSeconds', value: string) => {
    const n = Number(value);
    if (Number.isFinite(n) && n >= (key === 'sessionGapSeconds' ? 1 : 0))
      void store.setThresholds({ ...thresholds, [key]: n });
  };

  return (
    <div className="labeling">
      <h1 className="page-title">{t('labeling.title')}</h1>
      {error && (
        <Alert tone="error" onDismiss={store.dismissError}>
          {tr.error(error)}
        </Alert>
      )}
      <div className="labeling__layout">
        <aside className="labeling__sessions card" aria-labelledby="sessions-title">
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
          </fieldset>
          <h2 id="sessions-title" className="card__title">
            {t('labeling.sessions')}
          </h2>
          {list.sessions.length === 0 && <p className="muted">{t('labeling.empty')}</p>}
          <ol className="session-list">
            {list.sessions.map((s) => (
              <li
                key={s.id}
                className={
                  s.id === store.sessionId
                    ? 'session-list__item session-list__item--current'
                    : 'session-list__item'
                }
              >
                <button
                  type="button"
                  className="session-list__select"
                  onClick={() => store.selectSession(s.id)}
                >
                  <strong>{t('labeling.session', { number: s.number })}</strong>
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
                  onChange={(e) => void store.assignClass(s.id, e.target.value || null)}
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
          </ol>
          {list.aside.length > 0 && (
            <p className="labeling__aside">{t('labeling.aside', { count: list.aside.length })}</p>
          )}
        </aside>

        <section
          ref={workspaceRef}
          className="labeling__workspace"
          tabIndex={0}
          onKeyDown={onWorkspaceKey}
          aria-label={t('labeling.grid')}
          data-testid="labeling-workspace"
        >
          {!session ? (
            <p className="muted">{t('labeling.noSession')}</p>
          ) : (
            <>
              <div className="sequence-bar" aria-live="polite">
                <span className="sequence-bar__burst">
                  {t('labeling.burst', { index: cursor + 1, total: session.subjects.length })}
                </span>
                <span className="sequence-bar__proposal" data-testid="proposal">
                  {!session.classId
                    ? t('labeling.proposal.noClass')
                    : proposal
                      ? t('labeling.proposal', { name: studentName(proposal) })
                      : t('labeling.proposal.none')}
                </span>
                <span className="muted sequence-bar__hint">{t('labeling.proposal.hint')}</span>
                <span className="sequence-bar__actions">
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => void store.undo()}
                  >
                    {t('labeling.undo')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => void store.redo()}
                  >
                    {t('labeling.redo')}
                  </button>
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => setHelp(true)}>
                    {t('labeling.help')}
                  </button>
                </span>
              </div>
              {query !== null && (
                <div className="student-picker">
                  <input
                    ref={pickerRef}
                    type="search"
                    role="combobox"
                    aria-expanded="true"
                    aria-controls="student-picker-list"
                    aria-label={t('labeling.picker')}
                    value={query}
                    onChange={(e) => {
                      setQuery(e.target.value);
                      setHighlight(0);
                    }}
                    onKeyDown={onPickerKey}
                    onBlur={() => setQuery(null)}
                  />
                  <ul id="student-picker-list" role="listbox" className="student-picker__list">
                    {matches.length === 0 && <li className="muted">{t('labeling.picker.none')}</li>}
                    {matches.map((s, i) => (
                      <li key={s.id} role="option" aria-selected={i === highlight}>
                        {studentName(s)}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <BurstGrid
                jobId={jobId}
                session={session}
                cursor={cursor}
                labels={labels}
                studentsById={studentsById}
                onPick={(i) => {
                  store.setCursor(i);
                  focusWorkspace();
                }}
              />
            </>
          )}
        </section>

        <ChecksPanel checks={checks} studentsById={studentsById} classes={classes} />
      </div>

      {loupe !== null && photos[loupe] && (
        <div
          className="overlay loupe"
          role="dialog"
          aria-modal="true"
          aria-label={t('labeling.loupe', { index: loupe + 1, total: photos.length })}
          tabIndex={-1}
          ref={(el) => el?.focus()}
          onKeyDown={onLoupeKey}
        >
          <img src={mediaUrl(jobId, 'preview', photos[loupe])} alt="" />
          <p>
            {t('labeling.loupe', { index: loupe + 1, total: photos.length })} ·{' '}
            {(labels[photos[loupe]]?.studentIds ?? [])
              .map((id) => {
                const s = studentsById.get(id);
                return s ? studentName(s) : id;
              })
              .join(', ')}
          </p>
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => {
              setLoupe(null);
              focusWorkspace();
            }}
          >
            {t('labeling.loupe.close')}
          </button>
        </div>
      )}
      {help && (
        <ShortcutSheet
          onClose={() => {
            setHelp(false);
          }}
        />
      )}
    </div>
  );
}
