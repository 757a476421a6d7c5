/** The audit trail feature: the job's trail read page by page, and exported as CSV. */
import type { CoreServices, Feature } from '../feature';
import { auditHandlers } from './audit.handlers';

export function auditFeature(deps: { core: CoreServices }): Feature<'audit.list' | 'audit.export'> {
  return { name: 'audit', handlers: auditHandlers(deps.core.jobs, deps.core.audit) };
}
