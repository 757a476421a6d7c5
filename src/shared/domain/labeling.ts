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
  /** Next student of the session's class, in roster order, with no photo yet and not skipped. */
  studentId: z.string().nullable(),
});
export type SequenceStep = z.infer<typeof sequenceStepSchema>;

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
