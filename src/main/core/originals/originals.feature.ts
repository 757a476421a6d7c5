/**
 * The originals feature: « Vérifier les originaux » re-reads every original and backup copy against
 * the SHA-256 recorded at ingest, as a task, and repairs a damaged copy from an intact one once the
 * user confirms. `OriginalsService.ensureIntact` is the guard other features call first.
 */
import type { CoreServices, Feature } from '../feature';
import { originalsHandlers } from './originals.handlers';
import type { OriginalsService } from './originals.service';
import { originalsVerifyTaskKind } from './originals.task';

export function originalsFeature(deps: {
  core: CoreServices;
  originals: OriginalsService;
}): Feature<'originals.verify' | 'originals.last'> {
  const { core } = deps;
  return {
    name: 'originals',
    handlers: originalsHandlers(core.jobs, core.tasks),
    tasks: [
      originalsVerifyTaskKind({
        originals: deps.originals,
        audit: core.audit,
        language: () => core.studio.settings().language,
      }),
    ],
  };
}
