/** RPC handlers of the `jobs.*` methods. */
import type { Handlers } from '../rpc/dispatcher';
import type { JobsService } from './jobs.service';

export function jobsHandlers(
  jobs: JobsService,
): Pick<Handlers, 'jobs.list' | 'jobs.create' | 'jobs.open' | 'jobs.get' | 'jobs.close' | 'jobs.forget'> {
  return {
    'jobs.list': () => jobs.recent(),
    'jobs.create': (params) => jobs.create(params),
    'jobs.open': ({ path }) => jobs.openFolder(path),
    'jobs.get': ({ jobId }) => ({ ...jobs.get(jobId).summary() }),
    'jobs.close': async ({ jobId }) => {
      await jobs.close(jobId);
      return { ok: true as const };
    },
    'jobs.forget': ({ path }) => {
      jobs.forget(path);
      return { ok: true as const };
    },
  };
}
