/**
 * `production.run` as a task: a school's prints take minutes, so the UI starts the run, follows
 * its progress (originals rendered) and can cancel it. Each photo's files are a step: a resumed run
 * (after a crash or a close) keeps the files already in its staging folder and goes on from there.
 * Its audit entry carries counts only, never a name.
 */
import { z } from 'zod';
import { labProfileSchema, type ProductionReport } from '../../../shared/domain/production';
import { count } from '../../../shared/i18n';
import { stoppedWhy, type AuditEntry } from '../audit/audit-log';
import type { OpenJob } from '../jobs/job-folder';
import type { TaskKind } from '../tasks/task-runner';
import type { ProductionService } from './production.service';

export const PRODUCTION_RUN_TASK = 'production.run';

const params = z.object({ profile: labProfileSchema });

export function productionRunTask(
  production: ProductionService,
  unfinishedRuns: (job: OpenJob) => ReadonlySet<string>,
): TaskKind<z.infer<typeof params>, ProductionReport> {
  return {
    kind: PRODUCTION_RUN_TASK,
    params,
    run: (ctx) =>
      production.run(ctx.job, {
        profile: ctx.params.profile,
        runId: ctx.taskId,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress({ done, total }),
        isDone: (photoId) => ctx.isStepDone(photoId, 'render'),
        markDone: (photoId) => ctx.markStepDone(photoId, 'render'),
        keepPartial: () => ctx.suspended(),
        unfinishedRuns: () => unfinishedRuns(ctx.job),
      }),
    audit: (outcome) =>
      outcome.status === 'done'
        ? productionAuditEntry(outcome.result)
        : {
            action: 'production.ran',
            summary: `Production pour le laboratoire interrompue (${stoppedWhy(outcome.status)})`,
            details: { status: outcome.status },
          },
  };
}

/** The audit row of a production run: counts only. */
export function productionAuditEntry(r: ProductionReport): AuditEntry {
  return {
    action: 'production.ran',
    summary: `Production pour le laboratoire : ${count(r.orders, 'commande', 'commandes')}, ${count(r.prints, 'tirage', 'tirages')}, ${count(r.digitalFiles, 'fichier numérique', 'fichiers numériques')}, ${r.problems.length === 0 ? 'aucun problème' : count(r.problems.length, 'problème', 'problèmes')}`,
    details: {
      orders: r.orders,
      prints: r.prints,
      files: r.files,
      digitalFiles: r.digitalFiles,
      decodes: r.decodes,
      problems: r.problems.length,
      fromBackup: r.fromBackup.length,
      centredCrops: r.centredCrops,
    },
  };
}
