/**
 * State of the proofing screen. Every change is shown at once (optimistic) and then sent to the
 * core; once nothing is in flight, the screen is brought back to the core's truth (which also
 * catches other windows' changes through `data.changed`). The cursor is a class, a student of that
 * class (roster order) and one of the student's photos.
 */
import { create } from 'zustand';
import {
  PRINT_RATIOS,
  type CropRect,
  type PrintRatioId,
  type ProofingOverview,
  type Rotation,
  type StudentProofing,
} from '../../../shared/domain/proofing';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { optimisticSender } from '../../stores/optimistic-send';

interface ProofingState {
  jobId: string | null;
  overview: ProofingOverview | null;
  classes: SchoolClass[];
  students: Student[];
  classId: string | null;
  studentIndex: number;
  photoIndex: number;
  ratio: PrintRatioId;
  pending: number;
  error: UiError | null;
  load: (jobId: string) => Promise<void>;
  refresh: () => Promise<void>;
  selectClass: (classId: string) => void;
  moveStudent: (delta: number) => void;
  selectStudent: (index: number) => void;
  movePhoto: (delta: number) => void;
  selectPhoto: (index: number) => void;
  togglePose: () => Promise<void>;
  makeFavorite: () => Promise<void>;
  movePose: (delta: number) => Promise<void>;
  resetPoses: () => Promise<void>;
  rate: (stars: number) => Promise<void>;
  rotate: (quarterTurns: 1 | -1) => Promise<void>;
  setCrop: (photoId: string, ratio: PrintRatioId, rect: CropRect | null) => Promise<boolean>;
  setRatio: (ratio: PrintRatioId) => void;
  cycleRatio: () => void;
  pickClassPhoto: (photoId: string) => Promise<void>;
  cycleClassPhoto: () => Promise<void>;
  setMaxPoses: (max: number) => Promise<void>;
  dismissError: () => void;
}

/** Students of the selected class, in roster order, as the screen lists them. */
export function classStudents(s: Pick<ProofingState, 'students' | 'classId'>): Student[] {
  return s.students
    .filter((st) => st.classId === s.classId && !st.archived)
    .sort((a, b) => a.rosterOrder - b.rosterOrder);
}

export function currentStudent(
  s: Pick<ProofingState, 'students' | 'classId' | 'studentIndex'>,
): Student | null {
  return classStudents(s)[s.studentIndex] ?? null;
}

export function proofingOf(
  overview: ProofingOverview | null,
  studentId: string | undefined,
): StudentProofing | null {
  return overview?.students.find((x) => x.studentId === studentId) ?? null;
}

export function currentPhotoId(
  s: Pick<ProofingState, 'students' | 'classId' | 'studentIndex' | 'photoIndex' | 'overview'>,
): string | null {
  return proofingOf(s.overview, currentStudent(s)?.id)?.photoIds[s.photoIndex] ?? null;
}

