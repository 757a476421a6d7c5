/**
 * Sorting a shoot by class and labeling every photo by hand, keyboard first. Sessions come from
 * capture times (thresholds adjustable live); a person assigns each session to a class (picker,
 * keyboard or drag and drop), splits or joins sessions and bursts at any photo, then walks the
 * bursts in sequence mode: Enter accepts the next student in roster order (from the child just
 * labeled; never a child whose consent forbids the photo, and a pending consent is shown), typing
 * finds another — a forbidden one only after a confirmation that says why — "-" marks one absent. Labels and marks go to the selected photos, or to the whole burst. The
 * "à trier" pile and the whole shoot have their own views. No image content is analysed anywhere.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { labelingConsent, type ConsentUse } from '../../../shared/domain/consent';
import type { PhotoMark } from '../../../shared/domain/labeling';
import type { Student } from '../../../shared/domain/roster';
import { searchStudents } from '../../../shared/domain/student-search';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { TasksPanel } from '../job/TasksPanel';
import { BurstGrid, studentName, useGridContext } from './BurstGrid';
import { CardsPanel, useCardReview } from './CardsPanel';
import { ChecksPanel } from './ChecksPanel';
import { ConsentConfirm } from './ConsentConfirm';
import { JobGrid } from './JobGrid';
import {
  ASIDE_ID,
  consentForTargets,
  currentSession,
  isCardBurst,
  proposedStudent,
  scopeClassId,
  useLabelingStore,
} from './labeling-store';
import { Loupe } from './Loupe';
import { SessionsPanel } from './SessionsPanel';
import { ShortcutSheet } from './ShortcutSheet';
import { useDataChanged } from '../../hooks/use-data-changed';

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
  // Only what the screen shows: the in-flight counter and other bookkeeping never re-render it.
  const store = useLabelingStore(
    useShallow((s) => ({
      list: s.list,
      labels: s.labels,
      students: s.students,
      classes: s.classes,
      checks: s.checks,
      cursor: s.cursor,
      error: s.error,
      selection: s.selection,
      view: s.view,
      absent: s.absent,
      notice: s.notice,
      sessionId: s.sessionId,
      asideClassId: s.asideClassId,
      focusId: s.focusId,
    })),
  );
  const actions = useLabelingStore.getState();
  const { list, labels, students, classes, checks, cursor, error, selection, view, absent, notice } = store;
  const session = currentSession(store);
  const classId = scopeClassId(store);
  const [query, setQuery] = useState<string | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [loupe, setLoupe] = useState(false);
  const [help, setHelp] = useState(false);
  /** A child whose consent forbids the photo, chosen by search: labeled only once confirmed. */
  const [confirming, setConfirming] = useState<{ student: Student; use: ConsentUse } | null>(null);
  const workspaceRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const inPile = store.sessionId === ASIDE_ID;
  const cards = useCardReview(jobId);
  const cardPhotoIds = cards.review?.cardPhotoIds;
  const cardFrames = useMemo(() => new Set(cardPhotoIds ?? []), [cardPhotoIds]);
  const cardBurst = isCardBurst(store, cardFrames);
  const proposal = cardBurst ? null : proposedStudent(store);
  const context = useGridContext(
    jobId,
    students,
    classes,
    inPile ? null : classId,
    inPile || view === 'all',
    cardFrames,
  );

  useEffect(() => {
    void useLabelingStore.getState().load(jobId);
  }, [jobId]);
  // Other windows' changes (and this window's, confirmed by the core) come back as notices.
  useDataChanged(
    ['labels', 'sessions', 'photos', 'cameras', 'students', 'classes', 'consent'],
    jobId,
    ({ entity }) => {
      const s = useLabelingStore.getState();
      if (entity === 'labels')
        void Promise.all([s.refreshLabels(), s.refreshAbsent()]).then(() => s.refreshChecks());
      if (entity === 'sessions' || entity === 'photos' || entity === 'cameras')
        void Promise.all([s.refreshSessions(), s.refreshAbsent()]).then(() => s.refreshChecks());
      // A consent recorded or withdrawn elsewhere changes who may be proposed: students reload.
      if (entity === 'students' || entity === 'classes' || entity === 'consent') void s.load(jobId);
    },
  );

  const studentsById = context.studentsById;
  const classStudents = useMemo(
    () =>
      students
        .filter((s) => !s.archived && (!classId || s.classId === classId))
        .sort((a, b) => a.rosterOrder - b.rosterOrder),
    [students, classId],
  );
  const matches = query === null ? [] : searchStudents(classStudents, query).slice(0, 8);

  const subject = session?.subjects[cursor];
  const focusId =
    subject && store.focusId !== null && subject.photoIds.includes(store.focusId)
      ? store.focusId
      : (subject?.photoIds[0] ?? null);
  const focusWorkspace = () => workspaceRef.current?.focus();

  /** Labels the targets with a student, asking first when their consent forbids it. */
  const requestLabel = (student: Student) => {
    const s = useLabelingStore.getState();
    const consent = consentForTargets(s, student);
    if (consent.verdict === 'forbidden') setConfirming({ student, use: consent.use });
    else void s.labelCurrent([student.id]);
  };

  const closePicker = () => {
    setQuery(null);
    setHighlight(0);
    focusWorkspace();
  };

  const onWorkspaceKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const s = useLabelingStore.getState();
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (ctrl && key === 'z') {
      e.preventDefault();
      void (e.shiftKey ? s.redo() : s.undo());
      return;
    }
    if (ctrl && key === 'y') {
      e.preventDefault();
      void s.redo();
      return;
    }
    if (ctrl && key === 'g') {
      e.preventDefault();
      s.setView(s.view === 'all' ? 'session' : 'all');
      return;
    }
    if (s.view === 'all') return;
    if (ctrl && key === 'j') {
      e.preventDefault();
      void (e.altKey ? s.mergeSessionWithPrevious() : s.mergeWithPrevious());
      return;
    }
    if (ctrl && key === 'k') {
      e.preventDefault();
      void (e.altKey ? s.splitSessionHere() : s.splitSubjectHere());
      return;
    }
    if (ctrl && key === 'a') {
      e.preventDefault();
      s.selectBurst();
      return;
    }
    if (ctrl && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault();
      s.movePhoto(e.key === 'ArrowRight' ? 1 : -1);
      return;
    }
    if (e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault();
      s.extendSelection(e.key === 'ArrowRight' ? 1 : -1);
      return;
    }
    if (ctrl || e.altKey) return;
    const sessions = s.list?.sessions ?? [];
    const ids = [...sessions.map((x) => x.id), ...((s.list?.aside.length ?? 0) > 0 ? [ASIDE_ID] : [])];
    const index = ids.indexOf(s.sessionId ?? '');
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        if (proposal) requestLabel(proposal);
        return;
      case '-':
        e.preventDefault();
        void s.skipStudent();
        return;
      case 'Escape':
        if (s.selection.ids.length > 0) {
          e.preventDefault();
          s.clearSelection();
        }
        return;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        void s.removeLabels();
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
      case 'Home':
      case 'End':
        e.preventDefault();
        s.moveCursor(e.key === 'Home' ? -Infinity : Infinity);
        return;
      case 'PageDown':
      case 'PageUp': {
        e.preventDefault();
        const next = ids[index + (e.key === 'PageDown' ? 1 : -1)];
        if (next) s.selectSession(next);
        return;
      }
      case ' ':
        e.preventDefault();
        if (subject) setLoupe(true);
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
      closePicker();
      if (chosen) requestLabel(chosen);
    }
  };

  const loaded = list !== null;
  useEffect(() => {
    if (loaded && !help && !loupe && !pickerOpen && !confirming) workspaceRef.current?.focus();
  }, [loaded, help, loupe, pickerOpen, view, confirming]);

  if (!list) return <p className="muted">{t('app.loading')}</p>;

  const target =
    selection.ids.length > 0
      ? t('labeling.target.selection', { count: selection.ids.length })
      : subject
        ? t('labeling.target.burst', { count: subject.photoIds.length })
        : '';
  const sessionIndex = list.sessions.findIndex((s) => s.id === session?.id);
  const canCut = Boolean(session && !inPile && view === 'session');

  return (
    <div className="labeling">
      <div className="labeling__header">
        <h1 className="page-title">{t('job.nav.labeling')}</h1>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => void actions.exportXmp()}
          title={t('labeling.xmp.help')}
        >
          {t('labeling.xmp')}
        </button>
      </div>
      {error && (
        <Alert tone="error" onDismiss={actions.dismissError}>
          {tr.error(error)}
        </Alert>
      )}
      <div className={view === 'all' ? 'labeling__layout labeling__layout--all' : 'labeling__layout'}>
        <SessionsPanel
          list={list}
          classes={classes}
          sessionId={store.sessionId}
          view={view}
          asideClassId={store.asideClassId}
          onThresholds={(th) => void actions.setThresholds(th)}
          onSelect={(id) => {
            actions.selectSession(id);
            focusWorkspace();
          }}
          onAssign={(id, c) => void actions.assignClass(id, c)}
          onView={actions.setView}
        />

        <section
          ref={workspaceRef}
          className="labeling__workspace"
          tabIndex={0}
          onKeyDown={onWorkspaceKey}
          aria-label={view === 'all' ? t('labeling.all') : t('labeling.grid')}
          data-testid="labeling-workspace"
        >
          {view === 'all' ? (
            <JobGrid
              list={list}
              labels={labels}
              context={context}
              onOpen={(id) => {
                actions.openPhoto(id);
                focusWorkspace();
              }}
            />
          ) : !session ? (
            <p className="muted">{t('labeling.noSession')}</p>
          ) : (
            <>
              <div className="sequence-bar" aria-live="polite">
                <span className="sequence-bar__where">
                  {inPile ? t('labeling.aside.title') : t('labeling.session', { number: session.number })}
                </span>
                <span className="sequence-bar__burst">
                  {inPile
                    ? t('labeling.aside.position', { index: cursor + 1, total: session.subjects.length })
                    : t('labeling.burst', { index: cursor + 1, total: session.subjects.length })}
                </span>
                <span className="sequence-bar__proposal" data-testid="proposal">
                  {!classId
                    ? inPile
                      ? t('labeling.proposal.pile')
                      : t('labeling.proposal.noClass')
                    : proposal
                      ? t('labeling.proposal', { name: studentName(proposal) })
                      : cardBurst
                        ? t('labeling.proposal.cardBurst')
                        : t('labeling.proposal.none')}
                </span>
                {proposal && classId && consentForTargets(store, proposal).verdict === 'pending' && (
                  <span
                    className="tag tag--warning"
                    title={t('labeling.badge.pending.help')}
                    data-testid="proposal-consent"
                  >
                    {t('labeling.proposal.pending')}
                  </span>
                )}
                <span className="muted sequence-bar__hint">{t('labeling.proposal.hint')}</span>
                <span className="sequence-bar__actions">
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => void actions.undo()}
                  >
                    {t('labeling.undo')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => void actions.redo()}
                  >
                    {t('labeling.redo')}
                  </button>
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => setHelp(true)}>
                    {t('labeling.help')}
                  </button>
                </span>
              </div>
              <div className="cut-bar">
                <span className="cut-bar__target" data-testid="target">
                  {target}
                </span>
                {selection.ids.length > 0 && (
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => {
                      actions.clearSelection();
                      focusWorkspace();
                    }}
                  >
                    {t('labeling.selection.clear')}
                  </button>
                )}
                <span className="cut-bar__actions">
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    disabled={!canCut || focusId === subject?.id}
                    title="Ctrl+K"
                    onClick={() => void actions.splitSubjectHere().then(focusWorkspace)}
                  >
                    {t('labeling.cut.burst')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    disabled={!canCut || cursor === 0}
                    title="Ctrl+J"
                    onClick={() => void actions.mergeWithPrevious().then(focusWorkspace)}
                  >
                    {t('labeling.join.burst')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    disabled={!canCut || focusId === session.id}
                    title="Ctrl+Alt+K"
                    onClick={() => void actions.splitSessionHere().then(focusWorkspace)}
                  >
                    {t('labeling.cut.session')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    disabled={!canCut || sessionIndex <= 0}
                    title="Ctrl+Alt+J"
                    onClick={() => void actions.mergeSessionWithPrevious().then(focusWorkspace)}
                  >
                    {t('labeling.join.session')}
                  </button>
                </span>
              </div>
              {(absent.length > 0 || notice) && (
                <div className="absent-bar">
                  {notice && (
                    <span className="absent-bar__notice" role="status">
                      {t(notice)}
                    </span>
                  )}
                  {absent.length > 0 && (
                    <>
                      <span className="muted">{t('labeling.absent')}</span>
                      {absent.map((id) => {
                        const s = studentsById.get(id);
                        if (!s) return null;
                        return (
                          <button
                            key={id}
                            type="button"
                            className="chip"
                            data-testid="absent-student"
                            aria-label={t('labeling.absent.restore', { name: studentName(s) })}
                            onClick={() => void actions.restoreStudent(id)}
                          >
                            {studentName(s)} <span aria-hidden="true">×</span>
                          </button>
                        );
                      })}
                    </>
                  )}
                </div>
              )}
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
                    {matches.map((s, i) => {
                      const verdict = labelingConsent(s.consent).verdict;
                      return (
                        <li key={s.id} role="option" aria-selected={i === highlight}>
                          {studentName(s)}
                          {verdict !== 'allowed' && (
                            <span
                              className={`tag student-picker__tag tag--${verdict === 'forbidden' ? 'danger' : 'warning'}`}
                            >
                              {t(
                                verdict === 'forbidden'
                                  ? 'labeling.picker.forbidden'
                                  : 'labeling.picker.pending',
                              )}
                            </span>
                          )}
                          {inPile && !classId && (
                            <span className="muted">
                              {' '}
                              · {classes.find((c) => c.id === s.classId)?.label ?? ''}
                            </span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              )}
              <BurstGrid
                session={session}
                cursor={cursor}
                focusId={focusId}
                selection={selection.ids}
                labels={labels}
                context={context}
                onPick={(i) => {
                  actions.setCursor(i);
                  focusWorkspace();
                }}
                onPhotoClick={(id, mode) => {
                  actions.clickPhoto(id, mode);
                  focusWorkspace();
                }}
              />
            </>
          )}
        </section>

        <div className="labeling__side">
          <ChecksPanel
            checks={checks}
            studentsById={studentsById}
            classes={classes}
            absent={absent}
            onOpen={(id) => {
              actions.openPhoto(id);
              focusWorkspace();
            }}
            onConfirmAbsent={(ids) => void actions.confirmAbsent(ids)}
          />
          <CardsPanel
            jobId={jobId}
            review={cards.review}
            loadFailure={cards.failure}
            studentsById={studentsById}
            classes={classes}
            onOpen={(id) => {
              actions.openPhoto(id);
              focusWorkspace();
            }}
          />
          <TasksPanel />
        </div>
      </div>

      {loupe && session && focusId && (
        <Loupe
          session={session}
          cursor={cursor}
          photoId={focusId}
          labels={labels}
          context={context}
          onFocusPhoto={actions.focusPhoto}
          onMoveBurst={actions.moveCursor}
          onClose={() => {
            setLoupe(false);
            focusWorkspace();
          }}
        />
      )}
      {confirming && (
        <ConsentConfirm
          jobId={jobId}
          student={confirming.student}
          use={confirming.use}
          onConfirm={() => {
            const { student } = confirming;
            setConfirming(null);
            void useLabelingStore.getState().labelCurrent([student.id], { confirmForbidden: true });
          }}
          onCancel={() => setConfirming(null)}
        />
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
