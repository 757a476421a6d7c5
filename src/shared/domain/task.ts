/**
 * Long work (ingest, exports, publishing…) runs as a task: an id is returned at once, progress is
 * pushed as events, it can be cancelled, and unfinished tasks resume when their job is reopened.
 */
import { z } from 'zod';
import { rpcErrorSchema } from '../rpc/errors';

export const TASK_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const taskProgressSchema = z.object({
  taskId: z.string(),
  jobId: z.string(),
  kind: z.string(),
  done: z.number(),
  total: z.number(),
  bytesDone: z.number().optional(),
  bytesTotal: z.number().optional(),
  /** Items per second over the recent window. */
  rate: z.number().optional(),
  etaSeconds: z.number().optional(),
  message: z.string().optional(),
});
export type TaskProgress = z.infer<typeof taskProgressSchema>;

export const taskInfoSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  kind: z.string(),
  status: taskStatusSchema,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  done: z.number(),
  total: z.number(),
  error: rpcErrorSchema.nullable(),
  /** Kind-specific summary written when the task ends (e.g. the card verdict of an ingest). */
  result: z.unknown().nullable(),
});
export type TaskInfo = z.infer<typeof taskInfoSchema>;

export const taskFinishedSchema = z.object({
  taskId: z.string(),
  jobId: z.string(),
  kind: z.string(),
  status: taskStatusSchema,
  error: rpcErrorSchema.nullable(),
  result: z.unknown().nullable(),
});
export type TaskFinished = z.infer<typeof taskFinishedSchema>;
