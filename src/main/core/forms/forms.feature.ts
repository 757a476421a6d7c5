/**
 * The order-forms feature: price list and forms settings, the forms build (a call or a task) and
 * access codes (paper orders and the bookkeeper's files are the order book's). Audited actions are declared on the line that
 * registers them; rows carry counts only: never a student's name, an access code or the free-text
 * reason of a revocation (it may name a family).
 */
import type { CoreServices, Feature } from '../feature';
import type { OrderBookkeepingService } from '../orders/order-bookkeeping.service';
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
  bookkeeping: OrderBookkeepingService;
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
      'codes.revoke': audited.change(
        (p, r) => ({
          action: 'codes.revoked',
          summary:
            r.kind === 'family' ? 'Code d’accès d’une fratrie révoqué' : 'Code d’accès d’un élève révoqué',
          details: { kind: r.kind, students: r.studentIds.length, reasonGiven: p.reason.length > 0 },
        }),
        base['codes.revoke'],
      ),
    },
    tasks: [formsBuildTask(deps.forms)],
    studentData: [accessCodesDataOwner, formsFilesDataOwner(deps.forms, deps.bookkeeping)],
  };
}
