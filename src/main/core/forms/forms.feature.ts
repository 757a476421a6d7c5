/**
 * The order-forms feature: price list and forms settings, the forms build (a call or a task), the
 * bookkeeper's exports, access codes and paper orders. Audited actions are declared on the line that
 * registers them; rows carry counts only: never a student's name, an access code or the free-text
 * reason of a revocation (it may name a family).
 */
import path from 'node:path';
import { count } from '../../../shared/i18n';
import type { CoreServices, Feature } from '../feature';
import type { Handlers } from '../rpc/dispatcher';
import { accessCodesDataOwner } from './access-codes.data-owner';
import type { AccessCodeService } from './access-code.service';
import { formsBuildTask, formsBuiltEntry } from './forms-build.task';
import { formsFilesDataOwner } from './forms-files.data-owner';
import { formsHandlers, type FormsMethods } from './forms.handlers';
import type { FormsService } from './forms.service';

export interface FormsFeatureDeps {
  core: CoreServices;
  forms: FormsService;
  accessCodes: AccessCodeService;
}

export function formsFeature(deps: FormsFeatureDeps): Feature<FormsMethods> {
  const { core } = deps;
  const { audited } = core;
  const base: Pick<Handlers, FormsMethods> = formsHandlers(
    core.jobs,
    deps.forms,
    deps.accessCodes,
    core.tasks,
    core.events,
  );
  return {
    name: 'forms',
    handlers: {
      ...base,
      'forms.build': audited.after(
        (p, report) => formsBuiltEntry(report, p.classIds?.length ?? 0),
        async (p, ctx) => base['forms.build'](p, ctx),
      ),
      'forms.export': audited.after(
        (p, r) => ({
          action: 'export.written',
          summary: `Liste des bons de commande exportée (${p.format.toUpperCase()}, ${count(r.rows, 'ligne', 'lignes')})`,
          details: { what: 'forms_list', file: path.basename(r.path), format: p.format, rows: r.rows },
        }),
        async (p, ctx) => base['forms.export'](p, ctx),
      ),
      'forms.summaryPdf': audited.after(
        (_p, r) => ({
          action: 'export.written',
          summary: 'Récapitulatif de trésorerie exporté (PDF)',
          details: { what: 'treasurer_summary', file: path.basename(r.path) },
        }),
        async (p, ctx) => base['forms.summaryPdf'](p, ctx),
      ),
      'codes.revoke': audited.change(
        (p, r) => ({
          action: 'codes.revoked',
          summary:
            r.kind === 'family' ? 'Code d’accès d’une fratrie révoqué' : 'Code d’accès d’un élève révoqué',
          details: { kind: r.kind, students: r.studentIds.length, reasonGiven: p.reason.length > 0 },
        }),
        base['codes.revoke'],
      ),
      'orders.record': audited.after(
        (_p, order) => ({
          action: 'orders.recorded',
          summary: `Bon de commande papier saisi (${count(order.items, 'article', 'articles')})`,
          details: { orders: 1, items: order.items, paymentMethod: order.paymentMethod },
        }),
        async (p, ctx) => base['orders.record'](p, ctx),
      ),
    },
    tasks: [formsBuildTask(deps.forms)],
    studentData: [accessCodesDataOwner, formsFilesDataOwner(deps.forms)],
  };
}
