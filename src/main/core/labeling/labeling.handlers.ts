/**
 * RPC handlers of `sessions.*`, `subjects.*`, `photos.mark` and `labels.*`. Each change emits
 * `data.changed` with the photos it touched, so every other window refetches at once. Bulk changes
 * (a session's class, or labels and marks put on many photos at once) leave an audit row with counts
 * and ids only: a wrong bulk decision can be traced without the trail holding any name.
 */
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { ExifReader } from '../ingest/exif-reader';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import type { TaskRunner } from '../tasks/task-runner';
import type { LabelingService } from './labeling.service';
import { XMP_EXPORT_TASK } from './xmp-export.task';
import { writeXmpSidecars } from './xmp-sidecar';
import { count } from '../../../shared/i18n';

/** How a mark reads in the audit trail's French summary. */
const MARK_WORDS = {
  class: 'photo de classe',
  staff: 'équipe',
  sibling: 'fratrie',
  rejected: 'écartée',
  none: 'aucune',
} as const;

/** How a consent use reads in the audit trail's French summary. */
const USE_WORDS = {
  photo: 'photo individuelle',
  class_photo: 'photo de classe',
  online_gallery: 'galerie en ligne',
  other: 'autres usages',
} as const;

/** From this many photos in one change, a labeling action is "bulk" and traced in the audit trail. */
export const BULK_PHOTOS = 10;

export type LabelingMethods =
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
  | 'labels.writeXmp'
  | 'labels.exportXmp'
  | 'labels.setAbsent'
  | 'labels.absent';

export function labelingHandlers(
  jobs: JobsService,
  labeling: LabelingService,
  exif: ExifReader,
  events: EventBus,
  tasks: TaskRunner,
  audit: AuditLog,
): Pick<Handlers, LabelingMethods> {
  const ok = { ok: true as const };
  const bulk = (jobId: string, action: string, summary: string, photos: string[], extra = {}) => {
    if (photos.length >= BULK_PHOTOS)
      audit.record(jobs.get(jobId).db, 'labels.bulk', summary, { action, photos: photos.length, ...extra });
  };
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
      const job = jobs.get(jobId);
      changed(jobId, 'sessions', labeling.assignClass(job, sessionId, classId, thresholds));
      const photoCount =
        labeling.list(job, thresholds).sessions.find((s) => s.id === sessionId)?.photoCount ?? 0;
      audit.record(
        job.db,
        'labels.bulk',
        classId === null
          ? `Séance détachée de sa classe (${count(photoCount, 'photo', 'photos')})`
          : `Séance associée à une classe (${count(photoCount, 'photo', 'photos')})`,
        { action: 'sessions.assignClass', session: sessionId, classId, photos: photoCount },
      );
      return ok;
    },
    'photos.mark': ({ jobId, photoIds, mark, reason }) => {
      const touched = labeling.mark(jobs.get(jobId), photoIds, mark, reason);
      changed(jobId, 'labels', touched);
      bulk(
        jobId,
        'photos.mark',
        mark
          ? `Marque « ${MARK_WORDS[mark]} » sur ${count(touched.length, 'photo', 'photos')}`
          : `Marque retirée de ${count(touched.length, 'photo', 'photos')}`,
        touched,
        {
          mark,
        },
      );
      return ok;
    },
    'labels.list': ({ jobId }) => labeling.labels(jobs.get(jobId)),
    'labels.assign': ({ jobId, photoIds, studentIds, replace, confirmForbidden }) => {
      const job = jobs.get(jobId);
      const { photoIds: touched, forbidden } = labeling.assign(job, photoIds, studentIds, replace, {
        confirmForbidden,
      });
      changed(jobId, 'labels', touched);
      // A person overrode a refusal: traced per student (their class, never their name).
      for (const f of forbidden)
        audit.record(
          job.db,
          'labels.consentOverride',
          `Élève identifié sur ${count(f.photos, 'photo', 'photos')} malgré un consentement refusé (${USE_WORDS[f.use]}), après confirmation`,
          { classId: f.classId, use: f.use, photos: f.photos },
          f.studentId,
        );
      bulk(jobId, 'labels.assign', `Élèves placés sur ${count(touched.length, 'photo', 'photos')}`, touched, {
        students: studentIds.length,
        replace,
      });
      return ok;
    },
    'labels.remove': ({ jobId, photoIds, studentIds }) => {
      const touched = labeling.remove(jobs.get(jobId), photoIds, studentIds);
      changed(jobId, 'labels', touched);
      bulk(jobId, 'labels.remove', `Élèves retirés de ${count(touched.length, 'photo', 'photos')}`, touched);
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
    'labels.writeXmp': ({ jobId }) => writeXmpSidecars(jobs.get(jobId), exif.exiftool()),
    'labels.exportXmp': ({ jobId }) => tasks.start(jobs.get(jobId), XMP_EXPORT_TASK, {}),
    'labels.setAbsent': ({ jobId, studentId, absent }) => {
      if (labeling.setAbsent(jobs.get(jobId), studentId, absent))
        events.emit('data.changed', { entity: 'labels', jobId, ids: [] });
      return ok;
    },
    'labels.absent': ({ jobId }) => labeling.absent(jobs.get(jobId)),
  };
}
