/**
 * The ingest feature: camera cards noticed as they are inserted, scanned, copied with a verified
 * read-back (the resumable ingest task, traced in the audit trail when it ends), the job's photos
 * and cameras, and the thumbnails and previews served by the media route.
 */
import type { IngestResult } from '../../../shared/domain/ingest';
import { count } from '../../../shared/i18n';
import type { CoreServices, Feature } from '../feature';
import type { ExifReader } from './exif-reader';
import type { FrameCodePort } from './frame-codes.port';
import { ingestHandlers, registerIngestMedia, type IngestMethods } from './ingest.handlers';
import { ingestTaskKind, type IngestDeps } from './ingest-run';
import type { VolumeWatcher } from './volume-watcher';
import { stoppedWhy } from '../audit/audit-log';

export interface IngestFeatureDeps {
  core: CoreServices;
  exif: ExifReader;
  /** Cards inserted while the app runs (hosts with a user in front); none in the CLI and tests. */
  watcher: VolumeWatcher | null;
  /** Reads printed photo cards on each frame's preview (the cards feature). */
  frameCodes?: FrameCodePort;
  /** Test seams of the copy (flip a byte between write and verify, concurrency). */
  seams?: Partial<Omit<IngestDeps, 'exif' | 'events'>>;
}

function cardEntry(status: 'done' | 'failed' | 'cancelled', r: IngestResult | null) {
  return {
    action: 'ingest.card' as const,
    summary:
      status === 'done' && r
        ? `Carte ${r.cardNumber} copiée : ${count(r.copied, 'fichier', 'fichiers')}, ${count(r.photos, 'photo', 'photos')}`
        : `Copie de carte interrompue (${stoppedWhy(status)})`,
    details: {
      status,
      card: r?.cardNumber ?? null,
      copied: r?.copied ?? 0,
      photos: r?.photos ?? 0,
      repaired: r?.repaired.length ?? 0,
      safeToFormat: r?.safeToFormat ?? false,
    },
  };
}

export function ingestFeature(deps: IngestFeatureDeps): Feature<IngestMethods> {
  const { core } = deps;
  const task = ingestTaskKind({
    exif: deps.exif,
    events: core.events,
    logger: core.logger,
    language: () => core.studio.settings().language,
    ...(deps.frameCodes ? { frameCodes: deps.frameCodes } : {}),
    ...deps.seams,
  });
  return {
    name: 'ingest',
    handlers: ingestHandlers(core.jobs, core.tasks, core.events, () => deps.watcher?.list() ?? []),
    tasks: [{ ...task, audit: (outcome) => cardEntry(outcome.status, outcome.result) }],
    media: registerIngestMedia,
    close: async () => deps.watcher?.stop(),
  };
}
