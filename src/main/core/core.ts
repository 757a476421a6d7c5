/**
 * Composition root of the application core. Everything the app does is reachable from here through
 * `dispatch` (the contract) and `events`; hosts (Electron, browser, CLI, tests) only carry frames.
 * The core never imports Electron: host-specific abilities (a native folder dialog) come in as
 * `HostServices`.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RETENTION_POLICY } from '../../shared/domain/retention';
import type { StudioSettings } from '../../shared/domain/settings';
import { createClient, type Client } from '../../shared/rpc/client';
import type { HOSTS } from '../../shared/rpc/contract';
import { appHandlers } from './app/app.handlers';
import { AuditLog, studioActor } from './audit/audit-log';
import { auditHandlers, auditIngest, withAudit } from './audit/audit.handlers';
import { AccessExportService } from './gdpr/access-export.service';
import { registerBuiltinOwners } from './gdpr/builtin-owners';
import { ErasureService } from './gdpr/erasure.service';
import { gdprHandlers } from './gdpr/gdpr.handlers';
import { RetentionService } from './gdpr/retention.service';
import { StudentDataRegistry, type StudentDataOwner } from './gdpr/student-data-registry';
import {
  NO_PLATFORM,
  samePlatform,
  type PlatformConnection,
  type PlatformResolver,
} from './publish/platform-gateway';
import { publishFilesDataOwner } from './publish/publish-files.data-owner';
import { publishHandlers } from './publish/publish.handlers';
import { PublishService, type PublishServiceDeps } from './publish/publish.service';
import { publishTask } from './publish/publish.task';
import { platformAccessHandlers } from './platform-access/platform-access.handlers';
import type { PlatformAccessPort } from './platform-access/platform-access.port';
import { EventBus } from './events';
import { ExifReader } from './ingest/exif-reader';
import { ingestHandlers, registerIngestMedia } from './ingest/ingest.handlers';
import { ingestTaskKind, type IngestDeps } from './ingest/ingest.service';
import { FolderBrowser } from './fs/folder-browser';
import { folderBrowserHandlers } from './fs/folder-browser.handlers';
import { exportsHandlers } from './exports/exports.handlers';
import { accessCodesDataOwner } from './forms/access-codes.data-owner';
import { formsFilesDataOwner } from './forms/forms-files.data-owner';
import { AccessCodeService } from './forms/access-code.service';
import { formsBuildTask } from './forms/forms-build.task';
import { formsHandlers } from './forms/forms.handlers';
import { auditFormsTask, withFormsAudit } from './forms/forms.audit';
import { FormsService } from './forms/forms.service';
import type { PoseSource } from './forms/pose-source';
import { StudioPriceListRepository } from './forms/price-list.repository';
import {
  defaultMountRoots,
  hasDcim,
  listMountPoints,
  VolumeWatcher,
  type MountRoots,
} from './ingest/volume-watcher';
import { originalsHandlers } from './originals/originals.handlers';
import { OriginalsService } from './originals/originals.service';
import { originalsVerifyTaskKind } from './originals/originals.task';
import { JobsService } from './jobs/jobs.service';
import { labelingHandlers } from './labeling/labeling.handlers';
import { labelsDataOwner } from './labeling/labels.data-owner';
import { xmpSidecarsDataOwner } from './labeling/xmp-sidecars.data-owner';
import { LabelingService } from './labeling/labeling.service';
import { xmpExportTask } from './labeling/xmp-export.task';
import { jobsHandlers } from './jobs/jobs.handlers';
import { LabelPoseSource } from './proofing/label-pose-source';
import { proofingDataOwner } from './proofing/proofing.data-owner';
import { proofingHandlers } from './proofing/proofing.handlers';
import { ProofingService } from './proofing/proofing.service';
import { createLogger, type Logger } from '../lib/logger';
import { ConsentService } from './roster/consent.service';
import { ConsentSheetService } from './roster/consent-sheet.service';
import { MappingProfileRepository } from './roster/mapping-profile.repository';
import { rosterHandlers } from './roster/roster.handlers';
import { RosterService } from './roster/roster.service';
import { shootListDataOwner } from './roster/shoot-list.data-owner';
import { consentSheetDataOwner } from './roster/consent-sheet.data-owner';
import { MediaResolver } from './media/media-resolver';
import { createDispatcher, type CallContext, type Dispatch, type Handlers } from './rpc/dispatcher';
import { StudioIndex } from './studio/studio-index';
import { TaskRunner, type AnyTaskKind } from './tasks/task-runner';
import { tasksHandlers } from './tasks/tasks.handlers';
import { APP_VERSION } from './version';

export interface HostServices {
  /** Native folder picker; absent where the host has none (browser host, CLI). */
  pickFolder?(options: { title: string; defaultPath?: string }): Promise<string | null>;
  /** Native file picker (e.g. a roster file); absent where the host has none (the browser host uploads). */
  pickFile?(options: { title: string; extensions?: string[] }): Promise<string | null>;
  /** Opens a file with the system's default application (a produced PDF); absent outside Electron. */
  openPath?(file: string): Promise<void>;
}

