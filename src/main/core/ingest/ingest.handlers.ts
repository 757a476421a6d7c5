/** RPC handlers of `ingest.*`, `photos.*` and `cameras.*`, and the media kinds `thumb` and `preview`. */
import { promises as fsp } from 'node:fs';
import { AppError } from '../../lib/errors';
import type { JobsService } from '../jobs/jobs.service';
import type { MediaResolver } from '../media/media-resolver';
import type { Handlers } from '../rpc/dispatcher';
import type { TaskRunner } from '../tasks/task-runner';
import { TaskRepository } from '../tasks/task.repository';
import { resolveUserPath } from '../../lib/user-path';
import { cachePaths } from './derivatives';
import { CardManifestRepository } from './card-manifest.repository';
import { PhotosRepository } from './photos.repository';
import { INGEST_TASK } from './ingest-run';
import { scanSource } from './source-scanner';
import type { EventBus } from '../events';
import type { Volume } from '../../../shared/domain/ingest';

export type IngestMethods =
  | 'ingest.scan'
  | 'ingest.start'
  | 'ingest.cards'
  | 'ingest.manifest'
  | 'photos.list'
  | 'cameras.list'
  | 'cameras.setOffset'
  | 'cameras.syncOnPhotos'
  | 'ingest.volumes';

export function ingestHandlers(
  jobs: JobsService,
  tasks: TaskRunner,
  events: EventBus,
  volumes: () => Volume[] = () => [],
): Pick<Handlers, IngestMethods> {
  const cardsOf = (jobId: string) => jobs.get(jobId).repo(CardManifestRepository);
  const photosOf = (jobId: string) => jobs.get(jobId).repo(PhotosRepository);
  const changedCameras = (jobId: string) => {
    events.emit('data.changed', { entity: 'cameras', jobId });
    events.emit('data.changed', { entity: 'photos', jobId });
  };
  return {
    'ingest.scan': async ({ jobId, source }) => {
      const repo = cardsOf(jobId);
      const scanned = await scanSource(resolveUserPath(source, 'source'));
      const card = repo.cardByFingerprint(scanned.fingerprint);
      const fresh = scanned.files.filter((f) => {
        const known = card && repo.cardFile(card.id, f.relPath, f.size, f.mtimeMs);
        return !known || known.status === 'failed';
      });
      return {
        root: scanned.root,
        isCard: scanned.isCard,
        knownCardNumber: card?.number ?? null,
        files: scanned.files.length,
        bytes: scanned.files.reduce((s, f) => s + f.size, 0),
        newFiles: fresh.length,
        newBytes: fresh.reduce((s, f) => s + f.size, 0),
        alreadyIngested: scanned.files.length - fresh.length,
      };
    },
    'ingest.start': ({ jobId, ...params }) => {
      const job = jobs.get(jobId);
      const source = resolveUserPath(params.source, 'source');
      // The same source already being ingested (a double click, or a task resumed after a crash):
      // follow that task rather than racing it.
      const running = job
        .repo(TaskRepository)
        .unfinished()
        .find((t) => t.kind === INGEST_TASK && (t.params as { source?: string }).source === source);
      if (running) return { taskId: running.id };
      const task = tasks.start(job, INGEST_TASK, {
        ...params,
        source,
        backupDir: params.backupDir ? resolveUserPath(params.backupDir, 'backupDir') : null,
      });
      return { taskId: task.id };
    },
    'ingest.volumes': () => volumes(),
    'ingest.cards': ({ jobId }) => cardsOf(jobId).listCards(),
    'ingest.manifest': ({ jobId, cardId }) => {
      const repo = cardsOf(jobId);
      if (!repo.listCards().some((c) => c.id === cardId))
        throw new AppError('not_found', { what: `carte ${cardId}` });
      return repo.manifest(cardId);
    },
    'photos.list': ({ jobId, offset, limit }) => {
      const repo = photosOf(jobId);
      return { total: repo.countPhotos(), items: repo.listPhotos(offset, limit) };
    },
    'cameras.list': ({ jobId }) => photosOf(jobId).cameras(),
    'cameras.setOffset': ({ jobId, cameraId, offsetSeconds }) => {
      if (!photosOf(jobId).setCameraOffset(cameraId, offsetSeconds * 1000))
        throw new AppError('not_found', { what: `boîtier ${cameraId}` });
      changedCameras(jobId);
      return { ok: true as const };
    },
    'cameras.syncOnPhotos': ({ jobId, photoId, referencePhotoId }) => {
      const repo = photosOf(jobId);
      const photo = repo.photoTime(photoId);
      const ref = repo.photoTime(referencePhotoId);
      if (!photo || !ref)
        throw new AppError('not_found', { what: `photo ${photo ? referencePhotoId : photoId}` });
      if (!photo.cameraId || photo.captureMs === null || ref.captureMs === null)
        throw new AppError('unsupported', { what: 'photo sans boîtier ou sans heure de prise de vue' });
      const offsetMs = ref.captureMs + ref.offsetMs - photo.captureMs;
      repo.setCameraOffset(photo.cameraId, offsetMs);
      changedCameras(jobId);
      return { cameraId: photo.cameraId, offsetSeconds: offsetMs / 1000 };
    },
  };
}

/** Thumbnails and previews by photo id (their file names derive from the id: no lookup needed). */
export function registerIngestMedia(media: MediaResolver): void {
  const resolver = (which: 'thumb' | 'preview') => async (ref: { id: string }, jobDir: string) => {
    const file = cachePaths(jobDir, ref.id)[which];
    return (await fsp.access(file).then(
      () => true,
      () => false,
    ))
      ? { file, contentType: 'image/jpeg' }
      : null;
  };
  media.register('thumb', resolver('thumb'));
  media.register('preview', resolver('preview'));
}
