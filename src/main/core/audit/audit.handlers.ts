/**
 * RPC handlers of `audit.*`, and the audit hook on the existing features: rather than threading the
 * audit log through every service, the handlers whose success the trail must show are wrapped here,
 * and the trace is written right after the action succeeded. Ingest runs as a task, so a finished
 * ingest task is traced from its `task.finished` event.
 */
import path from 'node:path';
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { AuditLog } from './audit-log';

export function auditHandlers(
  jobs: JobsService,
  audit: AuditLog,
): Pick<Handlers, 'audit.list' | 'audit.export'> {
  return {
    'audit.list': ({ jobId, offset, limit }) => audit.list(jobs.get(jobId), offset, limit),
    'audit.export': ({ jobId }) => audit.exportCsv(jobs.get(jobId)),
  };
}

/** `audit.record` addressed by job id (the handlers know the job id, not its database). */
export function jobAuditRecorder(jobs: JobsService, audit: AuditLog) {
  return (jobId: string, ...rest: Parameters<AuditLog['record']> extends [unknown, ...infer R] ? R : never) =>
    audit.record(jobs.get(jobId).db, ...rest);
}

/** Wraps the handlers of actions the audit trail records; every other handler is left as it is. */
export function withAudit(handlers: Handlers, jobs: JobsService, audit: AuditLog): Handlers {
  const record = jobAuditRecorder(jobs, audit);
  return {
    ...handlers,
    'roster.import': async (params, ctx) => {
      const result = await handlers['roster.import'](params, ctx);
      if (!params.dryRun)
        record(params.jobId, 'roster.imported', `Liste d’élèves importée : ${result.students} élèves`, {
          file: path.basename(result.file),
          format: result.format,
          students: result.students,
          classes: result.classes.length,
          rejected: result.rejected.length,
        });
      return result;
    },
    'consent.record': async (params, ctx) => {
      const result = await handlers['consent.record'](params, ctx);
      record(
        params.jobId,
        'consent.recorded',
        `Consentement enregistré (${params.use}, ${params.holder} : ${params.decision})`,
        { use: params.use, holder: params.holder, decision: params.decision, source: params.source },
        params.studentId,
      );
      return result;
    },
    'consent.withdraw': async (params, ctx) => {
      const result = await handlers['consent.withdraw'](params, ctx);
      record(
        params.jobId,
        'consent.withdrawn',
        `Consentement retiré (${params.use}, ${params.holder})`,
        { use: params.use, holder: params.holder, source: params.source },
        params.studentId,
      );
      return result;
    },
    'shootList.pdf': async (params, ctx) => {
      const result = await handlers['shootList.pdf'](params, ctx);
      record(params.jobId, 'export.written', 'Liste de prise de vue exportée (PDF)', {
        file: path.basename(result.path),
        classes: params.classIds?.length ?? 0,
      });
      return result;
    },
  };
}

/** Traces each ingest task that ended: the card, what was copied and the verdict. */
export function auditIngest(events: EventBus, jobs: JobsService, audit: AuditLog): () => void {
  return events.on((event) => {
    if (event.name !== 'task.finished') return;
    const finished = event.payload as { jobId: string; kind: string; status: string; result: unknown };
    if (finished.kind !== 'ingest') return;
    const job = jobs.openJobs().find((j) => j.id === finished.jobId);
    if (!job) return;
    const r = (finished.result ?? {}) as {
      cardNumber?: number;
      copied?: number;
      photos?: number;
      safeToFormat?: boolean;
    };
    audit.record(
      job.db,
      'ingest.card',
      finished.status === 'done'
        ? `Carte ${r.cardNumber ?? '?'} copiée : ${r.copied ?? 0} fichiers, ${r.photos ?? 0} photos`
        : `Copie de carte interrompue (${finished.status})`,
      {
        status: finished.status,
        card: r.cardNumber ?? null,
        copied: r.copied ?? 0,
        photos: r.photos ?? 0,
        safeToFormat: r.safeToFormat ?? false,
      },
    );
  });
}
