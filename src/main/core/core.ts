/**
 * Composition root of the application core: the shared services, then the list of features. Each
 * feature (`<feature>/<feature>.feature.ts`) declares its handlers (audited ones on their own line),
 * its tasks, its holders of per-student data and its media kinds; this file only wires them.
 * Everything the app does is reachable through `dispatch` (the contract) and `events`; hosts
 * (Electron, browser, CLI, tests) only carry frames, and give the core their abilities through one
 * port (`host.port.ts`). The core never imports Electron.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RETENTION_POLICY } from '../../shared/domain/retention';
import type { StudioSettings } from '../../shared/domain/settings';
import { createClient, type Client } from '../../shared/rpc/client';
import { createLogger, type Logger } from '../lib/logger';
import { appFeature } from './app/app.feature';
import { AuditLog, studioActor } from './audit/audit-log';
import { auditFeature } from './audit/audit.feature';
import { auditing } from './audit/audited';
import { cardsFeature } from './cards/cards.feature';
import { CardsService } from './cards/cards.service';
import { EventBus } from './events';
import { exportsFeature } from './exports/exports.feature';
import { featureHandlers, type CoreServices, type Feature } from './feature';
import { FolderBrowser } from './folders/folder-browser';
import { foldersFeature } from './folders/folders.feature';
import { AccessCodeService } from './forms/access-code.service';
import { formsFeature } from './forms/forms.feature';
import { FormsService } from './forms/forms.service';
import { OrderBookService } from './orders/order-book.service';
import { OrderBookkeepingService } from './orders/order-bookkeeping.service';
import { ordersFeature } from './orders/orders.feature';
import { OrderSyncService } from './orders/order-sync.service';
import type { PoseSource } from './forms/pose-source';
import { StudioPriceListRepository } from './forms/price-list.repository';
import { AccessExportService } from './gdpr/access-export.service';
import { ErasureService } from './gdpr/erasure.service';
import { gdprFeature } from './gdpr/gdpr.feature';
import { RetentionService } from './gdpr/retention.service';
import { StudentDataRegistry, type StudentDataOwner } from './gdpr/student-data-registry';
import type { CoreInfo, HostKind, HostPort } from './host.port';
import { ExifReader } from './ingest/exif-reader';
import { ingestFeature } from './ingest/ingest.feature';
import type { IngestDeps } from './ingest/ingest-run';
import {
  defaultMountRoots,
  hasDcim,
  listMountPoints,
  VolumeWatcher,
  type MountRoots,
} from './ingest/volume-watcher';
import { jobsFeature } from './jobs/jobs.feature';
import { JobsService } from './jobs/jobs.service';
import { labelingFeature } from './labeling/labeling.feature';
import { LabelingService } from './labeling/labeling.service';
import { MediaResolver } from './media/media-resolver';
import { originalsFeature } from './originals/originals.feature';
import { OriginalsService } from './originals/originals.service';
import { platformAccessFeature } from './platform-access/platform-access.feature';
import { LabelPoseSource } from './proofing/label-pose-source';
import { proofingFeature } from './proofing/proofing.feature';
import { ProofingService } from './proofing/proofing.service';
import {
  NO_PLATFORM,
  samePlatform,
  type PlatformConnection,
  type PlatformResolver,
} from './publish/platform-gateway';
import { publishFeature } from './publish/publish.feature';
import { PublishService, type PublishServiceDeps } from './publish/publish.service';
import { ConsentSheetService } from './roster/consent-sheet.service';
import { ConsentService } from './roster/consent.service';
import { MappingProfileRepository } from './roster/mapping-profile.repository';
import { rosterFeature } from './roster/roster.feature';
import { RosterService } from './roster/roster.service';
import { createDispatcher, type CallContext, type Dispatch } from './rpc/dispatcher';
import { StudioIndex } from './studio/studio-index.repository';
import { tasksFeature } from './tasks/tasks.feature';
import { TaskRunner, type AnyTaskKind } from './tasks/task-runner';
import { APP_VERSION } from './version';
import { LabProfilesRepository } from './production/lab-profiles.repository';
import type { ProductionOrderSource } from './production/order-source.port';
import { productionFeature } from './production/production.feature';
import { ProductionService } from './production/production.service';

export type { CoreInfo, HostPort } from './host.port';

export interface CoreOptions {
  /** The app's own data folder (studio index, settings). */
  dataDir: string;
  /** Which host runs the core (Electron, browser host, CLI, tests). */
  host: HostKind;
  /** What the host gives the core: dialogs, opening files, the sales platforms. */
  port?: HostPort;
  /** Where new job folders go unless the user chooses; defaults to `~/Préau Studio`. */
  libraryDir?: string;
  logger?: Logger;
  /** Test seams of ingest (e.g. flip a byte between write and verify). */
  ingest?: Partial<Omit<IngestDeps, 'exif' | 'events'>>;
  /** Extra task kinds (tests register fakes). */
  taskKinds?: readonly AnyTaskKind[];
  validateResults?: boolean;
  /** Where order forms find each student's poses; default: hand labels and proofing choices. */
  poseSource?: PoseSource;
  /** What production reads of the order book (tests feed orders directly). */
  orderSource?: ProductionOrderSource;
  /**
   * Watch for camera cards being inserted (hosts with a user in front: Electron, browser host).
   * `roots` replaces the platform's mount roots (tests use a temporary folder).
   */
  watchVolumes?: boolean | { roots?: MountRoots; intervalMs?: number };
  /** The user's home folder, where the folder browser starts (tests use a temporary one). */
  homeDir?: string;
  /** Extra holders of per-student data (tests register fakes). */
  studentDataOwners?: readonly StudentDataOwner[];
  /** Upload tuning of publishing (tests: small chunks, quick retries). */
  publishEngine?: PublishServiceDeps['engine'];
}