export interface CoreInfo {
  name: string;
  version: string;
  host: (typeof HOSTS)[number];
  platform: string;
  dataDir: string;
}

export interface CoreOptions {
  /** The app's own data folder (studio index, settings). */
  dataDir: string;
  host: CoreInfo['host'];
  /** Where new job folders go unless the user chooses; defaults to `~/Préau Studio`. */
  libraryDir?: string;
  hostServices?: HostServices;
  logger?: Logger;
  /** Test seams of ingest (e.g. flip a byte between write and verify). */
  ingest?: Partial<Omit<IngestDeps, 'exif' | 'events'>>;
  /** Extra task kinds (features register theirs here; tests register fakes). */
  taskKinds?: readonly AnyTaskKind[];
  validateResults?: boolean;
  /** Where order forms find each student's poses; default: hand labels and proofing choices. */
  poseSource?: PoseSource;
  /**
   * Watch for camera cards being inserted (hosts with a user in front: Electron, browser host).
   * `roots` replaces the platform's mount roots (tests use a temporary folder).
   */
  watchVolumes?: boolean | { roots?: MountRoots; intervalMs?: number };
  /** The user's home folder, where the folder browser starts (tests use a temporary one). */
  homeDir?: string;
  /** Connection to each platform the jobs published to (retention purge, erasure); none by default. */
  platforms?: PlatformResolver;
  /**
   * The connection (address and token) of the studio's current publish target (sandbox started on
   * demand), from the host's secret store; absent: publishing answers "no platform configured".
   */
  platformTarget?: () => Promise<PlatformConnection | null>;
  /** The host's secret store and sandbox behind the "Plateforme de vente" settings; none in a bare core. */
  platformAccess?: PlatformAccessPort;
  /** Extra holders of per-student data (features register theirs; tests register fakes). */
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
  const events = new EventBus();
  const tasks = new TaskRunner(events, logger, undefined, () => studio.settings().language);
  // One long-lived exiftool for the whole core, ended in close().
  const exif = new ExifReader();
  tasks.register(
    ingestTaskKind({ exif, events, logger, language: () => studio.settings().language, ...options.ingest }),
  );
  for (const kind of options.taskKinds ?? []) tasks.register(kind);
  const jobs = new JobsService(studio, tasks, events, APP_VERSION);
  const media = new MediaResolver((jobId) => jobs.dirOf(jobId), logger);
  registerIngestMedia(media);
  const info: CoreInfo = {
    name: 'Préau Studio',
    version: APP_VERSION,
    host: options.host,
    platform: `${process.platform}-${process.arch}`,
    dataDir,
  };

  const mappingProfiles = new MappingProfileRepository(studio.connection);
  const oneSignature = () => studio.settings().consentOneSignatureSuffices;
  const roster = new RosterService(mappingProfiles, oneSignature);
  const consent = new ConsentService(oneSignature);
  const consentSheets = new ConsentSheetService(
    consent,
    mappingProfiles,
    oneSignature,
    () => studio.settings().retentionPolicy,
  );
  const accessCodes = new AccessCodeService(studio.connection);
  const galleryUrl = () => {
    const target = studio.settings().publishTarget;
    return target.kind === 'hosted' && target.url ? target.url : null;
  };
  const labeling = new LabelingService(consent);
  const proofing = new ProofingService(labeling);
  // Forms and publishing read the same poses, so a family's gallery numbers them as its paper form does.
  const poses = options.poseSource ?? new LabelPoseSource(proofing);
  const forms = new FormsService(
    roster,
    accessCodes,
    new StudioPriceListRepository(studio.connection),
    poses,
    galleryUrl,
  );
  tasks.register(formsBuildTask(forms));

