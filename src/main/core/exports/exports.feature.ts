/** The exports feature: a document the app wrote into a job's exports, opened with the system's viewer. */
import type { CoreServices, Feature } from '../feature';
import { exportsHandlers } from './exports.handlers';

export function exportsFeature(deps: { core: CoreServices }): Feature<'fs.openExport'> {
  const { core } = deps;
  return { name: 'exports', handlers: exportsHandlers(core.jobs, core.host, core.logger) };
}
