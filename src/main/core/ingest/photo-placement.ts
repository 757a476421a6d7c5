/**
 * Placement, the second stage of an ingest (`ingest-run.ts` decides when it runs and what a failure
 * means for the run): exiftool reads a verified copy where it is staged (not the card), its final
 * name is reserved, then the staged files are moved to it without overwriting, and the file is
 * registered in one transaction with its `metadata` step. A photo gets its camera, its capture time
 * (the card's file time when the camera wrote none) and the camera's embedded thumbnail as a
 * placeholder; a sidecar takes its photo's final name with its own extension; another file keeps
 * its own name.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { IngestParams } from '../../../shared/domain/ingest';
import type { MessageKey } from '../../../shared/i18n';
import { fsyncDir } from '../../lib/atomic';
import { AppError } from '../../lib/errors';
import type { EventBus } from '../events';
import type { TaskContext } from '../tasks/task-runner';
import { pairKey, sidecarKindOf, sidecarName } from './card-files';
import { cachePaths, kindOf, writePlaceholderThumb } from './derivatives';
import type { Destinations } from './destinations';
import type { ExifReader, PhotoMetadata } from './exif-reader';
import { applyTemplate, candidateName, renameNoOverwrite } from './file-naming';
import type { PhotosRepository } from './photos.repository';
import type { CardFileRecord, CardManifestRepository, CardRecord } from './card-manifest.repository';

/** What placement needs of the ingest run it belongs to. */
export interface PlacementDeps {
  ctx: TaskContext<IngestParams>;
  /** Both on the job's connection: one transaction of either holds the writes of both. */
  cards: CardManifestRepository;
  photos: PhotosRepository;
  exif: ExifReader;
  events: EventBus;
  /** In the run's language. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

/** The registered photo a sidecar belongs to (`fileName` null when it has none yet). */
export interface SidecarPhoto {
  photoId: string;
  fileName: string | null;
}

function photoIdOf(sha256: string): string {
  return sha256.slice(0, 24);
}

const exists = (p: string) =>
  fsp.access(p).then(
    () => true,
    () => false,
  );

export class PhotoPlacement {
  constructor(private readonly deps: PlacementDeps) {}

  /** The metadata of a copy, or null when exiftool cannot read it. */
  async readMetadata(file: string, mtimeMs: number): Promise<PhotoMetadata | null> {
    try {
      return await this.deps.exif.read(file, mtimeMs);
    } catch {
      return null;
    }
  }

  /** Gives a verified copy its final name and registers its photo; returns the photo id when it needs images. */
  async place(row: CardFileRecord, dest: Destinations, card: CardRecord): Promise<string | null> {
    const { cards, photos, ctx } = this.deps;
    const sha = row.sha256!;
    const photoId = photoIdOf(sha);
    const stagedMain = row.staged[0] ?? path.join(dest.staging[0]!, sha);
    const metadataFile = (await exists(stagedMain))
      ? stagedMain
      : row.finalName
        ? path.join(dest.finals[0]!, row.finalName)
        : stagedMain;
    const meta = await this.readMetadata(metadataFile, row.mtimeMs);
    const kind = kindOf(row.relPath);

    let unreadable: string | null = null;
    if (row.size === 0) unreadable = this.deps.t('ingest.unreadable.empty');
    else if (kind === 'other')
      unreadable = this.deps.t('ingest.unreadable.notImage', { detail: path.extname(row.relPath) || '?' });
    else if (!meta || !meta.fileType)
      unreadable = this.deps.t('ingest.unreadable.notImage', {
        detail: meta?.error ?? this.deps.t('ingest.unreadable.unknownType'),
      });
    else if (meta.mimeType && !meta.mimeType.startsWith('image/'))
      unreadable = this.deps.t('ingest.unreadable.notImage', { detail: meta.fileType });

    const camera =
      meta && (meta.make || meta.model || meta.serial)
        ? photos.transaction(() => photos.ensureCamera(meta.make, meta.model, meta.serial))
        : null;
    const capture = meta?.capture ?? {
      local: new Date(row.mtimeMs).toISOString().slice(0, 23),
      offset: null,
      ms: row.mtimeMs,
      source: 'file_time' as const,
      uncertain: true,
    };

    const { finalName, finals } = await this.moveToFinalName(row, dest, () =>
      applyTemplate(ctx.params.template, {
        local: capture.local,
        cameraLabel: camera?.label ?? null,
        relPath: row.relPath,
      }),
    );

    // The camera's own small thumbnail fills the grid at once, long before the real one is decoded.
    const placeholder =
      unreadable === null ? await this.placeholderThumb(finals[0]!, meta?.orientation ?? 1, photoId) : false;
    photos.transaction(() => {
      photos.insertPhoto({
        id: photoId,
        sha256: sha,
        fileName: finalName,
        originalName: row.relPath,
        cardId: card.id,
        size: row.size,
        kind,
        capturedAt: capture.local,
        captureOffset: capture.offset,
        captureMs: capture.ms,
        captureSource: capture.source,
        cameraId: camera?.id ?? null,
        orientation: meta?.orientation ?? 1,
        width: meta?.width ?? null,
        height: meta?.height ?? null,
        lens: meta?.lens ?? null,
        readable: unreadable === null,
        unreadableReason: unreadable,
        hasThumb: placeholder,
      });
      cards.markPlaced(row.id, photoId, finals);
      ctx.markStepDone(row.relPath, 'metadata');
    });
    this.deps.events.emit('data.changed', { entity: 'photos', jobId: ctx.job.id, ids: [photoId] });
    return unreadable === null ? photoId : null;
  }

