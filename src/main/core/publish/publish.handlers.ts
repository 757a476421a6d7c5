/** RPC handlers of `publish.*`. */
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { TaskRunner } from '../tasks/task-runner';
import { PUBLISH_TASK } from './publish.task';
import type { PublishService } from './publish.service';

export type PublishMethods = 'publish.plan' | 'publish.start' | 'publish.history' | 'publish.removeStudent';

export function publishHandlers(
  jobs: JobsService,
  service: PublishService,
  tasks: TaskRunner,
): Pick<Handlers, PublishMethods> {
  return {
    'publish.plan': ({ jobId }) => service.plan(jobs.get(jobId)),
    'publish.start': async ({ jobId }) => {
      const job = jobs.get(jobId);
      // Said at once rather than as a failed task: there is nowhere to publish yet.
      await service.requireTarget();
      // A second click while one runs follows the running publish instead of queueing another.
      const running = tasks
        .list(job)
        .find((t) => t.kind === PUBLISH_TASK && (t.status === 'running' || t.status === 'queued'));
      return running ?? tasks.start(job, PUBLISH_TASK, {});
    },
    'publish.history': ({ jobId }, ctx) => service.history(jobs.get(jobId), ctx.lang),
    'publish.removeStudent': ({ jobId, studentId }) => service.removeStudent(jobs.get(jobId), studentId),
  };
}
