/** RPC handlers of `retention.*`, `students.erase` and `students.exportAccess`. */
import path from 'node:path';
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { AccessExportService } from './access-export.service';
import type { ErasureService } from './erasure.service';
import type { RetentionService } from './retention.service';

export type GdprMethods =
  'retention.get' | 'retention.overview' | 'retention.purge' | 'students.erase' | 'students.exportAccess';

export function gdprHandlers(
  jobs: JobsService,
  retention: RetentionService,
  erasure: ErasureService,
  access: AccessExportService,
  events: EventBus,
): Pick<Handlers, GdprMethods> {
  return {
    'retention.get': ({ jobId }) => retention.get(jobs.get(jobId)),
    'retention.overview': async () => retention.overview(await jobs.recent(), jobs.openJobs()),
    'retention.purge': async ({ jobId, dryRun }) => {
      const report = await retention.purge(jobs.get(jobId), dryRun);
      if (!dryRun) events.emit('data.changed', { entity: 'photos', jobId });
      return report;
    },
    'students.erase': async ({ jobId, studentId, dryRun }) => {
      const report = await erasure.erase(jobs.get(jobId), studentId, { dryRun });
      if (!dryRun) {
        events.emit('data.changed', { entity: 'students', jobId });
        events.emit('data.changed', { entity: 'photos', jobId });
        events.emit('data.changed', { entity: 'forms', jobId });
      }
      return report;
    },
    'students.exportAccess': ({ jobId, studentId, out }) =>
      access.export(jobs.get(jobId), studentId, out ? path.resolve(out) : undefined),
  };
}
