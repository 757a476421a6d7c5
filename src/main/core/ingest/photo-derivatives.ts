/**
 * Image work, the third stage of an ingest (`ingest-run.ts` schedules it within the run's image
 * concurrency): one decode of a registered photo (a raw file through the preview its camera
 * embedded) gives its preview and thumbnail, and the preview's pixels are handed to whoever reads
 * printed codes on frames (the cards feature) while they are encoded. A photo no decoder reads is
 * marked unreadable with the reason in the run's language; either way the photo's `derivatives`
 * step is recorded in the same transaction.
 */
import type { IngestParams } from '../../../shared/domain/ingest';
import type { MessageKey } from '../../../shared/i18n';
import type { EventBus } from '../events';
import { jobPaths } from '../jobs/job-paths';
import type { TaskContext } from '../tasks/task-runner';
import { cachePaths, decodeAt, makeDerivatives, type PhotoKind, UnreadableImageError } from './derivatives';
import type { ExifReader } from './exif-reader';
import type { FrameCodePort } from './frame-codes.port';
import type { PhotosRepository } from './photos.repository';

/** What image work needs of the ingest run it belongs to. */
export interface DerivativeDeps {
  ctx: TaskContext<IngestParams>;
  photos: PhotosRepository;
  exif: ExifReader;
  events: EventBus;
  frameCodes?: FrameCodePort;
  /** In the run's language. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

/** The preview and thumbnail of one photo (and the codes on it), then its `derivatives` step. */
export async function derivePhoto(deps: DerivativeDeps, photoId: string, relPath: string): Promise<void> {
  const photo = deps.photos.photoForWork(photoId);
  if (!photo || !photo.readable) return;
  const original = jobPaths(deps.ctx.job.dir).original(photo.fileName);
  const targets = cachePaths(deps.ctx.job.dir, photoId);
  let reason: string | null = null;
  try {
    let input: string | Buffer = original;
    if (photo.kind === 'raw') {
      const embedded = await deps.exif.embeddedPreview(original);
      if (!embedded) throw new UnreadableImageError('ingest.unreadable.noPreview', '');
      input = embedded;
    }
    const codes = deps.frameCodes;
    const source = input;
    await makeDerivatives(
      input,
      photo.orientation,
      targets,
      photo.kind === 'raw' ? 'jpeg' : (photo.kind as PhotoKind),
      codes &&
        ((pixels) =>
          codes.read(deps.ctx.job, photoId, pixels, () =>
            decodeAt(source, photo.orientation, Math.max(pixels.width, pixels.height) * 2),
          )),
    );
  } catch (error) {
    if (!(error instanceof UnreadableImageError)) throw error;
    reason = deps.t(error.reasonKey, { detail: error.detail });
  }
  deps.photos.transaction(() => {
    if (reason === null) deps.photos.setDerivatives(photoId);
    else deps.photos.setUnreadable(photoId, reason);
    deps.ctx.markStepDone(relPath, 'derivatives');
  });
  deps.events.emit('data.changed', { entity: 'photos', jobId: deps.ctx.job.id, ids: [photoId] });
}
