/** Contract entries of data protection: audit trail, retention and purge, erasure and access export. */
import { z } from 'zod';
import {
  accessExportSchema,
  auditPageSchema,
  erasureReportSchema,
  jobRetentionSchema,
  purgeReportSchema,
  retentionOverviewSchema,
} from '../domain/gdpr';
import { languageSchema } from '../domain/settings';
import { idSchema, jobIdSchema, noParams, pathSchema } from './schemas';

export const gdprContract = {
  /**
   * The job's audit trail, most recent first, one page at a time, each row in words in `lang` (the
   * screen's language, so a switch rewords the page at once; default: the studio's language).
   */
  'audit.list': {
    params: z
      .object({
        jobId: jobIdSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        lang: languageSchema.optional(),
      })
      .strict(),
    result: auditPageSchema,
  },

  /**
   * Writes the whole audit trail as CSV (semicolon, UTF-8 with BOM, opens in Excel) into the job's
   * exports/, in `lang` (headers, lines, dates; default: the studio's language).
   */
  'audit.export': {
    params: z.object({ jobId: jobIdSchema, lang: languageSchema.optional() }).strict(),
    result: z.object({ path: z.string(), rows: z.number().int() }),
  },

  /** Retention dates of an open job (from the studio's policy) and what is still to delete. */
  'retention.get': { params: z.object({ jobId: jobIdSchema }).strict(), result: jobRetentionSchema },

  /** Every recent job with its retention dates: which are due, what a purge would delete. */
  'retention.overview': { params: noParams, result: retentionOverviewSchema },

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
   * Right to erasure, in one action: the student's photos everywhere they were registered
   * (originals, backup copies, previews, web copies, XMP sidecars; shared photos stay, only the
   * label goes), every file of the job naming or showing them (order forms, proof sheets and
   * shoot-day lists regenerated without them, bookkeeping exports and the treasurer's summary made
   * again, their access exports deleted), their rows (labels, poses, consent, codes, orders) and
   * their platform content. `dryRun: true` lists exactly that and changes nothing. The report lists
   * the copies that already left the app (opened, downloaded, written elsewhere). Both leave an
   * anonymous trace in the audit trail (date, by whom, counts; never the name).
   */
  'students.erase': {
    params: z
      .object({ jobId: jobIdSchema, studentId: idSchema, dryRun: z.boolean().default(false) })
      .strict(),
    result: erasureReportSchema,
  },

  /**
   * Right of access: a zip in exports/droit-d-acces/ with a PDF in French describing what is held
   * about the student (in the name of the association, the data controller of the order forms), a
   * CSV of their records with French headers, and their photos. `out` writes the zip there instead
   * (outside the job it counts as handed out: erasing the student lists it).
   */
  'students.exportAccess': {
    params: z.object({ jobId: jobIdSchema, studentId: idSchema, out: pathSchema.optional() }).strict(),
    result: accessExportSchema,
  },
} as const;
