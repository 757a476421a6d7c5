/**
 * Where order forms get each student's poses. The labeling feature (which photos show which student,
 * and the chosen poses) implements this; until it lands, `noPoses` says no student has photos yet, and
 * forms build reports every student as « sans photo » instead of printing empty forms.
 */
import type { ClassPhotoPick, FormPose } from '../../../shared/domain/order-form';
import type { OpenJob } from '../jobs/job-folder';

export interface PoseSource {
  /** The poses offered to each student (numbered 1, 2, 3… in the order shown), by student id. */
  posesOf(job: OpenJob, studentIds: readonly string[]): Promise<Map<string, FormPose[]>>;
  /** The class photo picked for each class that has one (at most one per class). */
  classPhotosOf(job: OpenJob): Promise<ClassPhotoPick[]>;
}

export const noPoses: PoseSource = {
  posesOf: () => Promise.resolve(new Map()),
  classPhotosOf: () => Promise.resolve([]),
};
