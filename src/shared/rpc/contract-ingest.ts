/**
 * Contract entries of card ingest, cameras and photos (spread into `contract`). Ingest itself is a
 * task: `ingest.start` returns at once, progress and the end come as `task.*` events.
 */
import { z } from 'zod';
import {
  cameraSchema,
  cardSchema,
  ingestParamsSchema,
  manifestEntrySchema,
  photoRowSchema,
  scanResultSchema,
  volumeSchema,
} from '../domain/ingest';
import { idSchema, jobIdSchema, noParams, ok, pathSchema } from './schemas';

export const ingestContract = {
  /**
   * Looks at a source (mounted card, DCIM folder or folder of photos) without copying anything:
   * how many files, how many were already ingested in this job (same card, path, size and date),
   * and so how many are new.
   */
  'ingest.scan': {
    params: z.object({ jobId: jobIdSchema, source: pathSchema }).strict(),
    result: scanResultSchema,
  },

  /**
   * Starts ingesting the new files of a source into the job (and the optional backup folder):
   * verified copies first, so the card verdict comes as early as possible, then metadata and
   * previews. Returns the task id; the task's result is the card verdict (`IngestResult`).
   */
  'ingest.start': {
    params: ingestParamsSchema.extend({ jobId: jobIdSchema }).strict(),
    result: z.object({ taskId: z.string() }),
  },

  /** Cards ingested in the job, with their counts and verdict ("peut être formatée" or not). */
  'ingest.cards': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(cardSchema) },

  /** The manifest of one card: each file, its size, hash, verified copies and when they were verified. */
  'ingest.manifest': {
    params: z.object({ jobId: jobIdSchema, cardId: idSchema }).strict(),
    result: z.array(manifestEntrySchema),
  },

  /**
   * Photos of the job in corrected capture order, paged (light rows for the grid; thumbnails and
   * previews are loaded from the media route `thumb`/`preview` by photo id).
   */
  'photos.list': {
    params: z
      .object({
        jobId: jobIdSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(2000).default(500),
      })
      .strict(),
    result: z.object({ total: z.number(), items: z.array(photoRowSchema) }),
  },

  /** Camera bodies seen in the job, with their label (A, B…) and clock offset. */
  'cameras.list': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(cameraSchema) },

  /** Sets a camera's clock offset (seconds added to its capture times); every sort uses it at once. */
  'cameras.setOffset': {
    params: z
      .object({
        jobId: jobIdSchema,
        cameraId: z.string().min(1).max(200),
        offsetSeconds: z
          .number()
          .min(-86400 * 400)
          .max(86400 * 400),
      })
      .strict(),
    result: ok,
  },

  /**
   * Sets the offset of `photoId`'s camera so that it shows the same corrected time as
   * `referencePhotoId` (the same moment photographed by two cameras, or a wall clock).
   */
  'cameras.syncOnPhotos': {
    params: z
      .object({
        jobId: jobIdSchema,
        photoId: idSchema,
        referencePhotoId: idSchema,
      })
      .strict(),
    result: z.object({ cameraId: z.string(), offsetSeconds: z.number() }),
  },

  /**
   * Camera cards mounted right now (removable volumes holding a DCIM folder), as the host's volume
   * watcher sees them; empty where no watcher runs (CLI). Changes come as `ingest.volumesChanged`.
   */
  'ingest.volumes': { params: noParams, result: z.array(volumeSchema) },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
