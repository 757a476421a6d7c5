/**
 * State of the sorting and labeling screen. Labels are applied to the screen at once (optimistic)
 * and then sent to the core, so a keystroke shows its label without waiting for a round trip; the
 * core's answer and `data.changed` from other windows bring the screen back to the truth (the last
 * writer wins). Sequence mode is computed here from the same data the core uses. Labels and marks
 * go to the selected photos when there is a selection, else to the whole current burst. The "à
 * trier" pile (photos without a trustworthy capture time) is shown as a session of one-photo bursts,
 * so it is labeled with the same keys; it never gets a class of its own, only a scope for the picker.
 */
import { create } from 'zustand';
import { labelingConsent, labelUse, type LabelingConsent } from '../../../shared/domain/consent';
import {
  nextProposal,
  studentsBefore,
  type Checks,
  type PhotoMark,
  type Session,
  type SessionList,
} from '../../../shared/domain/labeling';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import type { Thresholds } from '../../../shared/domain/sessions';
import type { MessageKey } from '../../../shared/i18n';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { EMPTY_SELECTION, extendTo, select, type SelectMode, type Selection } from './selection';
import { optimisticSender } from '../../stores/optimistic-send';

export interface PhotoState {
  studentIds: string[];
  mark: PhotoMark | null;
  /** Those of `studentIds` a printed card gave (a person's label replaces the card's). */
  cardStudentIds?: string[];
}

/** Id of the "à trier" pile where a session id is expected. */
export const ASIDE_ID = '__aside__';

export type LabelingView = 'session' | 'all';

const NEEDS_NO_STUDENT: readonly (PhotoMark | null)[] = ['class', 'staff', 'rejected'];

interface LabelingState {
  jobId: string | null;
  list: SessionList | null;
  labels: Record<string, PhotoState>;
  students: Student[];
  classes: SchoolClass[];
  checks: Checks | null;
  view: LabelingView;
  sessionId: string | null;
  /** Class whose students the picker proposes in the "à trier" pile (chosen by the user). */
  asideClassId: string | null;
  /** Index of the current burst in the selected session. */
  cursor: number;
  /** The photo the keyboard is on (split point, start of a keyboard selection); null: the burst's first. */
  focusId: string | null;
  selection: Selection;
  /** Students marked absent in sequence mode (kept in the job database). */
  absent: string[];
  canUndo: boolean;
  /** Changes sent and not yet answered: a refetch meanwhile would briefly undo them on screen. */
  pending: number;
  /** Short confirmation of the last action (split, merge, export started), read by screen readers. */
  notice: MessageKey | null;
  error: UiError | null;
  load: (jobId: string) => Promise<void>;
  refreshSessions: () => Promise<void>;
  refreshLabels: () => Promise<void>;
  refreshChecks: () => Promise<void>;
  refreshAbsent: () => Promise<void>;
  setThresholds: (t: Thresholds) => Promise<void>;
  setView: (view: LabelingView) => void;
  selectSession: (id: string) => void;
  setAsideClass: (classId: string | null) => void;
  moveCursor: (delta: number) => void;
  setCursor: (index: number) => void;
  /** Moves the keyboard focus photo by photo (across bursts), clearing the selection. */
  movePhoto: (delta: number) => void;
  /** Shift+arrow: extends the selection photo by photo. */
  extendSelection: (delta: number) => void;
  clickPhoto: (id: string, mode: SelectMode) => void;
  /** Puts the keyboard on a photo (its burst becomes current), the selection unchanged. */
  focusPhoto: (id: string) => void;
  selectBurst: () => void;
  clearSelection: () => void;
  /** Shows a photo of the whole-job view in its session, on its burst. */
  openPhoto: (id: string) => void;
  assignClass: (sessionId: string, classId: string | null) => Promise<void>;
  /**
   * Puts students on the selection or the current burst (added to those already there). A student
   * whose consent forbids it needs `confirmForbidden` (the screen asks first; the core insists).
   */
  labelCurrent: (studentIds: string[], options?: { confirmForbidden?: boolean }) => Promise<void>;
  removeLabels: () => Promise<void>;
  skipStudent: () => Promise<void>;
  restoreStudent: (studentId: string) => Promise<void>;
  /** Confirms several students absent at once (a class's « sans photo » row of the checks panel). */
  confirmAbsent: (studentIds: string[]) => Promise<void>;
  markCurrent: (mark: PhotoMark | null) => Promise<void>;
  splitSubjectHere: () => Promise<void>;
  mergeWithPrevious: () => Promise<void>;
  splitSessionHere: () => Promise<void>;
  mergeSessionWithPrevious: () => Promise<void>;
  exportXmp: () => Promise<void>;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  dismissError: () => void;
}

