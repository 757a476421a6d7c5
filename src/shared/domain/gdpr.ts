/**
 * Data protection as the UI sees it: the job's audit trail, its retention dates and what a purge
 * deletes, the anonymous report of a student's erasure and the access export. Kept apart from the
 * roster so every feature holding personal data can be checked against one vocabulary.
 */
import { z } from 'zod';

export const AUDIT_ACTIONS = [
  'roster.imported',
  'consent.recorded',
  'consent.withdrawn',
  'consent.undone',
  'ingest.card',
  'originals.verified',
  'export.written',
  'publish.done',
  'retention.purged',
  'student.erased',
  'student.erasurePlanned',
  'student.accessExported',
  'labels.bulk',
  'labels.consentOverride',
  'forms.built',
  'codes.revoked',
  'orders.recorded',
  'orders.synced',
  'orders.changed',
  'publish.failed',
  'publish.studentRemoved',
  'cards.printed',
  'cards.accepted',
  'production.ran',
  'production.packed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEventSchema = z.object({
  id: z.number().int(),
  /** ISO timestamp. */
  at: z.string(),
  /** The studio user: operating-system account and which host (`marie@electron`). */
  actor: z.string(),
  action: z.string(),
  /** One readable line, in French, without any name. */
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  total: z.number().int(),
});

export const retentionDatesSchema = z.object({
  galleryCloses: z.string(),
  hdFilesDeleted: z.string(),
  bookkeepingDeleted: z.string(),
});

/** Where a file to purge lives: the job's originals, a backup copy registered at ingest, or the cache. */
/** `prints`: print and digital files of production runs (high-definition images, purged with them). */
export const PURGE_LOCATIONS = ['originals', 'backup', 'cache', 'prints'] as const;

export const purgeFileSchema = z.object({
  location: z.enum(PURGE_LOCATIONS),
  path: z.string(),
  size: z.number().int(),
});

export const purgePlatformSchema = z.object({
  galleryRef: z.string(),
  platformUrl: z.string(),
  /** `skipped` with a note when no platform is configured or it did not answer. */
  status: z.enum(['planned', 'removed', 'skipped']),
  studentsRemoved: z.number().int(),
  note: z.string(),
});

