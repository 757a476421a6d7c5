/**
 * Publishing as a task: a school takes minutes on a poor link, so the UI gets a task id at once,
 * follows files and bytes (with rate and ETA), and can cancel. A task interrupted by a crash or a
 * closed laptop runs again when the job is reopened and resumes from what the platform holds.
 */
import { z } from 'zod';
import type { PublishResult } from '../../../shared/domain/publish';
import type { TaskKind } from '../tasks/task-runner';
import type { PublishService } from './publish.service';

export const PUBLISH_TASK = 'publish';

const params = z.object({}).strict();

export function publishTask(service: PublishService): TaskKind<z.infer<typeof params>, PublishResult> {
  return {
    kind: PUBLISH_TASK,
    params,
    run: (ctx) =>
      service.publish(ctx.job, {
        signal: ctx.signal,
        onProgress: (step) =>
          step.phase === 'preparing'
            ? ctx.progress({ done: step.done, total: step.total, message: 'preparing' })
            : ctx.progress({
                done: step.filesDone,
                total: step.filesTotal,
                bytesDone: step.bytesDone,
                bytesTotal: step.bytesTotal,
                message: step.phase,
              }),
      }),
  };
}
