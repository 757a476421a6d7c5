/**
 * The season-long check of a job's originals: every registered copy (the job's `originals/` and
 * each backup copy recorded at ingest) read back and compared with the SHA-256 recorded when it was
 * verified, months before the prints are made. What the UI, the CLI and the core exchange about it.
 */
import { z } from 'zod';

export const ORIGINALS_VERIFY_TASK = 'originals.verify';

export const originalsVerifyParamsSchema = z.object({
  /** Repair a damaged or missing copy from an intact copy of the same file (after the user confirmed). */
  repair: z.boolean().default(false),
});
export type OriginalsVerifyParams = z.output<typeof originalsVerifyParamsSchema>;

export const copyIssueSchema = z.object({
  /** The file as the job names it (its final name), or its card path when it has none. */
  file: z.string(),
  /** The copy concerned: a path in the job's originals folder or on the backup drive. */
  copy: z.string(),
  location: z.enum(['job', 'backup']),
  state: z.enum(['damaged', 'missing']),
  /** An intact copy of the same file exists to repair it from. */
  repairable: z.boolean(),
});
export type CopyIssue = z.infer<typeof copyIssueSchema>;

export const originalsReportSchema = z.object({
  checkedAt: z.string(),
  repair: z.boolean(),
  files: z.number(),
  copies: z.number(),
  bytes: z.number(),
  intact: z.number(),
  /** Copies still damaged or missing at the end of this check. */
  damaged: z.array(copyIssueSchema),
  /** Copies made again from an intact copy and verified in this check. */
  repaired: z.array(copyIssueSchema),
  /** Backup folders that were not there (a drive not plugged in): their copies were not checked. */
  unreachable: z.array(z.object({ folder: z.string(), copies: z.number() })),
});
export type OriginalsReport = z.infer<typeof originalsReportSchema>;

/** True when every registered copy was read and found intact. */
export function originalsClean(report: OriginalsReport): boolean {
  return report.damaged.length === 0 && report.unreachable.length === 0;
}
