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
  'student.accessExported',
  'labels.bulk',
  'labels.consentOverride',
  'forms.built',
  'codes.revoked',
  'orders.recorded',
  'publish.failed',
  'publish.studentRemoved',
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
export const PURGE_LOCATIONS = ['originals', 'backup', 'cache'] as const;

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
      originals: z.number().int(),
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

export const erasureReportSchema = z.object({
  erasedAt: z.string(),
  by: z.string(),
  photosDeleted: z.number().int(),
  /** Photos showing other students too (class photo): kept, only this student's label removed. */
  sharedPhotosKept: z.number().int(),
  filesDeleted: z.number().int(),
  /** Rows removed per data owner (`roster`, `consent`, `labels`, `forms`, …). */
  rows: z.record(z.string(), z.number().int()),
  platform: z.object({ status: z.enum(['removed', 'not_published', 'skipped']), note: z.string() }),
  notes: z.array(z.string()),
});
export type ErasureReport = z.infer<typeof erasureReportSchema>;
