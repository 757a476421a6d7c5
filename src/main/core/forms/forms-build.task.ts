/**
 * `forms.build` as a task: a whole school's forms take tens of seconds, so the UI starts the build,
 * gets a task id at once, follows its progress and can cancel it. Files are written atomically, so a
 * cancelled or crashed build leaves the previous PDFs whole; running it again redoes the build
 * (codes are stored, so the forms come out the same).
 */
import { z } from 'zod';
import { count } from '../../../shared/i18n';
import { stoppedWhy, type AuditEntry } from '../audit/audit-log';
import type { TaskKind } from '../tasks/task-runner';
import type { FormsReport } from '../../../shared/domain/order-form';
import type { FormsService } from './forms.service';

export const FORMS_BUILD_TASK = 'forms.build';

const params = z.object({ classIds: z.array(z.string()).optional() });

export function formsBuildTask(forms: FormsService): TaskKind<z.infer<typeof params>, FormsReport> {
  return {
    kind: FORMS_BUILD_TASK,
    params,
    run: (ctx) =>
      forms.build(ctx.job, {
        ...(ctx.params.classIds ? { classIds: ctx.params.classIds } : {}),
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress({ done, total }),
      }),
    audit: (outcome) =>
      outcome.status === 'done'
        ? formsBuiltEntry(outcome.result, outcome.params.classIds?.length ?? 0)
        : {
            action: 'forms.built',
            summary: `Production des bons de commande interrompue (${stoppedWhy(outcome.status)})`,
            details: { status: outcome.status },
          },
  };
}

/** The audit row of a forms build (a call or a task): counts only, never a name. */
export function formsBuiltEntry(
  report: Pick<FormsReport, 'forms' | 'students' | 'skipped' | 'files'>,
  classes: number,
): AuditEntry {
  return {
    action: 'forms.built',
    summary: `Bons de commande produits : ${count(report.forms, 'bon', 'bons')} pour ${count(report.students, 'élève', 'élèves')}, ${count(report.skipped.length, 'élève sans bon', 'élèves sans bon')}`,
    details: {
      forms: report.forms,
      students: report.students,
      skipped: report.skipped.length,
      files: report.files.length,
      classes,
    },
  };
}