export interface Core {
  readonly info: CoreInfo;
  /** Runs one call; the error language defaults to the studio's language setting. */
  dispatch(method: string, params: unknown, ctx?: Partial<CallContext>): ReturnType<Dispatch>;
  readonly events: EventBus;
  readonly media: MediaResolver;
  readonly jobs: JobsService;
  readonly tasks: TaskRunner;
  readonly logger: Logger;
  /** The audit trail every feature writes its traced actions to. */
  readonly audit: AuditLog;
  /** The check of originals; `ensureIntact` is what a production run calls before it starts. */
  readonly originals: OriginalsService;
  /** The job's order book; a production run reads it through `ProductionOrderSource`. */
  readonly orders: OrderBookService;
  /** Holders of per-student data, walked by erasure and the access export. */
  readonly studentData: StudentDataRegistry;
  /** A typed client calling this core in-process (CLI, tests). */
  client(ctx?: Partial<CallContext>): Client;
  close(): Promise<void>;
}

export function defaultSettings(libraryDir: string): StudioSettings {
  return {
    language: 'fr',
    photographer: { name: '', company: '', email: '', phone: '', siret: '' },
    libraryDir,
    publishTarget: { kind: 'sandbox', url: '' },
    consentOneSignatureSuffices: false,
    ingestBackupDir: '',
    retentionPolicy: DEFAULT_RETENTION_POLICY,
  };
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? createLogger();
  const dataDir = path.resolve(options.dataDir);
  const libraryDir = path.resolve(options.libraryDir ?? path.join(os.homedir(), 'Préau Studio'));
  const studio = await StudioIndex.open(dataDir, defaultSettings(libraryDir));
  const language = () => studio.settings().language;
  const retentionPolicy = () => studio.settings().retentionPolicy;
  const events = new EventBus();
  const audit = new AuditLog(studioActor(options.host));
  const tasks = new TaskRunner(events, logger, undefined, language, audit);
  const jobs = new JobsService(studio, tasks, events, APP_VERSION);
  const media = new MediaResolver((jobId) => jobs.dirOf(jobId), logger);

  // Host abilities: a platform a job published to is reached with the host's connection for that
  // address, or else with the current target's when it is the same platform (purge and erasure
  // after a publish).
  const port = options.port ?? {};
  const platformTarget = (): Promise<PlatformConnection | null> =>
    port.platformTarget ? port.platformTarget() : Promise.resolve(null);
  const platforms: PlatformResolver = async (url) => {
    const known = await (port.platforms ?? NO_PLATFORM)(url);
    if (known) return known;
    const target = await platformTarget();
    return target && samePlatform(target.baseUrl, url) ? target : null;
  };
  const host: HostPort = { ...port, platformTarget, platforms };

  const core: CoreServices = {
    info: {
      name: 'Préau Studio',
      version: APP_VERSION,
      host: options.host,
      platform: `${process.platform}-${process.arch}`,
      dataDir,
    },
    studio,
    jobs,
    tasks,
    events,
    audit,
    audited: auditing({ jobs, audit }),
    media,
    host,
    logger,
  };

  // Shared services: one exiftool for the whole core (ended in close), the roster and consent that
  // most features read, and one pose source, so a family's gallery numbers poses as its paper form.
  const exif = new ExifReader();
  const mappingProfiles = new MappingProfileRepository(studio.connection);
  const oneSignature = () => studio.settings().consentOneSignatureSuffices;
  const roster = new RosterService(oneSignature);
  const consent = new ConsentService(oneSignature);
  const consentSheets = new ConsentSheetService(consent, mappingProfiles, oneSignature, retentionPolicy);
  const accessCodes = new AccessCodeService(studio.connection);
  const labeling = new LabelingService(consent);
  const cards = new CardsService(consent, labeling);
  const proofing = new ProofingService(labeling);
  const poses = options.poseSource ?? new LabelPoseSource(proofing);
  const galleryUrl = () => {
    const target = studio.settings().publishTarget;
    return target.kind === 'hosted' && target.url ? target.url : null;
  };
  const orders = new OrderBookService();
  const forms = new FormsService(
    roster,
    accessCodes,
    new StudioPriceListRepository(studio.connection),
    poses,
    galleryUrl,
  );
  const bookkeeping = new OrderBookkeepingService(forms, accessCodes, roster, orders);
  const originals = new OriginalsService();
  const production = new ProductionService(options.orderSource ?? orders, proofing, forms, consent, () =>
    exif.exiftool(),
  );
  const studentData = new StudentDataRegistry();
  const retention = new RetentionService(retentionPolicy, audit, platforms, undefined, originals);
  const erasure = new ErasureService(studentData, audit, platforms);
  const accessExport = new AccessExportService(studentData, audit, roster, retentionPolicy);
  const publish = new PublishService({
    roster,
    forms,
    poses,
    retentionPolicy,
    target: platformTarget,
    platforms,
    audit,
    logger,
    ...(options.publishEngine ? { engine: options.publishEngine } : {}),
  });

  const watcher = options.watchVolumes
    ? new VolumeWatcher({
        ...(typeof options.watchVolumes === 'object' ? options.watchVolumes : {}),
        onChange: (volumes) => events.emit('ingest.volumesChanged', { volumes }),
        onError: (error) => logger.warn('volume watcher', error),
      })
    : null;
  // The folder browser offers the home folder and the volumes under the watcher's mount roots.
  const mountRoots =
    (typeof options.watchVolumes === 'object' ? options.watchVolumes.roots : undefined) ??
    defaultMountRoots();
  const folderBrowser = new FolderBrowser({
    home: options.homeDir ?? os.homedir(),
    mountPoints: () => listMountPoints(mountRoots),
    isCard: hasDcim,
  });

  // The features. Erasure walks the holders of per-student data in this order (the roster's own
  // row last, after every other holder ran).
  const features = [
    appFeature({ core }),
    foldersFeature({ core, browser: folderBrowser }),
    jobsFeature({ core }),
    tasksFeature({ core }),
    exportsFeature({ core }),
    auditFeature({ core }),
    gdprFeature({ core, retention, erasure, accessExport }),
    platformAccessFeature({ core }),
    rosterFeature({ core, roster, consent, consentSheets, mappingProfiles }),
    ingestFeature({
      core,
      exif,
      watcher,
      frameCodes: cards.frameReader(),
      ...(options.ingest ? { seams: options.ingest } : {}),
    }),
    originalsFeature({ core, originals }),
    labelingFeature({ core, labeling, exif }),
    proofingFeature({ core, proofing }),
    formsFeature({ core, forms, accessCodes, bookkeeping }),
    ordersFeature({
      core,
      orders,
      sync: new OrderSyncService({ platforms, forms, codes: accessCodes }),
      bookkeeping,
      forms,
      roster,
      platforms,
    }),
    publishFeature({ core, publish }),
    cardsFeature({ core, cards }),
    productionFeature({
      core,
      production,
      profiles: new LabProfilesRepository(studio.connection),
    }),
  ] as const;
  const handlers = featureHandlers(features);
  for (const feature of features as readonly Feature<never>[]) {
    for (const kind of feature.tasks ?? []) tasks.register(kind);
    for (const owner of feature.studentData ?? []) studentData.register(owner);
    feature.media?.(media);
  }
  for (const kind of options.taskKinds ?? []) tasks.register(kind);
  for (const owner of options.studentDataOwners ?? []) studentData.register(owner);
  watcher?.start();

  // The start-up reminder: the UI shows `retention.overview().overdue`; the log says it too.
  void jobs
    .recent()
    .then((recent) => retention.overview(recent, []))
    .then((overview) => {
      if (overview.overdue)
        logger.warn(
          'retention: some jobs are past their high-definition deletion date (see the retention panel)',
        );
    })
    .catch(() => undefined);

  const dispatchWith = createDispatcher(handlers, {
    logger,
    validateResults: options.validateResults ?? process.env.NODE_ENV === 'test',
  });
  const dispatch = (method: string, params: unknown, ctx: Partial<CallContext> = {}) =>
    dispatchWith(method, params, { ...ctx, lang: ctx.lang ?? language() });

  let closed = false;
  return {
    info: core.info,
    dispatch,
    events,
    media,
    jobs,
    tasks,
    logger,
    audit,
    originals,
    orders,
    studentData,
    client(ctx = {}) {
      return createClient({
        call: async (method, params) => ({ type: 'result', id: 0, ...(await dispatch(method, params, ctx)) }),
        onEvent: (listener) => events.on(listener),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const feature of features as readonly Feature<never>[]) await feature.close?.();
      await jobs.closeAll();
      await exif.end();
      studio.close();
    },
  };
}