let asideCache: { list: SessionList; session: Session } | null = null;

/** The "à trier" pile as a session of one-photo bursts (same object while the list is the same). */
export function asideSession(list: SessionList): Session {
  if (asideCache?.list === list) return asideCache.session;
  const session: Session = {
    id: ASIDE_ID,
    number: 0,
    startAt: '',
    endAt: '',
    photoCount: list.aside.length,
    classId: null,
    subjects: list.aside.map((id) => ({ id, photoIds: [id], labeled: 0 })),
  };
  asideCache = { list, session };
  return session;
}

export function currentSession(s: Pick<LabelingState, 'list' | 'sessionId'>): Session | null {
  if (!s.list) return null;
  if (s.sessionId === ASIDE_ID) return asideSession(s.list);
  return s.list.sessions.find((x) => x.id === s.sessionId) ?? null;
}

/** The class sequence mode and the picker work in: the session's, or the one chosen for the pile. */
export function scopeClassId(s: Pick<LabelingState, 'list' | 'sessionId' | 'asideClassId'>): string | null {
  if (s.sessionId === ASIDE_ID) return s.asideClassId;
  return currentSession(s)?.classId ?? null;
}

function isOpen(labels: Record<string, PhotoState>, photoIds: readonly string[]): boolean {
  return (
    photoIds.every((id) => (labels[id]?.studentIds.length ?? 0) === 0) &&
    !photoIds.every((id) => NEEDS_NO_STUDENT.includes(labels[id]?.mark ?? null))
  );
}

/**
 * The student sequence mode proposes (the same rule as the core's `labels.sequenceNext`): in roster
 * order from the child on the burst before the current one — the one just picked, even by search
 * and out of order — the next with no photo, not absent, and whose consent does not forbid the photo.
 */
export function proposedStudent(
  s: Pick<LabelingState, 'list' | 'sessionId' | 'asideClassId' | 'labels' | 'students' | 'absent' | 'cursor'>,
): Student | null {
  const classId = scopeClassId(s);
  const session = currentSession(s);
  if (!classId || !session) return null;
  // A rejected photo is no photo of the student: they are still to be photographed.
  const studentsOf = (id: string) =>
    s.labels[id]?.mark === 'rejected' ? [] : (s.labels[id]?.studentIds ?? []);
  const done = new Set(s.absent);
  for (const id of Object.keys(s.labels)) for (const st of studentsOf(id)) done.add(st);
  const roster = s.students
    .filter((st) => st.classId === classId && !st.archived)
    .sort((a, b) => a.rosterOrder - b.rosterOrder);
  const id = nextProposal(
    roster.map((st) => ({ id: st.id, forbidden: labelingConsent(st.consent).verdict === 'forbidden' })),
    { after: studentsBefore(session.subjects, s.cursor, studentsOf), done },
  );
  return roster.find((st) => st.id === id) ?? null;
}

/**
 * The current burst is a photo card's own frame (with at most a class, staff or rejected photo): no
 * child to name there, so nothing is proposed — Enter must not put the next child on a card.
 */
export function isCardBurst(
  s: Pick<LabelingState, 'list' | 'sessionId' | 'cursor' | 'labels'>,
  cardFrames: ReadonlySet<string>,
): boolean {
  const ids = currentSession(s)?.subjects[s.cursor]?.photoIds ?? [];
  return (
    ids.some((id) => cardFrames.has(id)) &&
    ids.every((id) => cardFrames.has(id) || NEEDS_NO_STUDENT.includes(s.labels[id]?.mark ?? null))
  );
}

