/**
 * The publish feature: the plan shown before sending (a read: it changes nothing), publishing as a
 * resumable task, the history, and taking one student off the platform at once.
 */
import type { CoreServices, Feature } from '../feature';
import { publishFilesDataOwner } from './publish-files.data-owner';
import { publishHandlers, type PublishMethods } from './publish.handlers';
import type { PublishService } from './publish.service';
import { publishTask } from './publish.task';

export interface PublishFeatureDeps {
  core: CoreServices;
  publish: PublishService;
}

export function publishFeature(deps: PublishFeatureDeps): Feature<PublishMethods> {
  return {
    name: 'publish',
    handlers: publishHandlers(deps.core.jobs, deps.publish, deps.core.tasks),
    tasks: [publishTask(deps.publish)],
    studentData: [publishFilesDataOwner],
  };
}