  /**
   * The photo each sidecar of the card is attached to, by their pairing key (the photos of the card
   * read once, each photo's final name when the sidecar is placed); null when it has none.
   */
  sidecarPhotos(card: CardRecord): (sidecar: CardFileRecord) => SidecarPhoto | null {
    const { cards, photos } = this.deps;
    const byKey = new Map<
      string,
      { finalName: string | null; photoId: string | null; sha256: string | null }
    >();
    for (const p of cards.cardPhotoFiles(card.id)) byKey.set(pairKey(p.relPath), p);
    return (row) => {
      const photo = byKey.get(pairKey(row.relPath));
      const photoId = photo?.photoId ?? null;
      return photoId ? { photoId, fileName: photos.photoFileName(photoId) } : null;
    };
  }

  /** Gives a verified file that is not a photo its final name and registers its copies. */
  async placeFile(row: CardFileRecord, dest: Destinations, photo: SidecarPhoto | null): Promise<void> {
    const { cards, ctx } = this.deps;
    const attached = photo !== null && photo.fileName !== null && sidecarKindOf(row.relPath) !== null;
    const { finals } = await this.moveToFinalName(row, dest, () =>
      attached
        ? sidecarName(photo.fileName!, row.relPath)
        : applyTemplate('{original}', { local: null, cameraLabel: null, relPath: row.relPath }),
    );
    cards.transaction(() => {
      cards.markPlacedFile(row.id, attached ? 'sidecar' : 'other', attached ? photo.photoId : null, finals);
      ctx.markStepDone(row.relPath, 'metadata');
    });
    if (attached)
      this.deps.events.emit('data.changed', {
        entity: 'photos',
        jobId: ctx.job.id,
        ids: [photo.photoId],
      });
  }

  /**
   * The row's final name (`wanted`, or the first numbered variant of it free on every destination,
   * reserved in the manifest, when it has none yet), with its staged copies moved there without
   * overwriting and the folders flushed; the paths of those copies.
   */
  private async moveToFinalName(
    row: CardFileRecord,
    dest: Destinations,
    wanted: () => string,
  ): Promise<{ finalName: string; finals: string[] }> {
    let finalName = row.finalName;
    if (!finalName) {
      const base = wanted();
      for (let attempt = 1; ; attempt += 1) {
        const candidate = candidateName(base, attempt);
        const onDisk = await Promise.all(dest.finals.map((d) => exists(path.join(d, candidate))));
        if (onDisk.some(Boolean)) continue;
        if (this.deps.cards.reserveName(row.id, candidate)) {
          finalName = candidate;
          break;
        }
      }
    }
    const finals = dest.finals.map((d) => path.join(d, finalName));
    for (const [i, target] of finals.entries()) {
      const from = row.staged[i];
      // Moved before a kill: the reservation proves the target is ours.
      if (!from || !(await exists(from))) continue;
      if ((await renameNoOverwrite(from, target)) === 'exists')
        throw new AppError('internal', { ref: `name ${finalName} taken` });
    }
    await Promise.all(dest.finals.map((d) => fsyncDir(d)));
    return { finalName, finals };
  }

  private async placeholderThumb(file: string, orientation: number, photoId: string): Promise<boolean> {
    try {
      const embedded = await this.deps.exif.embeddedThumbnail(file);
      if (!embedded) return false;
      await writePlaceholderThumb(embedded, orientation, cachePaths(this.deps.ctx.job.dir, photoId).thumb);
      return true;
    } catch {
      return false; // a damaged embedded thumbnail only means no placeholder
    }
  }
}
