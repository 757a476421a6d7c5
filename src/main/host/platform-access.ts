/**
 * How a host (Electron, browser host, CLI) reaches the sales platforms, so the core never holds a
 * token or runs a server itself:
 * - the studio's current publish target: the local sandbox, started in this process on first use
 *   (data in `<dataDir>/plateforme-locale`, 127.0.0.1, the port remembered so earlier publishes keep
 *   their address, its token generated once and kept in the secret store), or the hosted platform at
 *   the address of the settings with the token the user typed;
 * - a resolver by address for jobs published earlier (retention purge, erasure): any address the
 *   sandbox ever had, or a hosted address with a stored token;
 * - the "Plateforme de vente" settings behind `platformAccess.*` (`PlatformAccessPort`).
 * The resolver answers from memory (no file read per call), so the tokens are read once at
 * start and kept in step with every change made through here.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PublishTarget } from '../../shared/domain/settings';
import type { ConnectionTestResult } from '../../shared/rpc/contract-platform-access';
import { writeFileAtomic } from '../lib/atomic';
import { silentLogger, type Logger } from '../lib/logger';
import type { PlatformAccessPort } from '../core/platform-access/platform-access.port';
import { PlatformClient, PublishError } from '../core/publish/platform-client';
import type { PlatformConnection, PlatformResolver } from '../core/publish/platform-gateway';
import {
  newStudioToken,
  startPlatform,
  type PlatformHandle,
  type PlatformOptions,
} from '../platform/platform-server';
import { platformKey, type SecretStore } from './secret-store';

/** Folder of the sandbox's data inside the app's data folder. */
export const SANDBOX_DIR = 'plateforme-locale';
/** Secret-store key of the sandbox's studio token (its address may change, the token does not). */
export const SANDBOX_TOKEN_KEY = 'sandbox:plateforme-locale';
const STATE_FILE = 'platform-access.json';
const TEST_TIMEOUT_MS = 10_000;

const stateSchema = z.object({
  /** The port the sandbox last listened on (tried first, so its address stays the same). */
  sandboxPort: z.number().int().min(0).max(65535),
  /** Every address the sandbox ever had: jobs published to it keep resolving to it. */
  sandboxUrls: z.array(z.string()),
});
type State = z.infer<typeof stateSchema>;

export interface PlatformAccessOptions {
  /** The app's data folder. */
  dataDir: string;
  secrets: SecretStore;
  logger?: Logger;
  /** How the sandbox is started (tests count the starts). */
  startSandbox?: (options: PlatformOptions) => Promise<PlatformHandle>;
  /** Extra options of the sandbox (tests: its clock, faults). */
  sandboxOptions?: Partial<PlatformOptions>;
}

/** Asks a platform who it is, with a token; tells in one word why not. */
export async function pingPlatform(
  connection: PlatformConnection,
  timeoutMs = TEST_TIMEOUT_MS,
): Promise<ConnectionTestResult> {
  const client = new PlatformClient({ ...connection, timeoutMs, maxSockets: 1 });
  const url = connection.baseUrl;
  try {
    const studio = await client.studio();
    return { ok: true, studioName: studio.studioName, url };
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    if (error.code === 'network') return { ok: false, reason: 'unreachable', url };
    if (error.code === 'unauthorized') return { ok: false, reason: 'unauthorized', url };
    if ((error.details.status ?? 0) >= 500) return { ok: false, reason: 'server_error', url };
    return { ok: false, reason: 'not_preau', url };
  } finally {
    client.destroy();
  }
}

export class PlatformAccess implements PlatformAccessPort {
  private readonly logger: Logger;
  private readonly start: (options: PlatformOptions) => Promise<PlatformHandle>;
  private sandbox: PlatformHandle | null = null;
  /** The sandbox in use: the one this process started, or one another process of the app serves. */
  private sandboxConnection: PlatformConnection | null = null;
  private starting: Promise<PlatformConnection> | null = null;
  private readTarget: () => Promise<PublishTarget> = () => Promise.resolve({ kind: 'sandbox', url: '' });
  private closed = false;

  private constructor(
    private readonly options: PlatformAccessOptions,
    private readonly tokens: Map<string, string>,
    private state: State,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.start = options.startSandbox ?? startPlatform;
  }

  static async open(options: PlatformAccessOptions): Promise<PlatformAccess> {
    const tokens = new Map<string, string>();
    for (const key of await options.secrets.keys()) {
      const token = await options.secrets.get(key).catch(() => null);
      if (token) tokens.set(key, token);
    }
    let state: State = { sandboxPort: 0, sandboxUrls: [] };
    try {
      state = stateSchema.parse(
        JSON.parse(await fsp.readFile(path.join(options.dataDir, STATE_FILE), 'utf8')),
      );
    } catch {
      // First start, or an unreadable file: the sandbox simply gets a new port.
    }
    return new PlatformAccess(options, tokens, state);
  }

  /** Where the studio's current publish target is read (the core's settings, bound once the core exists). */
  useSettings(read: () => Promise<PublishTarget>): void {
    this.readTarget = read;
  }

