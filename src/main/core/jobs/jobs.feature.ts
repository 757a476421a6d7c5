/** The jobs feature: a school shoot's folder created, opened, listed, closed and forgotten. */
import type { CoreServices, Feature } from '../feature';
import { jobsHandlers } from './jobs.handlers';

export function jobsFeature(deps: {
  core: CoreServices;
}): Feature<'jobs.list' | 'jobs.create' | 'jobs.open' | 'jobs.get' | 'jobs.close' | 'jobs.forget'> {
  return { name: 'jobs', handlers: jobsHandlers(deps.core.jobs) };
}
