/**
 * Composition root of the application core. Everything the app does is reachable from here through
 * `dispatch` (the contract) and `events`; hosts (Electron, browser, CLI, tests) only carry frames.
 * The core never imports Electron: host-specific abilities (a native folder dialog) come in as
 * `HostServices`.
 */
import os from 'node:os';
import path from 'node:path';
import type { StudioSettings } from '../../shared/domain/settings';
import { createClient, type Client } from '../../shared/rpc/client';
import type { HOSTS } from '../../shared/rpc/contract';
import { appHandlers } from './app/app.handlers';
import { EventBus } from './events';
import { ExifReader } from './ingest/exif-reader';
import { ingestHandlers, registerIngestMedia } from './ingest/ingest.handlers';
import { ingestTaskKind, type IngestDeps } from './ingest/ingest.service';
import { JobsService } from './jobs/jobs.service';
import { labelingHandlers } from './labeling/labeling.handlers';
import { LabelingService } from './labeling/labeling.service';
import { jobsHandlers } from './jobs/jobs.handlers';
import { createLogger, type Logger } from './logger';
import { ConsentService } from './roster/consent.service';
import { MappingProfileRepository } from './roster/mapping-profile.repository';
import { rosterHandlers } from './roster/roster.handlers';
import { RosterService } from './roster/roster.service';
import { MediaResolver } from './media/media-resolver';
import { createDispatcher, type CallContext, type Dispatch, type Handlers } from './rpc/dispatcher';
import { StudioIndex } from './studio/studio-index';
import { TaskRunner, type AnyTaskKind } from './tasks/task-runner';
import { tasksHandlers } from './tasks/tasks.handlers';
import { APP_VERSION } from './version';

export interface HostServices {
  /** Native folder picker; absent where the host has none (browser host, CLI). */
  pickFolder?(options: { title: string; defaultPath?: string }): Promise<string | null>;
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
  };
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? createLogger();
  const dataDir = path.resolve(options.dataDir);
  const libraryDir = path.resolve(options.libraryDir ?? path.join(os.homedir(), 'Préau Studio'));
  const studio = await StudioIndex.open(dataDir, defaultSettings(libraryDir));
  const events = new EventBus();
  const tasks = new TaskRunner(events, logger);
  // One long-lived exiftool for the whole core, ended in close().
  const exif = new ExifReader();
  tasks.register(ingestTaskKind({ exif, events, logger, ...options.ingest }));
  for (const kind of options.taskKinds ?? []) tasks.register(kind);
  const jobs = new JobsService(studio, tasks, events, APP_VERSION);
  const media = new MediaResolver((jobId) => jobs.dirOf(jobId));
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
  const labeling = new LabelingService(consent);

  const handlers: Handlers = {
    ...appHandlers(info, studio, events, options.hostServices ?? {}),
    ...jobsHandlers(jobs),
    ...tasksHandlers(jobs, tasks),
    ...rosterHandlers(jobs, roster, consent, mappingProfiles, events),
    ...ingestHandlers(jobs, tasks, events),
    ...labelingHandlers(jobs, labeling, exif, events),
  };
  const dispatchWith = createDispatcher(handlers, {
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
    client(ctx = {}) {
      return createClient({
        call: async (method, params) => ({ type: 'result', id: 0, ...(await dispatch(method, params, ctx)) }),
        onEvent: (listener) => events.on(listener),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await jobs.closeAll();
      await exif.end();
      studio.close();
    },
  };
}