  /** Core option `platformTarget`: the connection for the current target, the sandbox started if needed. */
  readonly platformTarget = async (): Promise<PlatformConnection | null> =>
    this.connectionFor(await this.readTarget());

  async connectionFor(target: PublishTarget): Promise<PlatformConnection | null> {
    if (target.kind === 'sandbox') return this.ensureSandbox();
    return this.hosted(target.url);
  }

  private hosted(url: string): PlatformConnection | null {
    const key = platformKey(url);
    const token = key ? this.tokens.get(key) : undefined;
    return key && token ? { baseUrl: key, token } : null;
  }

  /** Core option `platforms`: the connection for a platform a job published to, by its address. */
  readonly resolve: PlatformResolver = (url) => {
    const key = platformKey(url);
    if (!key) return null;
    if (this.state.sandboxUrls.includes(key)) {
      if (this.sandboxConnection) return this.sandboxConnection;
      // Not started in this run yet: start it now on its remembered port. The callers retry
      // network errors, which covers the moment it takes to come up.
      const token = this.tokens.get(SANDBOX_TOKEN_KEY);
      if (!token || this.closed) return null;
      this.ensureSandbox().catch((error: unknown) =>
        this.logger.warn('platform access: the local sandbox did not start', error),
      );
      return { baseUrl: `http://127.0.0.1:${this.state.sandboxPort}`, token };
    }
    return this.hosted(key);
  };

  /** Starts the sandbox once (later calls share the same start). */
  ensureSandbox(): Promise<PlatformConnection> {
    if (this.closed) return Promise.reject(new Error('platform access closed'));
    this.starting ??= this.startSandbox().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async startSandbox(): Promise<PlatformConnection> {
    let token = this.tokens.get(SANDBOX_TOKEN_KEY);
    if (!token) {
      token = newStudioToken();
      await this.options.secrets.set(SANDBOX_TOKEN_KEY, token);
      this.tokens.set(SANDBOX_TOKEN_KEY, token);
    }
    const remembered = this.state.sandboxPort;
    if (remembered > 0) {
      // Another process of the app (the CLI while the app runs) may already serve it there.
      const there = { baseUrl: `http://127.0.0.1:${remembered}`, token };
      if ((await pingPlatform(there, 2_000)).ok) {
        this.sandboxConnection = there;
        this.logger.info(`platform access: using the local sandbox already running at ${there.baseUrl}`);
        return there;
      }
    }
    const dataDir = path.join(this.options.dataDir, SANDBOX_DIR);
    const startOn = (port: number) =>
      this.start({ ...this.options.sandboxOptions, dataDir, port, token, logger: this.logger });
    let handle: PlatformHandle;
    try {
      handle = await startOn(remembered);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      this.logger.warn(`platform access: port ${remembered} is taken, the local sandbox gets a new address`);
      handle = await startOn(0);
    }
    if (this.closed) {
      await handle.close();
      throw new Error('platform access closed');
    }
    this.sandbox = handle;
    this.sandboxConnection = { baseUrl: handle.url, token };
    await this.remember(handle);
    this.logger.info(`platform access: local sandbox started at ${handle.url}`);
    return this.sandboxConnection;
  }

  private async remember(handle: PlatformHandle): Promise<void> {
    const key = platformKey(handle.url) ?? handle.url;
    this.state = {
      sandboxPort: handle.port,
      sandboxUrls: this.state.sandboxUrls.includes(key)
        ? this.state.sandboxUrls
        : [...this.state.sandboxUrls, key],
    };
    await writeFileAtomic(path.join(this.options.dataDir, STATE_FILE), `${JSON.stringify(this.state)}\n`);
  }

  // ---- PlatformAccessPort (the settings' RPCs) ----

  tokenSet(url: string): Promise<boolean> {
    const key = platformKey(url);
    return Promise.resolve(key !== null && this.tokens.has(key));
  }

  async saveToken(url: string, token: string): Promise<void> {
    const key = platformKey(url);
    if (!key) throw new Error('adresse de plateforme non valable');
    await this.options.secrets.set(key, token);
    this.tokens.set(key, token);
  }

  async forgetToken(url: string): Promise<void> {
    const key = platformKey(url);
    if (!key) return;
    await this.options.secrets.delete(key);
    this.tokens.delete(key);
  }

  sandboxUrl(): string | null {
    return this.sandboxConnection?.baseUrl ?? null;
  }

  async test(target: PublishTarget): Promise<ConnectionTestResult> {
    if (target.kind === 'sandbox') {
      let connection: PlatformConnection;
      try {
        connection = await this.ensureSandbox();
      } catch (error) {
        this.logger.warn('platform access: the local sandbox did not start', error);
        return { ok: false, reason: 'unreachable', url: '' };
      }
      return pingPlatform(connection);
    }
    const key = platformKey(target.url);
    if (!key) return { ok: false, reason: 'unreachable', url: target.url };
    const connection = this.hosted(key);
    if (!connection) return { ok: false, reason: 'no_token', url: key };
    return pingPlatform(connection);
  }

  /** Stops the sandbox this process started (a host calls it after closing the core). */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    const running = this.sandbox;
    this.sandbox = null;
    this.sandboxConnection = null;
    await running?.close();
  }
}
