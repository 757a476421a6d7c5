/**
 * State of the sorting and labeling screen. Labels are applied to the screen at once (optimistic)
 * and then sent to the core, so a keystroke shows its label without waiting for a round trip; the
 * core's answer and `data.changed` from other windows bring the screen back to the truth (the last
 * writer wins). Sequence mode is computed here from the same data the core uses.
 */
import { create } from 'zustand';
import type { Checks, PhotoMark, Session, SessionList } from '../../../shared/domain/labeling';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import type { Thresholds } from '../../../shared/domain/sessions';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

export interface PhotoState {
  studentIds: string[];
  mark: PhotoMark | null;
}

const NEEDS_NO_STUDENT: readonly (PhotoMark | null)[] = ['class', 'staff', 'rejected'];

interface LabelingState {
  jobId: string | null;
  list: SessionList | null;
  labels: Record<string, PhotoState>;
  students: Student[];
  classes: SchoolClass[];
  checks: Checks | null;
  sessionId: string | null;
  /** Index of the current burst in the selected session. */
  cursor: number;
  /** Students skipped as absent in sequence mode (this screen only). */
  skipped: string[];
  canUndo: boolean;
  /** Changes sent and not yet answered: a refetch meanwhile would briefly undo them on screen. */
  pending: number;
  error: UiError | null;
  load: (jobId: string) => Promise<void>;
  refreshSessions: () => Promise<void>;
  refreshLabels: () => Promise<void>;
  refreshChecks: () => Promise<void>;
  setThresholds: (t: Thresholds) => Promise<void>;
  selectSession: (id: string) => void;
  moveCursor: (delta: number) => void;
  setCursor: (index: number) => void;
  assignClass: (sessionId: string, classId: string | null) => Promise<void>;
  /** Puts students on the current burst (added to those already there) and moves on in sequence. */
  labelCurrent: (studentIds: string[]) => Promise<void>;
  skipStudent: () => void;
  markCurrent: (mark: PhotoMark | null) => Promise<void>;
  mergeWithPrevious: () => Promise<void>;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  dismissError: () => void;
}

export function currentSession(s: Pick<LabelingState, 'list' | 'sessionId'>): Session | null {
  return s.list?.sessions.find((x) => x.id === s.sessionId) ?? null;
}

function isOpen(labels: Record<string, PhotoState>, photoIds: readonly string[]): boolean {
  return (
    photoIds.every((id) => (labels[id]?.studentIds.length ?? 0) === 0) &&
    !photoIds.every((id) => NEEDS_NO_STUDENT.includes(labels[id]?.mark ?? null))
  );
}

