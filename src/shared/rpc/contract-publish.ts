/** Contract entries of publishing a job's galleries and order forms to the sales platform. */
import { z } from 'zod';
import { publishHistoryEntrySchema, publishPlanSchema, removeStudentResultSchema } from '../domain/publish';
import { taskInfoSchema } from '../domain/task';
import { idSchema, jobIdSchema } from './schemas';

export const publishContract = {
  /**
   * What a publish would do, before anything is sent: galleries, photos, class photos, order forms,
   * size; the students left out and why; the class photos held back by the consent gate; and, when
   * a platform is configured, what changed since the last publish and how much must travel.
   */
  'publish.plan': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: publishPlanSchema,
  },

  /**
   * Publishes the job as a task (progress in files and bytes, cancel with `tasks.cancel`; an
   * interrupted publish resumes from what the platform already holds). Fails with
   * `publish_no_platform` when no platform is configured.
   */
  'publish.start': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: taskInfoSchema,
  },

  /** Every publish of the job, most recent first: when, by whom, what was sent, the platform's answer. */
  'publish.history': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.array(publishHistoryEntrySchema),
  },

  /**
   * Takes one student's photos, order form and class photos off the platform now (consent withdrawn),
   * without waiting for the next publish.
   */
  'publish.removeStudent': {
    params: z.object({ jobId: jobIdSchema, studentId: idSchema }).strict(),
    result: removeStudentResultSchema,
  },
} as const;