export const useProofingStore = create<ProofingState>((set, get) => {
  const fail = (error: unknown) => set({ error: toUiError(error) });
  const jobOf = () => {
    const { jobId } = get();
    if (!jobId) throw new Error('no job');
    return jobId;
  };
  const sendCall = optimisticSender({ get, set, fail, settle: () => get().refresh() });
  /** Shows `change` at once, sends `call`, then refetches once nothing else is in flight. */
  const send = async (change: (o: ProofingOverview) => ProofingOverview, call: () => Promise<unknown>) => {
    const { overview } = get();
    if (overview) set({ overview: change(overview) });
    await sendCall(call);
  };
  const withStudent = (o: ProofingOverview, studentId: string, poses: string[]): ProofingOverview => ({
    ...o,
    students: o.students.map((x) =>
      x.studentId === studentId ? { ...x, poses, chosen: poses.length > 0 } : x,
    ),
  });
  const withPhoto = (
    o: ProofingOverview,
    photoId: string,
    patch: { stars?: number; rotation?: Rotation },
  ) => ({
    ...o,
    photos: o.photos.map((p) => (p.photoId === photoId ? { ...p, ...patch } : p)),
  });
  /** Sends a new pose list for the current student. */
  const setPoses = async (poses: string[]) => {
    const student = currentStudent(get());
    if (!student) return;
    const max = get().overview?.maxPoses ?? 0;
    if (poses.length > max) {
      set({ error: { code: 'proofing_too_many_poses', params: { max }, issues: [] } });
      return;
    }
    await send(
      (o) => withStudent(o, student.id, poses),
      () => rpc.call('proofing.setPoses', { jobId: jobOf(), studentId: student.id, photoIds: poses }),
    );
  };
  const current = () => {
    const s = get();
    const student = currentStudent(s);
    const proofing = proofingOf(s.overview, student?.id);
    const photoId = proofing?.photoIds[s.photoIndex] ?? null;
    return { student, proofing, photoId };
  };
  return {
    jobId: null,
    overview: null,
    classes: [],
    students: [],
    classId: null,
    studentIndex: 0,
    photoIndex: 0,
    ratio: '13x18',
    pending: 0,
    error: null,
    async load(jobId) {
      if (get().jobId !== jobId)
        set({ jobId, overview: null, classId: null, studentIndex: 0, photoIndex: 0 });
      try {
        const [students, classes] = await Promise.all([
          rpc.call('students.list', { jobId }),
          rpc.call('classes.list', { jobId }),
        ]);
        const classId = classes.some((c) => c.id === get().classId)
          ? get().classId
          : (classes[0]?.id ?? null);
        set({ students, classes, classId });
        await get().refresh();
      } catch (error) {
        fail(error);
      }
    },
    async refresh() {
      const { jobId } = get();
      if (!jobId) return;
      try {
        const overview = await rpc.call('proofing.get', { jobId });
        // A refetch answered while a change is in flight would briefly undo it on screen.
        if (get().pending === 0) set({ overview });
      } catch (error) {
        fail(error);
      }
    },
    selectClass(classId) {
      set({ classId, studentIndex: 0, photoIndex: 0 });
    },
    moveStudent(delta) {
      const n = classStudents(get()).length;
      if (n === 0) return;
      set({ studentIndex: Math.min(n - 1, Math.max(0, get().studentIndex + delta)), photoIndex: 0 });
    },
    selectStudent(index) {
      set({ studentIndex: index, photoIndex: 0 });
    },
    movePhoto(delta) {
      const n = current().proofing?.photoIds.length ?? 0;
      if (n === 0) return;
      set({ photoIndex: Math.min(n - 1, Math.max(0, get().photoIndex + delta)) });
    },
    selectPhoto(index) {
      set({ photoIndex: index });
    },
    async togglePose() {
      const { proofing, photoId } = current();
      if (!proofing || !photoId) return;
      const poses = proofing.poses.includes(photoId)
        ? proofing.poses.filter((id) => id !== photoId)
        : [...proofing.poses, photoId];
      await setPoses(poses);
    },
    async makeFavorite() {
      const { proofing, photoId } = current();
      if (!proofing || !photoId) return;
      const rest = proofing.poses.filter((id) => id !== photoId);
      // Making a photo the favorite offers it when it was not, dropping the last pose if the list is full.
      const max = get().overview?.maxPoses ?? 1;
      await setPoses([photoId, ...rest].slice(0, max));
    },
    async movePose(delta) {
      const { proofing, photoId } = current();
      if (!proofing || !photoId) return;
      const i = proofing.poses.indexOf(photoId);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= proofing.poses.length) return;
      const poses = [...proofing.poses];
      [poses[i], poses[j]] = [poses[j]!, poses[i]!];
      await setPoses(poses);
    },
    async resetPoses() {
      await setPoses([]);
    },
    async rate(stars) {
      const { photoId } = current();
      if (!photoId) return;
      await send(
        (o) => withPhoto(o, photoId, { stars }),
        () => rpc.call('proofing.rate', { jobId: jobOf(), photoIds: [photoId], stars }),
      );
    },
    async rotate(quarterTurns) {
      const { photoId } = current();
      if (!photoId) return;
      const now = get().overview?.photos.find((p) => p.photoId === photoId)?.rotation ?? 0;
      const rotation = ((now + quarterTurns * 90 + 360) % 360) as Rotation;
      await send(
        (o) => withPhoto(o, photoId, { rotation }),
        () => rpc.call('proofing.rotate', { jobId: jobOf(), photoIds: [photoId], rotation }),
      );
    },
    async setCrop(photoId, ratio, rect) {
      try {
        await rpc.call('proofing.setCrop', { jobId: jobOf(), photoId, ratio, rect });
        await get().refresh();
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    setRatio(ratio) {
      set({ ratio });
    },
    cycleRatio() {
      const i = PRINT_RATIOS.findIndex((r) => r.id === get().ratio);
      set({ ratio: PRINT_RATIOS[(i + 1) % PRINT_RATIOS.length]!.id });
    },
    async pickClassPhoto(photoId) {
      const { classId } = get();
      if (!classId) return;
      await send(
        (o) => ({
          ...o,
          classes: o.classes.map((c) =>
            c.classId === classId ? { ...c, pickedPhotoId: photoId, chosen: true } : c,
          ),
        }),
        () => rpc.call('proofing.pickClassPhoto', { jobId: jobOf(), classId, photoId }),
      );
    },
    async cycleClassPhoto() {
      const { classId, overview } = get();
      const c = overview?.classes.find((x) => x.classId === classId);
      if (!c || c.classPhotoIds.length === 0) return;
      const i = c.pickedPhotoId ? c.classPhotoIds.indexOf(c.pickedPhotoId) : -1;
      await get().pickClassPhoto(c.classPhotoIds[(i + 1) % c.classPhotoIds.length]!);
    },
    async setMaxPoses(max) {
      await send(
        (o) => ({ ...o, maxPoses: max }),
        () => rpc.call('proofing.setMaxPoses', { jobId: jobOf(), maxPoses: max }),
      );
    },
    dismissError() {
      set({ error: null });
    },
  };
});
