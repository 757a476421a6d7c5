/**
 * The labeling feature: sessions and bursts from capture times, class assignment, labels with undo
 * and redo, absent students, the checks, and XMP sidecars (one photo, or the whole job as a task).
 */
import type { CoreServices, Feature } from '../feature';
import type { ExifReader } from '../ingest/exif-reader';
import { labelingHandlers, type LabelingMethods } from './labeling.handlers';
import type { LabelingService } from './labeling.service';
import { labelsDataOwner } from './labels.data-owner';
import { xmpExportTask } from './xmp-export.task';
import { xmpSidecarsDataOwner } from './xmp-sidecars.data-owner';

export interface LabelingFeatureDeps {
  core: CoreServices;
  labeling: LabelingService;
  exif: ExifReader;
}

export function labelingFeature(deps: LabelingFeatureDeps): Feature<LabelingMethods> {
  const { core, labeling, exif } = deps;
  return {
    name: 'labeling',
    handlers: labelingHandlers(core.jobs, labeling, exif, core.events, core.tasks, core.audit),
    tasks: [xmpExportTask(exif, core.audit)],
    studentData: [labelsDataOwner, xmpSidecarsDataOwner(exif)],
  };
}