/** The photos a label goes to: the selection, else the current burst. */
export function labelTargets(s: Pick<LabelingState, 'list' | 'sessionId' | 'selection' | 'cursor'>): {
  photoIds: string[];
  fromSelection: boolean;
} {
  if (s.selection.ids.length > 0) return { photoIds: [...s.selection.ids], fromSelection: true };
  const subject = currentSession(s)?.subjects[s.cursor];
  return { photoIds: subject ? [...subject.photoIds] : [], fromSelection: false };
}

/**
 * What the student's consent says about putting them on the photos a label would go to: a class
 * photo among them asks about the class photo, otherwise about the individual photo.
 */
export function consentForTargets(
  s: Pick<LabelingState, 'list' | 'sessionId' | 'selection' | 'cursor' | 'labels'>,
  student: Pick<Student, 'consent'>,
): LabelingConsent {
  const { photoIds } = labelTargets(s);
  const uses = photoIds.map((id) => labelUse(s.labels[id]?.mark));
  const verdicts = [...new Set(uses.length > 0 ? uses : ['photo' as const])].map((u) =>
    labelingConsent(student.consent, u),
  );
  return (
    verdicts.find((v) => v.verdict === 'forbidden') ??
    verdicts.find((v) => v.verdict === 'pending') ??
    verdicts[0]!
  );
}

/** Next burst still without a student, after `from` (wrapping round), or `from` when none. */
function nextOpen(session: Session, labels: Record<string, PhotoState>, from: number): number {
  const n = session.subjects.length;
  for (let step = 1; step <= n; step += 1) {
    const i = (from + step) % n;
    if (isOpen(labels, session.subjects[i]!.photoIds)) return i;
  }
  return Math.min(from, n - 1);
}

/** Every photo of a session in shoot order. */
export function sessionPhotos(session: Session): string[] {
  return session.subjects.flatMap((b) => b.photoIds);
}

function burstIndexOf(session: Session, photoId: string): number {
  return session.subjects.findIndex((b) => b.photoIds.includes(photoId));
}

