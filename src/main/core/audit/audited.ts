/**
 * Audited actions, declared on the line that registers them. A feature writes
 *
 *     'consent.record': audited.change(consentRecorded, (p) => consent.record(…)),
 *
 * and the trail gets exactly one row per successful call, with nothing to remember elsewhere:
 * - `change` wraps a handler that changes the job database (synchronously, as better-sqlite3 does):
 *   the change and its row commit in one transaction, so a failing change leaves no row and a row
 *   never describes a change that did not happen;
 * - `prepared` wraps a change that needs slow work first (reading a file): the work runs, then
 *   the change and its row commit in one transaction;
 * - `after` wraps a handler whose work is files or the network (a PDF written, a publish): the row
 *   is written once the work succeeded.
 * The entry is computed from the call's params and result; returning null records nothing (a dry run).
 */
import type { CallContext } from '../rpc/dispatcher';
import type { JobsService } from '../jobs/jobs.service';
import type { AuditEntry, AuditLog } from './audit-log';

interface JobParams {
  jobId: string;
}

export type AuditSummary<P, R> = (params: P, result: R) => AuditEntry | null;

export interface Audited {
  /** (The handler may be typed as returning a promise by the contract; it must not return one.) */
  change<P extends JobParams, R>(
    summary: AuditSummary<P, Exclude<R, PromiseLike<unknown>>>,
    handler: (params: P, ctx: CallContext) => R,
  ): (params: P, ctx: CallContext) => R;
  prepared<P extends JobParams, W, R>(
    summary: AuditSummary<P, R>,
    prepare: (params: P, ctx: CallContext) => Promise<W>,
    apply: (params: P, prepared: W, ctx: CallContext) => R,
  ): (params: P, ctx: CallContext) => Promise<R>;
  after<P extends JobParams, R>(
    summary: AuditSummary<P, R>,
    handler: (params: P, ctx: CallContext) => Promise<R>,
  ): (params: P, ctx: CallContext) => Promise<R>;
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function auditing(deps: { jobs: JobsService; audit: AuditLog }): Audited {
  return {
    change: (summary, handler) => (params, ctx) => {
      const db = deps.jobs.get(params.jobId).db;
      return db.transaction(() => {
        const result = handler(params, ctx);
        // A promise here would commit before the work ends: such handlers are declared with `after`.
        if (isThenable(result))
          throw new Error('audited.change needs a synchronous handler; use audited.after');
        const entry = summary(params, result as Exclude<typeof result, PromiseLike<unknown>>);
        if (entry) deps.audit.write(db, entry);
        return result;
      })();
    },
    prepared: (summary, prepare, apply) => async (params, ctx) => {
      const work = await prepare(params, ctx);
      const db = deps.jobs.get(params.jobId).db;
      return db.transaction(() => {
        const result = apply(params, work, ctx);
        const entry = summary(params, result);
        if (entry) deps.audit.write(db, entry);
        return result;
      })();
    },
    after: (summary, handler) => async (params, ctx) => {
      const result = await handler(params, ctx);
      const entry = summary(params, result);
      if (entry) deps.audit.write(deps.jobs.get(params.jobId).db, entry);
      return result;
    },
  };
}
