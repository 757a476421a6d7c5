/**
 * The audit trail of order forms: forms built (by a call or as a task), bookkeeper exports written,
 * access codes revoked and paper orders typed in. Like the other features' traces, the handlers are
 * wrapped rather than the service threaded with the log, and rows carry counts only: never a
 * student's name, an access code or the free-text reason of a revocation (it may name a family).
 */
import path from 'node:path';
import type { FormsReport } from '../../../shared/domain/order-form';
import type { AuditLog } from '../audit/audit-log';
import { jobAuditRecorder } from '../audit/audit.handlers';
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import { FORMS_BUILD_TASK } from './forms-build.task';

function builtSummary(report: Pick<FormsReport, 'forms' | 'students' | 'skipped'>): string {
  return `Bons de commande produits : ${report.forms} bon(s) pour ${report.students} élève(s), ${report.skipped.length} élève(s) sans bon`;
}

function builtDetails(report: FormsReport, classes: number): Record<string, unknown> {
  return {
    forms: report.forms,
    students: report.students,
    skipped: report.skipped.length,
    files: report.files.length,
    classes,
  };
}

/** Wraps the order-form handlers whose success the audit trail shows. */
export function withFormsAudit(handlers: Handlers, jobs: JobsService, audit: AuditLog): Handlers {
  const record = jobAuditRecorder(jobs, audit);
  return {
    ...handlers,
    'forms.build': async (params, ctx) => {
      const report = await handlers['forms.build'](params, ctx);
      record(
        params.jobId,
        'forms.built',
        builtSummary(report),
        builtDetails(report, params.classIds?.length ?? 0),
      );
      return report;
    },
    'forms.export': async (params, ctx) => {
      const result = await handlers['forms.export'](params, ctx);
      record(
        params.jobId,
        'export.written',
        `Liste des bons de commande exportée (${params.format.toUpperCase()}, ${result.rows} lignes)`,
        { file: path.basename(result.path), format: params.format, rows: result.rows },
      );
      return result;
    },
    'forms.summaryPdf': async (params, ctx) => {
      const result = await handlers['forms.summaryPdf'](params, ctx);
      record(params.jobId, 'export.written', 'Récapitulatif de trésorerie exporté (PDF)', {
        file: path.basename(result.path),
      });
      return result;
    },
    'codes.revoke': async (params, ctx) => {
      const result = await handlers['codes.revoke'](params, ctx);
      record(
        params.jobId,
        'codes.revoked',
        result.kind === 'family' ? 'Code d’accès d’une fratrie révoqué' : 'Code d’accès d’un élève révoqué',
        { kind: result.kind, students: result.studentIds.length, reasonGiven: params.reason.length > 0 },
      );
      return result;
    },
    'orders.record': async (params, ctx) => {
      const order = await handlers['orders.record'](params, ctx);
      record(params.jobId, 'orders.recorded', `Bon de commande papier saisi (${order.items} article(s))`, {
        orders: 1,
        items: order.items,
        paymentMethod: order.paymentMethod,
      });
      return order;
    },
  };
}

/** Traces each order-forms build task that ended, with its counts. */
export function auditFormsTask(events: EventBus, jobs: JobsService, audit: AuditLog): () => void {
  return events.on((event) => {
    if (event.name !== 'task.finished') return;
    const finished = event.payload as { jobId: string; kind: string; status: string; result: unknown };
    if (finished.kind !== FORMS_BUILD_TASK) return;
    const job = jobs.openJobs().find((j) => j.id === finished.jobId);
    if (!job) return;
    if (finished.status === 'done' && finished.result) {
      const report = finished.result as FormsReport;
      audit.record(job.db, 'forms.built', builtSummary(report), builtDetails(report, 0));
    } else {
      audit.record(
        job.db,
        'forms.built',
        `Production des bons de commande interrompue (${finished.status})`,
        {
          status: finished.status,
        },
      );
    }
  });
}
