/**
 * Contract entries of sorting a shoot into sessions and labeling photos by hand (spread into
 * `contract`). No entry looks at image content: sessions come from capture times, everything else
 * from people's decisions. Every change emits `data.changed` (`sessions` or `labels`) so other
 * windows refetch at once; each change is recorded for undo/redo in the job database.
 */
import { z } from 'zod';
import {
  checksSchema,
  editOutcomeSchema,
  PHOTO_MARKS,
  photoIdSchema,
  photoIdsSchema,
  photoLabelsSchema,
  sequenceStepSchema,
  sessionListSchema,
} from '../domain/labeling';
import { thresholdsSchema } from '../domain/sessions';
import { taskInfoSchema } from '../domain/task';
import { idSchema, jobIdSchema, ok } from './schemas';

/** Thresholds to split with; absent: the ones last saved for the job. */
const optionalThresholds = thresholdsSchema.optional();
const cutParams = z.object({ jobId: jobIdSchema, photoId: photoIdSchema }).strict();

export const labelingContract = {
  /**
   * Sessions of the shoot (runs of photos split on long gaps), each with its subjects (bursts split
   * on short gaps), counts and assigned class, plus the "à trier" photos without a trustworthy
   * capture time. Camera offsets and people's split/merge decisions are applied.
   */
  'sessions.list': {
    params: z.object({ jobId: jobIdSchema, thresholds: optionalThresholds }).strict(),
    result: sessionListSchema,
  },

  /** Saves the job's split thresholds (every window then splits the same way). */
  'sessions.setThresholds': {
    params: z.object({ jobId: jobIdSchema, thresholds: thresholdsSchema }).strict(),
    result: ok,
  },

  /** Starts a new session at this photo, whatever the thresholds (kept when they change). */
  'sessions.split': { params: cutParams, result: ok },

  /** Joins the session that starts at this photo to the previous one, whatever the thresholds. */
  'sessions.merge': { params: cutParams, result: ok },

  /** Starts a new subject (burst) at this photo. */
  'subjects.split': { params: cutParams, result: ok },

  /** Joins the subject that starts at this photo to the previous one (within its session). */
  'subjects.merge': { params: cutParams, result: ok },

  /** Assigns a session (by its id under the given thresholds) to a class, or unassigns it (`classId: null`). */
  'sessions.assignClass': {
    params: z
      .object({
        jobId: jobIdSchema,
        sessionId: photoIdSchema,
        classId: idSchema.nullable(),
        thresholds: optionalThresholds,
      })
      .strict(),
    result: ok,
  },

  /** Marks photos as class photo, staff photo, sibling photo or rejected (with a reason); `null` clears the mark. */
  'photos.mark': {
    params: z
      .object({
        jobId: jobIdSchema,
        photoIds: photoIdsSchema,
        mark: z.enum(PHOTO_MARKS).nullable(),
        reason: z
          .string()
          .transform((v) => v.trim())
          .pipe(z.string().max(200, 'validation.text.tooLong'))
          .default(''),
      })
      .strict(),
    result: ok,
  },

  /** Labels and marks of every photo that has any (sparse: unlabeled, unmarked photos are absent). */
  'labels.list': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(photoLabelsSchema) },

  /**
   * Puts students on photos (the selected photos, or a whole burst: pass its photo ids). With
   * `replace`, the photos' other students are removed first (a correction); otherwise added. A
   * student whose consent forbids being photographed, or the photo's use (class photo), is refused
   * with `label_consent_forbidden` unless `confirmForbidden` says a person saw why and confirmed;
   * each such confirmed label is traced in the audit trail (class and counts, never a name).
   */
  'labels.assign': {
    params: z
      .object({
        jobId: jobIdSchema,
        photoIds: photoIdsSchema,
        studentIds: z.array(idSchema).min(1).max(50),
        replace: z.boolean().default(false),
        confirmForbidden: z.boolean().default(false),
      })
      .strict(),
    result: ok,
  },

  /** Takes students off photos (all of a photo's students when `studentIds` is absent). */
  'labels.remove': {
    params: z
      .object({
        jobId: jobIdSchema,
        photoIds: photoIdsSchema,
        studentIds: z.array(idSchema).min(1).max(50).optional(),
      })
      .strict(),
    result: ok,
  },

  /** Undoes the job's last sorting or labeling change (no limit; survives a restart). */
  'labels.undo': { params: z.object({ jobId: jobIdSchema }).strict(), result: editOutcomeSchema },

  /** Redoes the last undone change (until a new change is made). */
  'labels.redo': { params: z.object({ jobId: jobIdSchema }).strict(), result: editOutcomeSchema },

  /**
   * Sequence mode: the next burst of the session (after `afterSubjectId`) with no student yet, and
   * the next student of the session's class in roster order who has no photo and was not skipped.
   */
  'labels.sequenceNext': {
    params: z
      .object({
        jobId: jobIdSchema,
        sessionId: photoIdSchema,
        afterSubjectId: photoIdSchema.nullable().default(null),
        skippedStudentIds: z.array(idSchema).max(2000).default([]),
        thresholds: optionalThresholds,
      })
      .strict(),
    result: sequenceStepSchema,
  },

  /**
   * What still needs a person: photos without a student, students without a photo, consent
   * conflicts, "do not photograph" students with photos, classes without a class photo.
   */
  'labels.checks': {
    params: z.object({ jobId: jobIdSchema, thresholds: optionalThresholds }).strict(),
    result: checksSchema,
  },

  /**
   * Writes an XMP sidecar (`Iptc4xmpExt:PersonInImage`) next to each labeled photo's copy in the
   * job's `originals` folder, atomically; the photos themselves are never rewritten.
   */
  'labels.writeXmp': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.object({ written: z.number(), removed: z.number() }),
  },

  /**
   * Same as `labels.writeXmp`, run as a task (id returned at once, progress in the tasks panel,
   * cancellable); the finished export is written to the audit trail with counts only.
   */
  'labels.exportXmp': { params: z.object({ jobId: jobIdSchema }).strict(), result: taskInfoSchema },

  /**
   * Marks a student absent in sequence mode ("-"), or lifts the mark (`absent: false`). Kept in the
   * job database (every window, after a restart), undoable like a label.
   */
  'labels.setAbsent': {
    params: z.object({ jobId: jobIdSchema, studentId: idSchema, absent: z.boolean() }).strict(),
    result: ok,
  },

  /** Students marked absent in sequence mode, in the order they were marked. */
  'labels.absent': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(z.string()) },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
