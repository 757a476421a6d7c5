/** The tasks feature: the job's long work listed (running first) and cancelled. */
import type { CoreServices, Feature } from '../feature';
import { tasksHandlers } from './tasks.handlers';

export function tasksFeature(deps: { core: CoreServices }): Feature<'tasks.list' | 'tasks.cancel'> {
  return { name: 'tasks', handlers: tasksHandlers(deps.core.jobs, deps.core.tasks) };
}
