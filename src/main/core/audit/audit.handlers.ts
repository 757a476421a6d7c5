/**
 * RPC handlers of `audit.*`: the job's trail read page by page, and exported as CSV. Each feature
 * declares its own audited actions where it registers them (audit/audited.ts).
 */
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { AuditLog } from './audit-log';

export function auditHandlers(
  jobs: JobsService,
  audit: AuditLog,
): Pick<Handlers, 'audit.list' | 'audit.export'> {
  return {
    'audit.list': ({ jobId, offset, limit, lang }, ctx) =>
      audit.list(jobs.get(jobId), offset, limit, lang ?? ctx.lang),
    'audit.export': ({ jobId, lang }, ctx) => audit.exportCsv(jobs.get(jobId), lang ?? ctx.lang),
  };
}
