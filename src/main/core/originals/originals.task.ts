/**
 * The « Vérifier les originaux » task: the season check as resumable long work (progress with the
 * MB/s read, cancel, resume after a kill where it stopped), its counts written to the audit trail
 * in the transaction of its last step. The report is the task's result; the latest one is what the
 * ingest screen shows (date and outcome).
 */
import {
  ORIGINALS_VERIFY_TASK,
  originalsVerifyParamsSchema,
  type OriginalsReport,
  type OriginalsVerifyParams,
} from '../../../shared/domain/originals';
import type { Language } from '../../../shared/domain/settings';
import { count, formatNumber, translate } from '../../../shared/i18n';
import type { AuditLog } from '../audit/audit-log';
import type { OpenJob } from '../jobs/job-folder';
import type { TaskKind } from '../tasks/task-runner';
import type { OriginalsService } from './originals.service';

/** The audit entry of one check: counts only (no file name, no path). */
export function auditOriginalsCheck(audit: AuditLog, job: OpenJob, report: OriginalsReport): void {
  audit.record(
    job.db,
    'originals.verified',
    `Vérification des originaux : ${count(report.files, 'fichier', 'fichiers')}, ${count(report.intact, 'copie intacte', 'copies intactes')}, ${count(report.damaged.length, 'endommagée ou absente', 'endommagées ou absentes')}, ${count(report.repaired.length, 'réparée', 'réparées')}`,
    {
      files: report.files,
      copies: report.copies,
      bytes: report.bytes,
      intact: report.intact,
      damaged: report.damaged.length,
      repaired: report.repaired.length,
      unreachable: report.unreachable.reduce((n, u) => n + u.copies, 0),
      repair: report.repair,
    },
  );
}

export function originalsVerifyTaskKind(deps: {
  originals: OriginalsService;
  audit: AuditLog;
  language: () => Language;
}): TaskKind<OriginalsVerifyParams, OriginalsReport> {
  return {
    kind: ORIGINALS_VERIFY_TASK,
    params: originalsVerifyParamsSchema,
    run: async (ctx) => {
      const lang = deps.language();
      const report = await deps.originals.check(ctx.job, {
        repair: ctx.params.repair,
        signal: ctx.signal,
        done: ctx.doneItems('checked'),
        markChecked: (item) => ctx.markStepDone(item, 'checked'),
        repairedBefore: ctx.doneItems('repaired'),
        markRepaired: (item) => ctx.markStepDone(item, 'repaired'),
        onProgress: (p) =>
          ctx.progress({
            done: p.filesDone,
            total: p.filesTotal,
            bytesDone: p.bytesDone,
            bytesTotal: p.bytesTotal,
            message: translate(lang, 'originals.progress', {
              done: p.filesDone,
              total: p.filesTotal,
              rate: formatNumber(lang, Math.round(p.mbPerSecond)),
            }),
          }),
      });
      auditOriginalsCheck(deps.audit, ctx.job, report);
      return report;
    },
  };
}
