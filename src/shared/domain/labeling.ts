/**
 * Sorting and labeling as the UI sees it: sessions (with their subjects and class), photo marks,
 * labels (photo ↔ student, many to many) and the checks that keep a mislabel from going unnoticed.
 * Every decision here is a person's; the only automatic part is the split by capture time.
 */
import { z } from 'zod';
import { thresholdsSchema } from './sessions';

export const PHOTO_MARKS = ['class', 'staff', 'sibling', 'rejected'] as const;
export type PhotoMark = (typeof PHOTO_MARKS)[number];

export const photoIdSchema = z.string().min(1).max(100);
export const photoIdsSchema = z.array(photoIdSchema).min(1).max(50_000);

export const subjectSchema = z.object({
  /** Id of the subject's first photo. */
  id: z.string(),
  photoIds: z.array(z.string()),
  /** Photos of the subject with at least one student. */
  labeled: z.number(),
});
export type Subject = z.infer<typeof subjectSchema>;

export const sessionSchema = z.object({
  /** Id of the session's first photo. */
  id: z.string(),
  /** 1-based position in the shoot. */
  number: z.number(),
  /** Corrected capture time of the first and last photo (`YYYY-MM-DDTHH:MM:SS.sss` wall time). */
  startAt: z.string(),
  endAt: z.string(),
  photoCount: z.number(),
  classId: z.string().nullable(),
  subjects: z.array(subjectSchema),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z.object({
  thresholds: thresholdsSchema,
  sessions: z.array(sessionSchema),
  /** "À trier": photos without a trustworthy capture time, never guessed into a class. */
  aside: z.array(z.string()),
});
export type SessionList = z.infer<typeof sessionListSchema>;

export const photoLabelsSchema = z.object({
  photoId: z.string(),
  studentIds: z.array(z.string()),
  /** Those of `studentIds` a printed card gave (source « carte »); the others a person gave. */
  cardStudentIds: z.array(z.string()),
  mark: z.enum(PHOTO_MARKS).nullable(),
  reason: z.string(),
  /** When the photo's labels or mark last changed (ISO): the last writer wins. */
  updatedAt: z.string(),
});
export type PhotoLabels = z.infer<typeof photoLabelsSchema>;

export const editOutcomeSchema = z.object({
  /** False when there was nothing to undo or redo. */
  done: z.boolean(),
  /** What was undone or redone (`labels.assign`, `photos.mark`, `sessions.split`…). */
  action: z.string().nullable(),
  photoIds: z.array(z.string()),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type EditOutcome = z.infer<typeof editOutcomeSchema>;

export const sequenceStepSchema = z.object({
  /** Next burst of the session with no student yet (null: every burst is labeled or marked). */
  subject: subjectSchema.nullable(),
  /**
   * Next student of the session's class in roster order, following the child on the burst before
   * this one, with no photo yet, not skipped, and whose consent does not forbid the photo.
   */
  studentId: z.string().nullable(),
});
export type SequenceStep = z.infer<typeof sequenceStepSchema>;

/**
 * The students on the nearest burst before `index` that has any (its photos' students, in order):
 * the child photographed just before, from whom sequence mode follows the roster.
 */
export function studentsBefore(
  subjects: readonly { photoIds: readonly string[] }[],
  index: number,
  studentsOf: (photoId: string) => readonly string[],
): string[] {
  for (let i = Math.min(index, subjects.length) - 1; i >= 0; i -= 1) {
    const ids = [...new Set(subjects[i]!.photoIds.flatMap(studentsOf))];
    if (ids.length > 0) return ids;
  }
  return [];
}

/**
 * The student sequence mode proposes, from the class roster in order: following the roster from
 * the child on the burst before (the one just picked, even by search and out of order), wrapping
 * round, the first who has no photo, is not absent and whose consent does not forbid the photo.
 * A forbidden child is never proposed: choosing one is a person's act, confirmed.
 */
export function nextProposal(
  roster: readonly { id: string; forbidden: boolean }[],
  options: { after: readonly string[]; done: ReadonlySet<string> },
): string | null {
  const after = new Set(options.after);
  let from = -1;
  roster.forEach((s, i) => {
    if (after.has(s.id)) from = i;
  });
  const n = roster.length;
  for (let step = 1; step <= n; step += 1) {
    const s = roster[(from + step + n) % n]!;
    if (!s.forbidden && !options.done.has(s.id)) return s.id;
  }
  return null;
}

export const checksSchema = z.object({
  /** Photos with neither a student nor a class/staff/rejected mark (sessions and "à trier"). */
  unlabeledPhotos: z.array(z.string()),
  /** Students of classes that have a session, with no photo: the absent list. */
  studentsWithoutPhoto: z.array(z.string()),
  /** A student on a photo whose use their consent refuses (class photo → class_photo, portrait → photo). */
  consentConflicts: z.array(z.object({ photoId: z.string(), studentId: z.string(), use: z.string() })),
  /** Students whose consent to be photographed is refused or withdrawn, who nevertheless have photos. */
  doNotPhotograph: z.array(z.object({ studentId: z.string(), photoIds: z.array(z.string()) })),
  /** Classes with a session but no photo marked as class photo. */
  classesWithoutClassPhoto: z.array(z.string()),
  /** Sum of everything above: 0 means nothing to fix. */
  total: z.number(),
});
export type Checks = z.infer<typeof checksSchema>;
