/**
 * What the studio shows about publishing a job: the plan (what goes online, who is left out and
 * why, which class photos are held back), the outcome of a publish and its history. The wire
 * protocol with the platform is `shared/publish/protocol.ts`; these are the studio's own views.
 */
import { z } from 'zod';

/** Why a student of the roster is not in the online gallery. */
export const PUBLISH_EXCLUSION_REASONS = [
  'no_online_consent',
  'no_photo_consent',
  'no_class',
  'no_photos',
] as const;
export type PublishExclusionReason = (typeof PUBLISH_EXCLUSION_REASONS)[number];

/** Why a class photo stays on this machine (see the consent gate). */
export const CLASS_PHOTO_HOLD_REASONS = [
  'students_without_online_consent',
  'unknown_students',
  'no_students_listed',
] as const;

export const excludedStudentSchema = z.object({
  studentId: z.string(),
  /** First name and name, for the photographer's screen only (never sent, never audited). */
  name: z.string(),
  classLabel: z.string(),
  reason: z.enum(PUBLISH_EXCLUSION_REASONS),
});
export type ExcludedStudent = z.infer<typeof excludedStudentSchema>;

export const heldBackClassPhotoSchema = z.object({
  classId: z.string(),
  classLabel: z.string(),
  photoId: z.string(),
  reason: z.enum(CLASS_PHOTO_HOLD_REASONS),
  /** Names of the students who block it. */
  students: z.array(z.string()),
});
export type HeldBackClassPhoto = z.infer<typeof heldBackClassPhotoSchema>;

/** The comparison with what the platform shows now; null when no platform is configured. */
export const publishRemoteSchema = z.object({
  upToDate: z.boolean(),
  previousVersion: z.number().int().nullable(),
  studentsAdded: z.number().int(),
  studentsChanged: z.number().int(),
  studentsRemoved: z.number().int(),
  filesAdded: z.number().int(),
  filesRemoved: z.number().int(),
  filesToSend: z.number().int(),
  bytesToSend: z.number().int(),
});

export const publishPlanSchema = z.object({
  jobId: z.string(),
  /** The platform's address, or null when none is configured. */
  platformUrl: z.string().nullable(),
  /** The family page, known once the platform answered. */
  familyUrl: z.string().nullable(),
  /** Galleries (one per printed code: a student, or siblings sharing a form). */
  galleries: z.number().int(),
  students: z.number().int(),
  photos: z.number().int(),
  classPhotos: z.number().int(),
  orderForms: z.number().int(),
  files: z.number().int(),
  totalBytes: z.number().int(),
  retention: z.object({ closeDate: z.string(), deleteDate: z.string() }),
  excluded: z.array(excludedStudentSchema),
  heldBack: z.array(heldBackClassPhotoSchema),
  /** Students whose content must come down (consent withdrawn after a publish). */
  pendingRemovals: z.number().int(),
  remote: publishRemoteSchema.nullable(),
});
export type PublishPlanView = z.infer<typeof publishPlanSchema>;

export const publishResultSchema = z.object({
  status: z.enum(['published', 'up_to_date']),
  platformUrl: z.string(),
  familyUrl: z.string(),
  galleryRef: z.string(),
  version: z.number().int(),
  filesSent: z.number().int(),
  bytesSent: z.number().int(),
  /** Files of the manifest the platform already held. */
  filesSkipped: z.number().int(),
  students: z.number().int(),
  excluded: z.array(excludedStudentSchema),
  heldBack: z.array(heldBackClassPhotoSchema),
  removalsDone: z.number().int(),
});
export type PublishResult = z.infer<typeof publishResultSchema>;

export const publishHistoryEntrySchema = z.object({
  at: z.string(),
  /** Who: the operating-system account and the host (`marie@electron`). */
  actor: z.string(),
  kind: z.enum(['published', 'failed', 'removed']),
  /** The platform's answer in one line (version published, error, student removed). */
  answer: z.string(),
  platformUrl: z.string().nullable(),
  version: z.number().int().nullable(),
  filesSent: z.number().int().nullable(),
  bytesSent: z.number().int().nullable(),
  students: z.number().int().nullable(),
});
export type PublishHistoryEntry = z.infer<typeof publishHistoryEntrySchema>;

export const removeStudentResultSchema = z.object({
  /** Galleries the student was taken out of. */
  galleries: z.number().int(),
  removed: z.boolean(),
  classPhotosRemoved: z.number().int(),
});