/** The student sequence mode proposes: next of the session's class in roster order with no photo, not skipped. */
export function proposedStudent(
  s: Pick<LabelingState, 'list' | 'sessionId' | 'labels' | 'students' | 'skipped'>,
): Student | null {
  const session = currentSession(s);
  if (!session?.classId) return null;
  const withPhoto = new Set(
    Object.values(s.labels)
      .filter((l) => l.mark !== 'rejected')
      .flatMap((l) => l.studentIds),
  );
  return (
    s.students
      .filter((st) => st.classId === session.classId && !st.archived)
      .sort((a, b) => a.rosterOrder - b.rosterOrder)
      .find((st) => !withPhoto.has(st.id) && !s.skipped.includes(st.id)) ?? null
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

export const useLabelingStore = create<LabelingState>((set, get) => {
  const fail = (error: unknown) => set({ error: toUiError(error) });
  /** Sends an optimistic change; once nothing is in flight, the screen is brought back to the core's truth. */
  const send = async (call: () => Promise<unknown>) => {
    set({ pending: get().pending + 1 });
    try {
      await call();
    } catch (error) {
      fail(error);
    } finally {
      set({ pending: get().pending - 1 });
    }
    if (get().pending === 0) await Promise.all([get().refreshLabels(), get().refreshChecks()]);
  };
  const jobOf = () => {
    const { jobId } = get();
    if (!jobId) throw new Error('no job');
    return jobId;
  };
  return {
    jobId: null,
    list: null,
    labels: {},
    students: [],
    classes: [],
    checks: null,
    sessionId: null,
    cursor: 0,
    skipped: [],
    canUndo: false,
    pending: 0,
    error: null,
    async load(jobId) {
      if (get().jobId !== jobId)
        set({ jobId, list: null, labels: {}, checks: null, sessionId: null, cursor: 0, skipped: [] });
      try {
        const [students, classes] = await Promise.all([
          rpc.call('students.list', { jobId }),
          rpc.call('classes.list', { jobId }),
        ]);
        set({ students, classes });
        await Promise.all([get().refreshSessions(), get().refreshLabels(), get().refreshChecks()]);
      } catch (error) {
        fail(error);
      }
    },
    async refreshSessions() {
      const jobId = jobOf();
      const list = await rpc.call('sessions.list', { jobId });
      if (get().jobId !== jobId) return;
      const keep = list.sessions.some((s) => s.id === get().sessionId);
      set({ list, ...(keep ? {} : { sessionId: list.sessions[0]?.id ?? null, cursor: 0 }) });
    },
    async refreshLabels() {
      const jobId = jobOf();
      if (get().pending > 0) return;
      const rows = await rpc.call('labels.list', { jobId });
      if (get().jobId !== jobId || get().pending > 0) return;
      const labels: Record<string, PhotoState> = {};
      for (const r of rows) labels[r.photoId] = { studentIds: r.studentIds, mark: r.mark };
      set({ labels });
    },
    async refreshChecks() {
      const jobId = jobOf();
      const checks = await rpc.call('labels.checks', { jobId });
      if (get().jobId === jobId) set({ checks });
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
    selectSession(id) {
      const session = get().list?.sessions.find((s) => s.id === id);
      if (!session) return;
      const first = isOpen(get().labels, session.subjects[0]?.photoIds ?? [])
        ? 0
        : nextOpen(session, get().labels, 0);
      set({ sessionId: id, cursor: first });
    },
    moveCursor(delta) {
      const session = currentSession(get());
      if (!session) return;
      const n = session.subjects.length;
      set({ cursor: Math.max(0, Math.min(n - 1, get().cursor + delta)) });
    },
    setCursor(index) {
      set({ cursor: index });
    },
    async assignClass(sessionId, classId) {
      const list = get().list;
      if (list)
        set({
          list: { ...list, sessions: list.sessions.map((s) => (s.id === sessionId ? { ...s, classId } : s)) },
        });
      try {
        await rpc.call('sessions.assignClass', { jobId: jobOf(), sessionId, classId });
        await get().refreshSessions();
      } catch (error) {
        fail(error);
      }
    },
    async labelCurrent(studentIds) {
      const session = currentSession(get());
      const subject = session?.subjects[get().cursor];
      if (!session || !subject || studentIds.length === 0) return;
      const labels = { ...get().labels };
      for (const id of subject.photoIds) {
        const was = labels[id] ?? { studentIds: [], mark: null };
        labels[id] = { ...was, studentIds: [...new Set([...was.studentIds, ...studentIds])] };
      }
      set({ labels, cursor: nextOpen(session, labels, get().cursor), canUndo: true });
      await send(() => rpc.call('labels.assign', { jobId: jobOf(), photoIds: subject.photoIds, studentIds }));
    },
    skipStudent() {
      const student = proposedStudent(get());
      if (student) set({ skipped: [...get().skipped, student.id] });
    },
    async markCurrent(mark) {
      const session = currentSession(get());
      const subject = session?.subjects[get().cursor];
      if (!session || !subject) return;
      const labels = { ...get().labels };
      for (const id of subject.photoIds) labels[id] = { studentIds: labels[id]?.studentIds ?? [], mark };
      // A class, staff or rejected burst needs no student: sequence mode moves on at once.
      const done =
        NEEDS_NO_STUDENT.includes(mark) && (labels[subject.photoIds[0]!]?.studentIds.length ?? 0) === 0;
      set({ labels, canUndo: true, ...(done ? { cursor: nextOpen(session, labels, get().cursor) } : {}) });
      await send(() => rpc.call('photos.mark', { jobId: jobOf(), photoIds: subject.photoIds, mark }));
    },
    async mergeWithPrevious() {
      const session = currentSession(get());
      const subject = session?.subjects[get().cursor];
      if (!subject || get().cursor === 0) return;
      try {
        await rpc.call('subjects.merge', { jobId: jobOf(), photoId: subject.id });
        set({ cursor: get().cursor - 1, canUndo: true });
        await get().refreshSessions();
      } catch (error) {
        fail(error);
      }
    },
    async undo() {
      try {
        const outcome = await rpc.call('labels.undo', { jobId: jobOf() });
        set({ canUndo: outcome.canUndo });
        await Promise.all([get().refreshLabels(), get().refreshSessions()]);
        // Back to the burst the undone labels were on, so the fix can be typed at once.
        const session = currentSession(get());
        const index = session?.subjects.findIndex((b) =>
          b.photoIds.some((id) => outcome.photoIds.includes(id)),
        );
        if (index !== undefined && index >= 0) set({ cursor: index });
      } catch (error) {
        fail(error);
      }
    },
    async redo() {
      try {
        const outcome = await rpc.call('labels.redo', { jobId: jobOf() });
        set({ canUndo: outcome.canUndo });
        await Promise.all([get().refreshLabels(), get().refreshSessions()]);
      } catch (error) {
        fail(error);
      }
    },
    dismissError() {
      set({ error: null });
    },
  };
});
