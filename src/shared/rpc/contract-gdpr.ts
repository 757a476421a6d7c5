/** Contract entries of data protection: audit trail, retention and purge, erasure and access export. */
import { z } from 'zod';
import { jobIdSchema } from '../domain/job';
import {
  auditPageSchema,
  erasureReportSchema,
  jobRetentionSchema,
  purgeReportSchema,
  retentionOverviewSchema,
} from '../domain/gdpr';

const studentId = z.string().min(1).max(100);

export const gdprContract = {
  /** The job's audit trail, most recent first, one page at a time. */
  'audit.list': {
    params: z
      .object({
        jobId: jobIdSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    result: auditPageSchema,
  },

  /** Writes the whole audit trail as CSV (semicolon, UTF-8 with BOM, opens in Excel) into the job's exports/. */
  'audit.export': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.object({ path: z.string(), rows: z.number().int() }),
  },

  /** Retention dates of an open job (from the studio's policy) and what is still to delete. */
  'retention.get': { params: z.object({ jobId: jobIdSchema }).strict(), result: jobRetentionSchema },

  /** Every recent job with its retention dates: which are due, what a purge would delete. */
  'retention.overview': { params: z.object({}).strict(), result: retentionOverviewSchema },

  /**
   * Deletes the job's high-definition files everywhere they were registered (originals, backup
   * copies made at ingest, previews and thumbnails) and its content on the platform (through the
   * publish protocol). `dryRun: true` lists exactly what would go, deleting nothing.
   */
  'retention.purge': {
    params: z.object({ jobId: jobIdSchema, dryRun: z.boolean().default(true) }).strict(),
    result: purgeReportSchema,
  },

  /**
   * Right to erasure, in one action: the student's photos (shared photos keep, only the label goes),
   * previews, labels, forms, consent records, access codes and platform content. Leaves an
   * anonymous trace in the audit trail (date, by whom, counts; never the name).
   */
  'students.erase': {
    params: z.object({ jobId: jobIdSchema, studentId }).strict(),
    result: erasureReportSchema,
  },

  /** Right of access: a zip in exports/ with the student's data (JSON, CSV), photos, consent and publish history. */
  'students.exportAccess': {
    params: z.object({ jobId: jobIdSchema, studentId }).strict(),
    result: z.object({ path: z.string(), photos: z.number().int() }),
  },
} as const;
