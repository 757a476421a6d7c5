/**
 * RPC handlers of `sessions.*`, `subjects.*`, `photos.mark` and `labels.*`. Each change emits
 * `data.changed` with the photos it touched, so every other window refetches at once.
 */
import type { EventBus } from '../events';
import type { ExifReader } from '../ingest/exif-reader';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { LabelingService } from './labeling.service';

type LabelingMethods =
  | 'sessions.list'
  | 'sessions.setThresholds'
  | 'sessions.split'
  | 'sessions.merge'
  | 'subjects.split'
  | 'subjects.merge'
  | 'sessions.assignClass'
  | 'photos.mark'
  | 'labels.list'
  | 'labels.assign'
  | 'labels.remove'
  | 'labels.undo'
  | 'labels.redo'
  | 'labels.sequenceNext'
  | 'labels.checks'
  | 'labels.writeXmp';

export function labelingHandlers(
  jobs: JobsService,
  labeling: LabelingService,
  exif: ExifReader,
  events: EventBus,
): Pick<Handlers, LabelingMethods> {
  const ok = { ok: true as const };
  const changed = (jobId: string, entity: 'sessions' | 'labels', ids: string[]) => {
    if (ids.length > 0 || entity === 'sessions') events.emit('data.changed', { entity, jobId, ids });
  };
  // Undo and redo may touch cuts and class assignments as well as labels: both lists refetch.
  const changedAll = (jobId: string, ids: string[]) => {
    changed(jobId, 'sessions', ids);
    changed(jobId, 'labels', ids);
  };
  return {
    'sessions.list': ({ jobId, thresholds }) => labeling.list(jobs.get(jobId), thresholds),
    'sessions.setThresholds': ({ jobId, thresholds }) => {
      labeling.setThresholds(jobs.get(jobId), thresholds);
      changed(jobId, 'sessions', []);
      return ok;
    },
    'sessions.split': ({ jobId, photoId }) => {
      changed(jobId, 'sessions', labeling.cut(jobs.get(jobId), 'session', photoId, 'split'));
      return ok;
    },
    'sessions.merge': ({ jobId, photoId }) => {
      changed(jobId, 'sessions', labeling.cut(jobs.get(jobId), 'session', photoId, 'merge'));
      return ok;
    },
    'subjects.split': ({ jobId, photoId }) => {
      changed(jobId, 'sessions', labeling.cut(jobs.get(jobId), 'subject', photoId, 'split'));
      return ok;
    },
    'subjects.merge': ({ jobId, photoId }) => {
      changed(jobId, 'sessions', labeling.cut(jobs.get(jobId), 'subject', photoId, 'merge'));
      return ok;
    },
    'sessions.assignClass': ({ jobId, sessionId, classId, thresholds }) => {
      changed(jobId, 'sessions', labeling.assignClass(jobs.get(jobId), sessionId, classId, thresholds));
      return ok;
    },
    'photos.mark': ({ jobId, photoIds, mark, reason }) => {
      changed(jobId, 'labels', labeling.mark(jobs.get(jobId), photoIds, mark, reason));
      return ok;
    },
    'labels.list': ({ jobId }) => labeling.labels(jobs.get(jobId)),
    'labels.assign': ({ jobId, photoIds, studentIds, replace }) => {
      changed(jobId, 'labels', labeling.assign(jobs.get(jobId), photoIds, studentIds, replace));
      return ok;
    },
    'labels.remove': ({ jobId, photoIds, studentIds }) => {
      changed(jobId, 'labels', labeling.remove(jobs.get(jobId), photoIds, studentIds));
      return ok;
    },
    'labels.undo': ({ jobId }) => {
      const outcome = labeling.undo(jobs.get(jobId));
      if (outcome.done) changedAll(jobId, outcome.photoIds);
      return outcome;
    },
    'labels.redo': ({ jobId }) => {
      const outcome = labeling.redo(jobs.get(jobId));
      if (outcome.done) changedAll(jobId, outcome.photoIds);
      return outcome;
    },
    'labels.sequenceNext': ({ jobId, ...input }) => labeling.sequenceNext(jobs.get(jobId), input),
    'labels.checks': ({ jobId, thresholds }) => labeling.checks(jobs.get(jobId), thresholds),
    'labels.writeXmp': ({ jobId }) => labeling.writeXmp(jobs.get(jobId), exif.exiftool()),
  };
}
