/**
 * Contract entries of the check of originals (spread into `contract`). The check is a task:
 * `originals.verify` returns at once, progress and the report come as `task.*` events.
 */
import { z } from 'zod';
import { originalsReportSchema } from '../domain/originals';
import { jobIdSchema } from './schemas';

export const originalsContract = {
  /**
   * Starts « Vérifier les originaux »: every original of the job and every registered backup copy
   * read back and compared with the SHA-256 recorded at ingest. With `repair` (only after the user
   * confirmed), a damaged or missing copy is remade from an intact copy of the same file and
   * verified. Returns the task id; the task's result is the report (`OriginalsReport`).
   */
  'originals.verify': {
    params: z.object({ jobId: jobIdSchema, repair: z.boolean().default(false) }).strict(),
    result: z.object({ taskId: z.string() }),
  },

  /** The latest finished check of the job (its date and report), or null when never checked. */
  'originals.last': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z
      .object({ taskId: z.string(), finishedAt: z.string(), report: originalsReportSchema })
      .nullable(),
  },
};
