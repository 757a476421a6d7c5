/** RPC handlers of `proofing.*`. Each change emits `data.changed` (`proofing`) so every other window refetches. */
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { ProofingService } from './proofing.service';

export type ProofingMethods =
  | 'proofing.get'
  | 'proofing.setPoses'
  | 'proofing.rate'
  | 'proofing.rotate'
  | 'proofing.setCrop'
  | 'proofing.pickClassPhoto'
  | 'proofing.setMaxPoses';

export function proofingHandlers(
  jobs: JobsService,
  proofing: ProofingService,
  events: EventBus,
): Pick<Handlers, ProofingMethods> {
  const ok = { ok: true as const };
  const changed = (jobId: string, ids: string[]) => {
    events.emit('data.changed', { entity: 'proofing', jobId, ids });
    return ok;
  };
  return {
    'proofing.get': ({ jobId, classId }) => proofing.overview(jobs.get(jobId), classId),
    'proofing.setPoses': ({ jobId, studentId, photoIds }) => {
      proofing.setPoses(jobs.get(jobId), studentId, photoIds);
      return changed(jobId, photoIds);
    },
    'proofing.rate': ({ jobId, photoIds, stars }) => {
      proofing.rate(jobs.get(jobId), photoIds, stars);
      return changed(jobId, photoIds);
    },
    'proofing.rotate': ({ jobId, photoIds, rotation }) => {
      proofing.rotate(jobs.get(jobId), photoIds, rotation);
      return changed(jobId, photoIds);
    },
    'proofing.setCrop': async ({ jobId, photoId, ratio, rect }) => {
      await proofing.setCrop(jobs.get(jobId), photoId, ratio, rect);
      return changed(jobId, [photoId]);
    },
    'proofing.pickClassPhoto': ({ jobId, classId, photoId }) => {
      proofing.pickClassPhoto(jobs.get(jobId), classId, photoId);
      return changed(jobId, photoId ? [photoId] : []);
    },
    'proofing.setMaxPoses': ({ jobId, maxPoses }) => {
      proofing.setMaxPoses(jobs.get(jobId), maxPoses);
      return changed(jobId, []);
    },
  };
}
