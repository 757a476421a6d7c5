/**
 * RPC handler of `fs.openExport`: a produced file opened by the host's default application. Once
 * opened it may be printed or copied anywhere: the export registry notes it, and erasing a student
 * named in it lists that copy for the studio.
 */
import type { HostPort } from '../host.port';
import { AppError } from '../../lib/errors';
import type { JobsService } from '../jobs/jobs.service';
import type { Logger } from '../../lib/logger';
import type { Handlers } from '../rpc/dispatcher';
import { resolveExportFile, resolveExportFolder } from './export-files';
import { ExportRegistry } from './export-registry.repository';

export function exportsHandlers(
  jobs: JobsService,
  host: HostPort,
  logger: Logger,
): Pick<Handlers, 'fs.openExport'> {
  return {
    'fs.openExport': async ({ jobId, path }) => {
      const job = jobs.get(jobId);
      const file =
        (await resolveExportFile(job.dir, path, logger)) ??
        (await resolveExportFolder(job.dir, path, logger));
      if (!file) throw new AppError('not_found', { what: path });
      if (!host.openPath) return { supported: false };
      await host.openPath(file);
      new ExportRegistry(job).handedOut(file, 'opened');
      return { supported: true };
    },
  };
}