export const useLabelingStore = create<LabelingState>((set, get) => {
  const fail = (error: unknown) => set({ error: toUiError(error) });
  /** Sends an optimistic change; once nothing is in flight, the screen is brought back to the core's truth. */
  const send = optimisticSender({
    get,
    set,
    fail,
    settle: () => Promise.all([get().refreshLabels(), get().refreshChecks()]),
  });
  /** Shows a confirmation for a few seconds (a later one replaces it). */
  const flash = (notice: MessageKey) => {
    set({ notice });
    window.setTimeout(() => {
      if (get().notice === notice) set({ notice: null });
    }, 4000);
  };
  const jobOf = () => {
    const { jobId } = get();
    if (!jobId) throw new Error('no job');
    return jobId;
  };
  const focused = (): string | null => {
    const session = currentSession(get());
    const subject = session?.subjects[get().cursor];
    if (!subject) return null;
    const f = get().focusId;
    return f !== null && subject.photoIds.includes(f) ? f : (subject.photoIds[0] ?? null);
  };
  /** The photos an action applies to: the selection, else the current burst. */
  const targets = () => labelTargets(get());
  const cutThenRefresh = async (
    method: 'sessions.split' | 'sessions.merge' | 'subjects.split' | 'subjects.merge',
    photoId: string,
    notice: MessageKey,
  ) => {
    try {
      await rpc.call(method, { jobId: jobOf(), photoId });
      set({ canUndo: true });
      flash(notice);
      await get().refreshSessions();
    } catch (error) {
      fail(error);
    }
  };
  /** After the split changed, puts the cursor back on the photo it was on. */
  const followPhoto = (photoId: string, sessionId?: string) => {
    const list = get().list;
    if (!list) return;
    const session =
      (sessionId && list.sessions.find((s) => s.id === sessionId)) ||
      list.sessions.find((s) => s.subjects.some((b) => b.photoIds.includes(photoId)));
    if (!session) return;
    set({
      sessionId: session.id,
      cursor: Math.max(0, burstIndexOf(session, photoId)),
      focusId: photoId,
      selection: EMPTY_SELECTION,
    });
  };
  return {
    jobId: null,
    list: null,
    labels: {},
    students: [],
    classes: [],
    checks: null,
    view: 'session',
    sessionId: null,
    asideClassId: null,
    cursor: 0,
    focusId: null,
    selection: EMPTY_SELECTION,
    absent: [],
    canUndo: false,
    pending: 0,
    notice: null,
    error: null,
    async load(jobId) {
      if (get().jobId !== jobId)
        set({
          jobId,
          list: null,
          labels: {},
          checks: null,
          view: 'session',
          sessionId: null,
          asideClassId: null,
          cursor: 0,
          focusId: null,
          selection: EMPTY_SELECTION,
          absent: [],
          notice: null,
        });
      try {
        const [students, classes] = await Promise.all([
          rpc.call('students.list', { jobId }),
          rpc.call('classes.list', { jobId }),
        ]);
        set({ students, classes });
        await Promise.all([
          get().refreshSessions(),
          get().refreshLabels(),
          get().refreshChecks(),
          get().refreshAbsent(),
        ]);
      } catch (error) {
        fail(error);
      }
    },
    async refreshSessions() {
      const jobId = jobOf();
      const list = await rpc.call('sessions.list', { jobId });
      if (get().jobId !== jobId) return;
      const current = get().sessionId;
      const keep =
        (current === ASIDE_ID && list.aside.length > 0) || list.sessions.some((s) => s.id === current);
      const session = keep ? currentSession({ list, sessionId: current }) : null;
      const cursor = session ? Math.min(get().cursor, Math.max(0, session.subjects.length - 1)) : 0;
      set({
        list,
        ...(keep
          ? { cursor }
          : {
              sessionId: list.sessions[0]?.id ?? (list.aside.length > 0 ? ASIDE_ID : null),
              cursor: 0,
              focusId: null,
              selection: EMPTY_SELECTION,
            }),
      });
    },
    async refreshLabels() {
      const jobId = jobOf();
      if (get().pending > 0) return;
      const rows = await rpc.call('labels.list', { jobId });
      if (get().jobId !== jobId || get().pending > 0) return;
      const labels: Record<string, PhotoState> = {};
      for (const r of rows)
        labels[r.photoId] = { studentIds: r.studentIds, mark: r.mark, cardStudentIds: r.cardStudentIds };
      set({ labels });
    },
    async refreshChecks() {
      const jobId = jobOf();
      const checks = await rpc.call('labels.checks', { jobId });
      if (get().jobId === jobId) set({ checks });
    },
    async refreshAbsent() {
      const jobId = jobOf();
      const absent = await rpc.call('labels.absent', { jobId });
      if (get().jobId === jobId) set({ absent });
    },
    async setThresholds(thresholds) {
      try {
        const jobId = jobOf();
        // Shown at once from the core's split with the new values, then saved for every window.
        const list = await rpc.call('sessions.list', { jobId, thresholds });
        set({ list });
        await rpc.call('sessions.setThresholds', { jobId, thresholds });
      } catch (error) {
        fail(error);
      }
    },
    setView(view) {
      set({ view });
    },
    selectSession(id) {
      const session = currentSession({ list: get().list, sessionId: id });
      if (!session) return;
      const first =
        session.subjects.length === 0 || isOpen(get().labels, session.subjects[0]?.photoIds ?? [])
          ? 0
          : nextOpen(session, get().labels, 0);
      set({ sessionId: id, cursor: first, focusId: null, selection: EMPTY_SELECTION, view: 'session' });
    },
    setAsideClass(classId) {
      set({ asideClassId: classId });
    },
    moveCursor(delta) {
      const session = currentSession(get());
      if (!session) return;
      const n = session.subjects.length;
      set({
        cursor: Math.max(0, Math.min(n - 1, get().cursor + delta)),
        focusId: null,
        selection: EMPTY_SELECTION,
      });
    },
    setCursor(index) {
      set({ cursor: index, focusId: null, selection: EMPTY_SELECTION });
    },
    movePhoto(delta) {
      const session = currentSession(get());
      const from = focused();
      if (!session || from === null) return;
      const order = sessionPhotos(session);
      const to = order[Math.max(0, Math.min(order.length - 1, order.indexOf(from) + delta))]!;
      set({ focusId: to, cursor: burstIndexOf(session, to), selection: EMPTY_SELECTION });
    },
    extendSelection(delta) {
      const session = currentSession(get());
      const from = focused();
      if (!session || from === null) return;
      const order = sessionPhotos(session);
      const to = order[Math.max(0, Math.min(order.length - 1, order.indexOf(from) + delta))]!;
      set({
        selection: extendTo(get().selection, order, from, to),
        focusId: to,
        cursor: burstIndexOf(session, to),
      });
    },
    clickPhoto(id, mode) {
      const session = currentSession(get());
      if (!session) return;
      const index = burstIndexOf(session, id);
      if (index < 0) return;
      set({
        selection: select(get().selection, sessionPhotos(session), id, mode),
        focusId: id,
        cursor: index,
      });
    },
    focusPhoto(id) {
      const session = currentSession(get());
      const index = session ? burstIndexOf(session, id) : -1;
      if (index >= 0) set({ focusId: id, cursor: index });
    },
    selectBurst() {
      const subject = currentSession(get())?.subjects[get().cursor];
      if (subject) set({ selection: { ids: [...subject.photoIds], anchor: subject.photoIds[0] ?? null } });
    },
    clearSelection() {
      set({ selection: EMPTY_SELECTION });
    },
    openPhoto(id) {
      const list = get().list;
      if (!list) return;
      if (list.aside.includes(id)) {
        set({
          view: 'session',
          sessionId: ASIDE_ID,
          cursor: list.aside.indexOf(id),
          focusId: id,
          selection: EMPTY_SELECTION,
        });
        return;
      }
      followPhoto(id);
      set({ view: 'session' });
    },
    async assignClass(sessionId, classId) {
      if (sessionId === ASIDE_ID) {
        set({ asideClassId: classId });
        return;
      }
      const list = get().list;
      if (list)
        set({
          list: { ...list, sessions: list.sessions.map((s) => (s.id === sessionId ? { ...s, classId } : s)) },
        });
      try {
        await rpc.call('sessions.assignClass', { jobId: jobOf(), sessionId, classId });
        set({ canUndo: true });
        await get().refreshSessions();
      } catch (error) {
        fail(error);
      }
    },
    async labelCurrent(studentIds, options = {}) {
      const session = currentSession(get());
      const { photoIds, fromSelection } = targets();
      if (!session || photoIds.length === 0 || studentIds.length === 0) return;
      const labels = { ...get().labels };
      for (const id of photoIds) {
        const was = labels[id] ?? { studentIds: [], mark: null };
        labels[id] = {
          ...was,
          studentIds: [...new Set([...was.studentIds, ...studentIds])],
          cardStudentIds: (was.cardStudentIds ?? []).filter((s) => !studentIds.includes(s)),
        };
      }
      // A selection is labeled where it is; a whole burst moves sequence mode on.
      set(
        fromSelection
          ? { labels, selection: EMPTY_SELECTION, canUndo: true }
          : { labels, cursor: nextOpen(session, labels, get().cursor), focusId: null, canUndo: true },
      );
      await send(() =>
        rpc.call('labels.assign', {
          jobId: jobOf(),
          photoIds,
          studentIds,
          confirmForbidden: options.confirmForbidden === true,
        }),
      );
    },
    async removeLabels() {
      const { photoIds } = targets();
      if (photoIds.length === 0) return;
      const labels = { ...get().labels };
      for (const id of photoIds) if (labels[id]) labels[id] = { ...labels[id], studentIds: [] };
      set({ labels, canUndo: true });
      await send(() => rpc.call('labels.remove', { jobId: jobOf(), photoIds }));
    },
    async skipStudent() {
      const student = proposedStudent(get());
      if (!student) return;
      set({ absent: [...get().absent, student.id], canUndo: true });
      try {
        await rpc.call('labels.setAbsent', { jobId: jobOf(), studentId: student.id, absent: true });
      } catch (error) {
        fail(error);
        await get().refreshAbsent();
      }
    },
    async confirmAbsent(studentIds) {
      const jobId = jobOf();
      set({ absent: [...new Set([...get().absent, ...studentIds])], canUndo: true });
      try {
        for (const studentId of studentIds)
          await rpc.call('labels.setAbsent', { jobId, studentId, absent: true });
      } catch (error) {
        fail(error);
      }
      await get().refreshAbsent();
      await get().refreshChecks();
    },
    async restoreStudent(studentId) {
      set({ absent: get().absent.filter((id) => id !== studentId), canUndo: true });
      try {
        await rpc.call('labels.setAbsent', { jobId: jobOf(), studentId, absent: false });
      } catch (error) {
        fail(error);
        await get().refreshAbsent();
      }
    },
    async markCurrent(mark) {
      const session = currentSession(get());
      const { photoIds, fromSelection } = targets();
      if (!session || photoIds.length === 0) return;
      const labels = { ...get().labels };
      for (const id of photoIds) labels[id] = { studentIds: labels[id]?.studentIds ?? [], mark };
      // A class, staff or rejected burst needs no student: sequence mode moves on at once.
      const done =
        !fromSelection &&
        NEEDS_NO_STUDENT.includes(mark) &&
        (labels[photoIds[0]!]?.studentIds.length ?? 0) === 0;
      set({
        labels,
        canUndo: true,
        ...(fromSelection ? { selection: EMPTY_SELECTION } : {}),
        ...(done ? { cursor: nextOpen(session, labels, get().cursor), focusId: null } : {}),
      });
      await send(() => rpc.call('photos.mark', { jobId: jobOf(), photoIds, mark }));
    },
    async splitSubjectHere() {
      const session = currentSession(get());
      const photoId = focused();
      const subject = session?.subjects[get().cursor];
      if (!session || session.id === ASIDE_ID || !subject || photoId === null) return;
      if (subject.photoIds[0] === photoId) {
        flash('labeling.notice.alreadyBurstStart');
        return;
      }
      await cutThenRefresh('subjects.split', photoId, 'labeling.notice.burstSplit');
      followPhoto(photoId, session.id);
    },
    async mergeWithPrevious() {
      const session = currentSession(get());
      const subject = session?.subjects[get().cursor];
      if (!session || session.id === ASIDE_ID || !subject || get().cursor === 0) return;
      await cutThenRefresh('subjects.merge', subject.id, 'labeling.notice.burstMerged');
      followPhoto(subject.id, session.id);
    },
    async splitSessionHere() {
      const session = currentSession(get());
      const photoId = focused();
      if (!session || session.id === ASIDE_ID || photoId === null) return;
      if (session.id === photoId) {
        flash('labeling.notice.alreadySessionStart');
        return;
      }
      await cutThenRefresh('sessions.split', photoId, 'labeling.notice.sessionSplit');
      followPhoto(photoId, photoId);
    },
    async mergeSessionWithPrevious() {
      const list = get().list;
      const session = currentSession(get());
      if (!list || !session || session.id === ASIDE_ID) return;
      const index = list.sessions.findIndex((s) => s.id === session.id);
      const previous = list.sessions[index - 1];
      if (!previous) return;
      const photoId = focused() ?? session.id;
      await cutThenRefresh('sessions.merge', session.id, 'labeling.notice.sessionMerged');
      followPhoto(photoId, previous.id);
    },
    async exportXmp() {
      try {
        await rpc.call('labels.exportXmp', { jobId: jobOf() });
        flash('labeling.notice.xmpStarted');
      } catch (error) {
        fail(error);
      }
    },
    async undo() {
      try {
        const outcome = await rpc.call('labels.undo', { jobId: jobOf() });
        set({ canUndo: outcome.canUndo, selection: EMPTY_SELECTION });
        await Promise.all([get().refreshLabels(), get().refreshSessions(), get().refreshAbsent()]);
        // An undone split or join: back on the photo where the cut was, in whatever session holds it now.
        const cutAt = outcome.photoIds[0];
        if (cutAt && /^(sessions|subjects)\.(split|merge)$/.test(outcome.action ?? '')) {
          followPhoto(cutAt);
          return;
        }
        // Back to the burst the undone labels were on, so the fix can be typed at once.
        const session = currentSession(get());
        const index = session?.subjects.findIndex((b) =>
          b.photoIds.some((id) => outcome.photoIds.includes(id)),
        );
        if (index !== undefined && index >= 0) set({ cursor: index, focusId: null });
      } catch (error) {
        fail(error);
      }
    },
    async redo() {
      try {
        const outcome = await rpc.call('labels.redo', { jobId: jobOf() });
        set({ canUndo: outcome.canUndo });
        await Promise.all([get().refreshLabels(), get().refreshSessions(), get().refreshAbsent()]);
      } catch (error) {
        fail(error);
      }
    },
    dismissError() {
      set({ error: null });
    },
  };
});
