/** RPC handlers of the `tasks.*` methods. */
import { AppError } from '../../lib/errors';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { TaskRunner } from './task-runner';

export function tasksHandlers(
  jobs: JobsService,
  runner: TaskRunner,
): Pick<Handlers, 'tasks.list' | 'tasks.cancel'> {
  return {
    'tasks.list': ({ jobId }) => runner.list(jobs.get(jobId)),
    'tasks.cancel': ({ taskId }) => {
      if (!runner.cancel(taskId)) throw new AppError('not_found', { what: `tâche ${taskId}` });
      return { ok: true as const };
    },
  };
}