export const purgeReportSchema = z.object({
  jobId: z.string(),
  dryRun: z.boolean(),
  dates: retentionDatesSchema,
  files: z.array(purgeFileSchema),
  bytes: z.number().int(),
  platform: z.array(purgePlatformSchema),
  /** Files that could not be deleted (an unplugged backup drive): the purge can be run again. */
  failures: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type PurgeReport = z.infer<typeof purgeReportSchema>;

export const jobRetentionSchema = z.object({
  jobId: z.string(),
  path: z.string(),
  schoolName: z.string(),
  schoolYear: z.string(),
  dates: retentionDatesSchema,
  galleryCloseDue: z.boolean(),
  hdDeleteDue: z.boolean(),
  /** Only known for jobs open in this session (their folder is read); null otherwise. */
  pending: z
    .object({
      /** Photos in `originals/` (what « originaux » counts). */
      originals: z.number().int(),
      /** The other files kept with them in `originals/`: XMP, THM, WAV sidecars and other card files. */
      sidecars: z.number().int(),
      backups: z.number().int(),
      cache: z.number().int(),
      bytes: z.number().int(),
      platformGalleries: z.number().int(),
      /** False for a job not open now: its backup copies and publications are not known. */
      complete: z.boolean(),
    })
    .nullable(),
  available: z.boolean(),
});
export type JobRetention = z.infer<typeof jobRetentionSchema>;

export const retentionOverviewSchema = z.object({
  today: z.string(),
  jobs: z.array(jobRetentionSchema),
  /** True when a job's high-definition files are past their deletion date and still there (or unknown). */
  overdue: z.boolean(),
});

/**
 * Every kind of file that can name or show a student, for the erasure's dry run and report
 * ("3 order forms regenerated, 12 originals deleted"). A feature that writes a new kind of file adds
 * it here and declares, in its student data owner, how erasure removes or regenerates it.
 */
export const STUDENT_FILE_KINDS = [
  'original',
  'backup_copy',
  'thumbnail',
  'preview',
  'web_copy',
  'xmp_sidecar',
  'order_forms',
  'school_order_forms',
  'proof_sheet',
  'forms_report',
  'shoot_list',
  'consent_sheet',
  'bookkeeping',
  'treasurer_summary',
  'access_export',
  'platform_order_form',
  'photo_cards',
  'print_file',
  'lab_manifest',
] as const;
export type StudentFileKind = (typeof STUDENT_FILE_KINDS)[number];

/** How a file left the app's hands: opened in another program, downloaded from the browser host, written outside the job folder, sent to a lab. */
export const HANDOUT_WAYS = ['opened', 'downloaded', 'outside', 'lab'] as const;
export type HandoutWay = (typeof HANDOUT_WAYS)[number];

export const erasureFileSchema = z.object({
  kind: z.enum(STUDENT_FILE_KINDS),
  path: z.string(),
  /** `delete`: the file is the student's (their photo, their export); `regenerate`: made again without them. */
  action: z.enum(['delete', 'regenerate']),
  /**
   * `planned` in a dry run; after the erasure `deleted` or `regenerated`, or `failed` (the file
   * could not be changed and may still name the student: `note` says why and what to do).
   */
  outcome: z.enum(['planned', 'deleted', 'regenerated', 'failed']),
  /**
   * Why, when it is not plain: a sibling's form moves into this file; nothing else was left in it
   * (deleted); it could not be made again (deleted instead); it could not be changed at all.
   */
  reason: z.enum(['', 'sibling_form', 'nothing_left', 'remake_failed', 'cannot_change']),
  /** The same in a French sentence (CLI, logs), with the file-system cause when there is one. */
  note: z.string(),
});
export type ErasureFile = z.infer<typeof erasureFileSchema>;

export const erasureHandoutSchema = z.object({
  kind: z.enum(STUDENT_FILE_KINDS),
  /** The file as it was handed out (it may have been moved, printed or sent since). */
  path: z.string(),
  how: z.enum(HANDOUT_WAYS),
  /** ISO timestamp. */
  at: z.string(),
});
export type ErasureHandout = z.infer<typeof erasureHandoutSchema>;

export const erasureReportSchema = z.object({
  /** True for the dry run: nothing was changed, every file is `planned`. */
  dryRun: z.boolean(),
  /** When the erasure ran (or the dry run was made). */
  erasedAt: z.string(),
  by: z.string(),
  photosDeleted: z.number().int(),
  /** Photos showing other students too (class photo): kept, only this student's label removed. */
  sharedPhotosKept: z.number().int(),
  filesDeleted: z.number().int(),
  filesRegenerated: z.number().int(),
  /** Every file of the job that names or shows the student, with what the erasure does to it. */
  files: z.array(erasureFileSchema),
  /** Rows removed per data owner (`roster`, `consent`, `labels`, `forms`, …); the rows a dry run would remove. */
  rows: z.record(z.string(), z.number().int()),
  platform: z.object({
    status: z.enum(['planned', 'removed', 'not_published', 'skipped']),
    /** Galleries the student is in online. */
    galleries: z.number().int(),
    note: z.string(),
  }),
  /** Copies that left the app (opened, downloaded, written elsewhere): the studio deals with them. */
  handedOut: z.array(erasureHandoutSchema),
  /** Registered backup copies that were not found (drive unplugged): to delete when it is back. */
  missingBackups: z.array(z.string()),
  /** Everything above worth saying, as French sentences (CLI). */
  notes: z.array(z.string()),
});
export type ErasureReport = z.infer<typeof erasureReportSchema>;

export const accessExportSchema = z.object({
  /** The zip in the job's exports (PDF in French, CSV of the records, the photos). */
  path: z.string(),
  /** Its folder inside exports/, to show in the file manager. */
  folder: z.string(),
  photos: z.number().int(),
  /** Lines of the records CSV. */
  records: z.number().int(),
});
export type AccessExport = z.infer<typeof accessExportSchema>;
