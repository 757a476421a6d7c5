/**
 * The data-protection feature: retention dates and the purge, per-student erasure (dry run first)
 * and the right-of-access export. Erasure and the access export walk the holders of per-student
 * data every feature declares; the rows this feature keeps itself (consent, siblings, publications,
 * exported files, the audit trail's subject rows) are declared here.
 */
import type { CoreServices, Feature } from '../feature';
import type { AccessExportService } from './access-export.service';
import { builtinOwners } from './builtin-owners';
import type { ErasureService } from './erasure.service';
import { gdprHandlers, type GdprMethods } from './gdpr.handlers';
import type { RetentionService } from './retention.service';

export interface GdprFeatureDeps {
  core: CoreServices;
  retention: RetentionService;
  erasure: ErasureService;
  accessExport: AccessExportService;
}

export function gdprFeature(deps: GdprFeatureDeps): Feature<GdprMethods> {
  const { core } = deps;
  return {
    name: 'gdpr',
    handlers: gdprHandlers(core.jobs, deps.retention, deps.erasure, deps.accessExport, core.events),
    studentData: builtinOwners(),
  };
}
