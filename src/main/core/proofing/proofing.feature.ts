/**
 * The proofing feature: poses offered per student (favorite first), stars, rotation, crops per
 * print ratio and the class photo pick — what order forms, publishing and production read.
 */
import type { CoreServices, Feature } from '../feature';
import { proofingDataOwner } from './proofing.data-owner';
import { proofingHandlers, type ProofingMethods } from './proofing.handlers';
import type { ProofingService } from './proofing.service';

export interface ProofingFeatureDeps {
  core: CoreServices;
  proofing: ProofingService;
}

export function proofingFeature(deps: ProofingFeatureDeps): Feature<ProofingMethods> {
  return {
    name: 'proofing',
    handlers: proofingHandlers(deps.core.jobs, deps.proofing, deps.core.events),
    studentData: [proofingDataOwner],
  };
}
