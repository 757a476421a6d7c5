/** RPC handlers of `originals.*`: start the check of a job's originals, and its latest report. */
import { ORIGINALS_VERIFY_TASK, originalsReportSchema } from '../../../shared/domain/originals';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { TaskRunner } from '../tasks/task-runner';
import { TaskRepository } from '../tasks/task.repository';

export function originalsHandlers(
  jobs: JobsService,
  tasks: TaskRunner,
): Pick<Handlers, 'originals.verify' | 'originals.last'> {
  return {
    'originals.verify': ({ jobId, repair }) => {
      const job = jobs.get(jobId);
      // A check already waiting or running (a double click): follow it rather than queue another.
      const running = job
        .repo(TaskRepository)
        .unfinished()
        .find(
          (t) => t.kind === ORIGINALS_VERIFY_TASK && (t.params as { repair?: boolean }).repair === repair,
        );
      if (running) return { taskId: running.id };
      return { taskId: tasks.start(job, ORIGINALS_VERIFY_TASK, { repair }).id };
    },
    'originals.last': ({ jobId }) => {
      const job = jobs.get(jobId);
      const last = tasks
        .list(job)
        .filter((t) => t.kind === ORIGINALS_VERIFY_TASK && t.status === 'done' && t.finishedAt)
        .sort((a, b) => (a.finishedAt! < b.finishedAt! ? 1 : -1))[0];
      const report = last ? originalsReportSchema.safeParse(last.result) : null;
      return last && report?.success
        ? { taskId: last.id, finishedAt: last.finishedAt!, report: report.data }
        : null;
    },
  };
}