  const watcher = options.watchVolumes
    ? new VolumeWatcher({
        ...(typeof options.watchVolumes === 'object' ? options.watchVolumes : {}),
        onChange: (volumes) => events.emit('ingest.volumesChanged', { volumes }),
        onError: (error) => logger.warn('volume watcher', error),
      })
    : null;
  watcher?.start();
  // The folder browser offers the home folder and the volumes under the watcher's mount roots.
  const mountRoots =
    (typeof options.watchVolumes === 'object' ? options.watchVolumes.roots : undefined) ??
    defaultMountRoots();
  const folderBrowser = new FolderBrowser({
    home: options.homeDir ?? os.homedir(),
    mountPoints: () => listMountPoints(mountRoots),
    isCard: hasDcim,
  });

  const audit = new AuditLog(studioActor(options.host));
  const studentData = new StudentDataRegistry();
  registerBuiltinOwners(studentData);
  studentData.register(labelsDataOwner);
  studentData.register(xmpSidecarsDataOwner(exif));
  studentData.register(accessCodesDataOwner);
  studentData.register(formsFilesDataOwner(forms));
  studentData.register(shootListDataOwner(roster));
  studentData.register(consentSheetDataOwner(consentSheets));
  studentData.register(proofingDataOwner);
  studentData.register(publishFilesDataOwner);
  for (const owner of options.studentDataOwners ?? []) studentData.register(owner);
  const platformTarget = options.platformTarget ?? (() => Promise.resolve(null));
  // A platform a job published to is reached with the host's connection for that address, or else
  // with the current target's when it is the same platform (purge and erasure after a publish).
  const platforms: PlatformResolver = async (url) => {
    const known = await (options.platforms ?? NO_PLATFORM)(url);
    if (known) return known;
    const target = await platformTarget();
    return target && samePlatform(target.baseUrl, url) ? target : null;
  };
  // The check of originals: a task of its own, and the guard a production run and a purge call first.
  const originals = new OriginalsService();
  tasks.register(originalsVerifyTaskKind({ originals, audit, language: () => studio.settings().language }));
  const retention = new RetentionService(
    () => studio.settings().retentionPolicy,
    audit,
    platforms,
    undefined,
    originals,
  );
  const erasure = new ErasureService(studentData, audit, platforms);
  const accessExport = new AccessExportService(
    studentData,
    audit,
    roster,
    () => studio.settings().retentionPolicy,
  );
  const stopAuditIngest = auditIngest(events, jobs, audit);
  const stopAuditForms = auditFormsTask(events, jobs, audit);
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
  const publish = new PublishService({
    roster,
    forms,
    poses,
    retentionPolicy: () => studio.settings().retentionPolicy,
    target: platformTarget,
    platforms,
    audit,
    logger,
    ...(options.publishEngine ? { engine: options.publishEngine } : {}),
  });
  tasks.register(publishTask(publish));
  tasks.register(xmpExportTask(labeling, exif, audit));

  const handlers: Handlers = {
    ...appHandlers(info, studio, events, options.hostServices ?? {}),
    ...jobsHandlers(jobs),
    ...tasksHandlers(jobs, tasks),
    ...rosterHandlers(jobs, roster, consent, mappingProfiles, events, { sheets: consentSheets, audit }),
    ...ingestHandlers(jobs, tasks, events, () => watcher?.list() ?? []),
    ...originalsHandlers(jobs, tasks),
    ...exportsHandlers(jobs, options.hostServices ?? {}, logger),
    ...folderBrowserHandlers(folderBrowser),
    ...formsHandlers(jobs, forms, accessCodes, tasks, events),
    ...auditHandlers(jobs, audit),
    ...gdprHandlers(jobs, retention, erasure, accessExport, events),
    ...platformAccessHandlers(studio, events, options.platformAccess),
    ...labelingHandlers(jobs, labeling, exif, events, tasks, audit),
    ...proofingHandlers(jobs, proofing, events),
    ...publishHandlers(jobs, publish, tasks),
  };
  const dispatchWith = createDispatcher(withFormsAudit(withAudit(handlers, jobs, audit), jobs, audit), {
    logger,
    validateResults: options.validateResults ?? process.env.NODE_ENV === 'test',
  });

  const dispatch = (method: string, params: unknown, ctx: Partial<CallContext> = {}) =>
    dispatchWith(method, params, { ...ctx, lang: ctx.lang ?? studio.settings().language });

  let closed = false;
  return {
    info,
    dispatch,
    events,
    media,
    jobs,
    tasks,
    logger,
    audit,
    originals,
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
      await watcher?.stop();
      stopAuditIngest();
      stopAuditForms();
      await jobs.closeAll();
      await exif.end();
      studio.close();
    },
  };
}
