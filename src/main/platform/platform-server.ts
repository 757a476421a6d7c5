/**
 * The sandbox sales platform: the publish protocol (docs/publish-api.md) and the family page over
 * plain node:http on 127.0.0.1, metadata in SQLite, files content-addressed on disk. It is the
 * default publish target of a fresh install, so the whole chain works with no account anywhere,
 * and the target of the publish tests, with a test mode that injects network and server faults.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { openDatabase, type Db } from '../lib/sqlite';
import { ensurePrivateDir, writeFileAtomic } from '../lib/atomic';
import { answerClientError, parseRequestTarget } from '../server/request-target';
import { silentLogger, type Logger } from '../lib/logger';
import {
  API_PREFIX,
  BATCH_HEADER,
  CHUNK_HEADERS,
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  MAX_CHUNK_BYTES,
  MAX_ORDERS_PAGE,
  orderEventRequestSchema,
  parseBatchHeader,
  PROTOCOL_VERSION,
  putGalleryRequestSchema,
  removeStudentRequestSchema,
  refSchema,
  sha256Schema,
  type ErrorResponse,
} from '../../shared/publish/protocol';
import { BlobStore } from './blob-store';
import { CodeAttemptGuard, DEFAULT_RATE_LIMITS, type RateLimitOptions } from './family-guard';
import { FamilyPage } from './family-page';
import { LinkThrottle, NO_FAULTS, parseFaults, seededRandom, type FaultOptions } from './faults';
import { ConnectionDropped, PlatformError, readBody, sendJson, streamBody } from './http-util';
import { platformMigrations } from './platform-migrations';
import { PlatformRepository } from './platform.repository';
import { PlatformService, type PlatformStats } from './platform.service';

export interface PlatformOptions {
  dataDir: string;
  /** 0 (default) = a free port. */
  port?: number;
  faults?: Partial<FaultOptions>;
  logger?: Logger;
  /** The platform's clock (tests move it to cross retention dates). */
  now?: () => Date;
  studioName?: string;
  /** Wrong access codes allowed per browser and per network address (family page). */
  rateLimit?: RateLimitOptions;
  sessionTtlMs?: number;
  /**
   * Reverse proxies (by address) in front of the sandbox whose forwarding headers are believed: the
   * family's address for the limits, and HTTPS for `Secure` cookies. None by default.
   */
  trustedProxies?: readonly string[];
  /**
   * The studio token to accept, when the host keeps it (the app keeps the token of the sandbox it
   * starts in its own secret store). By default the sandbox creates one once, in `<data>/studio-token`.
   */
  token?: string;
}

export interface PlatformHandle {
  url: string;
  port: number;
  /** The studio's API token (Bearer). */
  token: string;
  dataDir: string;
  store: BlobStore;
  stats(): PlatformStats & { faultsInjected: number };
  /** Sets the test-mode faults while running. */
  setFaults(faults: Partial<FaultOptions>): void;
  enforceRetention(): Promise<void>;
  close(): Promise<void>;
}

const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** Reads a secret from the data folder, creating it (user-only file) on first start. */
async function loadSecret(file: string, create: () => string): Promise<string> {
  try {
    return (await fsp.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const value = create();
    await writeFileAtomic(file, `${value}\n`);
    return value;
  }
}

/** A new studio API token (256 random bits). */
export function newStudioToken(): string {
  return `preau_${randomBytes(32).toString('base64url')}`;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

export async function startPlatform(options: PlatformOptions): Promise<PlatformHandle> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const dataDir = path.resolve(options.dataDir);
  await ensurePrivateDir(dataDir);
  const token = options.token ?? (await loadSecret(path.join(dataDir, 'studio-token'), newStudioToken));
  const secret = Buffer.from(
    await loadSecret(path.join(dataDir, 'server-secret'), () => randomBytes(32).toString('hex')),
    'hex',
  );
  const tokenDigest = sha(token);
  const db: Db = openDatabase(path.join(dataDir, 'platform.sqlite'), platformMigrations);
  const store = new BlobStore(dataDir);
  await store.init();
  const repo = new PlatformRepository(db);
  let baseUrl = '';
  const service = new PlatformService(repo, store, secret, now, logger, () => `${baseUrl}/`);
  const family = new FamilyPage({
    repo,
    service,
    store,
    secret,
    logger,
    now,
    guard: new CodeAttemptGuard(options.rateLimit ?? DEFAULT_RATE_LIMITS),
    sessionTtlMs: options.sessionTtlMs ?? 30 * 60_000,
    trustedProxies: options.trustedProxies ?? [],
  });

  let faults: FaultOptions = { ...NO_FAULTS, ...options.faults };
  let dice = seededRandom(faults.seed);
  let throttle = new LinkThrottle(faults.bandwidthBytesPerSec);
  let faultsInjected = 0;

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/.exec(header);
    return m !== null && timingSafeEqual(sha(m[1]!), tokenDigest);
  };

  const param = (value: string | undefined, what: string, schema: z.ZodType<string>) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(value ?? '');
    } catch {
      throw new PlatformError('invalid_request', `${what} mal encodé dans l’adresse`);
    }
    const parsed = schema.safeParse(decoded);
    if (!parsed.success) throw new PlatformError('invalid_request', `${what} non valable`);
    return parsed.data;
  };

  /** A JSON body; with `optional`, an empty body (older clients send none) reads as `{}`. */
  const json = async (req: IncomingMessage, { optional = false } = {}): Promise<unknown> => {
    const body = await readBody(req, { limit: MAX_MANIFEST_BYTES, throttle });
    if (optional && body.length === 0) return {};
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new PlatformError('invalid_request', 'JSON illisible');
    }
  };

  /**
   * Link test: takes a plain stream of bytes, hashes it and writes it to disk like an upload, then
   * forgets it. Measures what the link and the disk allow, without the protocol (the publish
   * benchmark compares the engine against it).
   */
  const sink = async (req: IncomingMessage): Promise<{ bytes: number; sha256: string }> => {
    const file = path.join(dataDir, 'partial', `sink-${randomBytes(6).toString('hex')}.tmp`);
    const hash = createHash('sha256');
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        hash.update(chunk);
        const wait = throttle.reserve(chunk.length);
        if (wait > 1) setTimeout(() => done(null, chunk), wait);
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(file, { mode: 0o600 }));
      const handle = await fsp.open(file, 'r');
      await handle.sync();
      await handle.close();
    } catch {
      throw new ConnectionDropped('link test interrupted');
    } finally {
      await fsp.rm(file, { force: true });
    }
    return { bytes, sha256: hash.digest('hex') };
  };

  /** Test mode: where to cut an upload's body (chunk or batch), or undefined to let it through. */
  const dropPoint = (req: IncomingMessage): number | undefined => {
    const length = Number(req.headers['content-length'] ?? NaN);
    const dropAfter =
      faults.dropRate > 0 && dice() < faults.dropRate && length > 1
        ? Math.max(1, Math.floor(length * dice()))
        : undefined;
    if (dropAfter !== undefined) faultsInjected++;
    return dropAfter;
  };

  /** Routes one API request; returns the status and JSON body to send. */
  const api = async (req: IncomingMessage, pathname: string): Promise<{ status: number; body: unknown }> => {
    if (!authorized(req)) throw new PlatformError('unauthorized', 'jeton du studio absent ou non valable');
    const method = req.method ?? 'GET';
    const parts = pathname.slice(API_PREFIX.length).split('/').filter(Boolean);
    const ok = (body: unknown) => ({ status: 200, body });
    if (parts.length === 1 && parts[0] === 'studio' && method === 'GET')
      return ok({
        protocolVersion: PROTOCOL_VERSION,
        studioName: options.studioName ?? 'Studio (bac à sable)',
        maxChunkBytes: MAX_CHUNK_BYTES,
      });
    if (parts.length === 2 && parts[0] === 'diagnostics' && parts[1] === 'sink' && method === 'PUT')
      return ok(await sink(req));
    if (parts[0] !== 'galleries' || parts.length < 2)
      throw new PlatformError('not_found', 'adresse inconnue');
    const g = param(parts[1], 'identifiant de galerie', refSchema);
    const rest = parts.slice(2);
    if (rest.length === 0) {
      if (method === 'GET') return ok(service.galleryResponse(g));
      if (method === 'PUT') {
        const body = putGalleryRequestSchema.safeParse(await json(req));
        if (!body.success)
          throw new PlatformError(
            'invalid_request',
            'école, commune et année scolaire (AAAA-AAAA) attendues',
          );
        return ok(service.putGallery(g, body.data));
      }
    }
    if (rest[0] === 'close' && rest.length === 1 && method === 'POST') return ok(service.close(g));
    if (rest[0] === 'manifests' && rest[1] === 'live' && rest.length === 2 && method === 'GET')
      return ok(service.getLiveManifest(g));
    if (rest[0] === 'manifests' && rest.length === 2) {
      const m = param(rest[1], 'identifiant de manifeste', refSchema);
      if (method === 'PUT') return ok(service.putManifest(g, m, await json(req)));
      if (method === 'GET') return ok(service.getManifestStatus(g, m));
    }
    if (rest[0] === 'manifests' && rest[2] === 'finalize' && rest.length === 3 && method === 'POST')
      return ok(await service.finalize(g, param(rest[1], 'identifiant de manifeste', refSchema)));
    if (rest[0] === 'students' && rest[2] === 'remove' && rest.length === 3 && method === 'POST') {
      const studentRef = param(rest[1], 'identifiant d’élève', refSchema);
      const body = removeStudentRequestSchema.safeParse(await json(req, { optional: true }));
      if (!body.success)
        throw new PlatformError('invalid_request', 'motif attendu : « withdrawal » ou « erasure »');
      return ok(await service.removeStudent(g, studentRef, body.data.reason));
    }
    if (rest[0] === 'orders' && rest.length === 1 && method === 'GET') {
      const query = new URL(req.url ?? '/', 'http://platform.invalid').searchParams;
      return ok(
        service.ordersPage(g, query.get('cursor') ?? '', Number(query.get('limit') ?? MAX_ORDERS_PAGE)),
      );
    }
    if (
      rest[0] === 'orders' &&
      rest.length === 3 &&
      method === 'POST' &&
      (rest[2] === 'cancel' || rest[2] === 'refund')
    ) {
      const orderId = param(rest[1], 'identifiant de commande', refSchema);
      const body = orderEventRequestSchema.safeParse(await json(req));
      if (!body.success) throw new PlatformError('invalid_request', 'motif attendu (1 à 500 caractères)');
      return ok(
        service.orderEvent(g, orderId, rest[2] === 'cancel' ? 'cancelled' : 'refunded', body.data.reason),
      );
    }
    if (rest[0] === 'batch' && rest.length === 1 && method === 'PUT') {
      const items = parseBatchHeader(
        typeof req.headers[BATCH_HEADER] === 'string' ? req.headers[BATCH_HEADER] : undefined,
      );
      if (!items)
        throw new PlatformError(
          'invalid_request',
          `en-tête ${BATCH_HEADER} attendu : « sha256:taille » séparés par des virgules (${MAX_BATCH_FILES} au plus)`,
        );
      const dropAfter = dropPoint(req);
      const length = req.headers['content-length'];
      // Too big for any batch is said first, before the sizes are compared with the header.
      if (length !== undefined && Number(length) > MAX_BATCH_BYTES)
        throw new PlatformError('payload_too_large', `un lot fait au plus ${MAX_BATCH_BYTES} octets`);
      return ok(
        await service.putBatch(
          g,
          items,
          (onChunk) => streamBody(req, { limit: MAX_BATCH_BYTES, throttle, dropAfter }, onChunk),
          length === undefined ? undefined : Number(length),
        ),
      );
    }
    if (rest[0] === 'files' && rest.length === 2 && method === 'PUT') {
      const file = param(rest[1], 'SHA-256 du fichier', sha256Schema);
      const offset = Number(req.headers[CHUNK_HEADERS.offset]);
      const chunkSha = sha256Schema.safeParse(req.headers[CHUNK_HEADERS.sha256]);
      if (!Number.isInteger(offset) || offset < 0 || !chunkSha.success)
        throw new PlatformError(
          'invalid_request',
          `en-têtes ${CHUNK_HEADERS.offset} et ${CHUNK_HEADERS.sha256} attendus`,
        );
      const dropAfter = dropPoint(req);
      return ok(
        await service.putChunk(g, file, offset, chunkSha.data, () =>
          readBody(req, { limit: MAX_CHUNK_BYTES, throttle, dropAfter }),
        ),
      );
    }
    throw new PlatformError('not_found', 'adresse inconnue');
  };

  const injectedError = (res: ServerResponse) => {
    faultsInjected++;
    const status = dice() < 0.5 ? 500 : 503;
    sendJson(res, status, {
      error: { code: status === 500 ? 'internal' : 'unavailable', message: 'panne simulée (mode test)' },
    });
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        // Read strictly, inside the try: `//[` or `/%E0%A4%A` is the client's mistake (400), and a
        // throw here once ended the whole process as an unhandled rejection.
        const target = parseRequestTarget(req.url);
        if (!target) {
          logger.warn('platform: request refused (400): malformed address');
          throw new PlatformError(
            'invalid_request',
            'adresse mal formée (caractères ou encodage non valables)',
          );
        }
        const pathname = target.url.pathname;
        if (pathname.startsWith(`${API_PREFIX}/`)) {
          // Test mode: fail some requests before the work, and some after it (the answer is lost).
          const failBefore = faults.errorRate > 0 && dice() < faults.errorRate / 2;
          const failAfter = !failBefore && faults.errorRate > 0 && dice() < faults.errorRate / 2;
          if (failBefore) {
            req.resume();
            injectedError(res);
            return;
          }
          const result = await api(req, pathname);
          if (failAfter) injectedError(res);
          else sendJson(res, result.status, result.body);
          return;
        }
        if (await family.handle(req, res, pathname)) return;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Introuvable');
      } catch (error) {
        if (error instanceof ConnectionDropped) {
          res.destroy();
          return;
        }
        if (error instanceof PlatformError) {
          if (!res.headersSent) sendJson(res, error.status, error.toBody());
          if (!req.complete) req.resume();
          return;
        }
        logger.error('platform: request failed', error);
        if (!res.headersSent)
          sendJson(res, 500, { error: { code: 'internal', message: 'erreur interne de la plateforme' } });
        else res.destroy();
      }
    })().catch((error: unknown) => {
      // Only a failure while answering a failure lands here: the connection is dropped, one line.
      logger.warn(`platform: a request could not be answered: ${String(error)}`);
      res.destroy();
    });
  });
  // Requests Node's parser refuses (broken syntax, headers too big, too slow): the protocol's error
  // body, then the connection is closed.
  server.on('clientError', (error: Error & { code?: unknown }, socket) => {
    const status = answerClientError(error, socket, (code) => ({
      type: 'application/json; charset=utf-8',
      text: JSON.stringify({
        error: {
          code: code === 413 ? 'payload_too_large' : 'invalid_request',
          message:
            code === 431
              ? 'en-têtes trop gros'
              : code === 408
                ? 'requête trop lente, abandonnée'
                : 'requête HTTP mal formée',
        },
      } satisfies ErrorResponse),
    }));
    if (error.code !== 'ECONNRESET')
      logger.warn(`platform: request refused (${status}): ${String(error.code)}`);
  });
  server.keepAliveTimeout = 30_000;
  // A publisher that dies mid-upload still delivers what its system had sent, then closes. Node's
  // server (a long-standing, untyped switch) otherwise drops the blocks not yet read when that close
  // arrives; reading to the end keeps every file of a batch that arrived whole.
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    // The port is taken (EADDRINUSE): release the database so the caller can try another port.
    db.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  await service.dropMissing();
  await service.enforceRetention();
  const sweeper = setInterval(() => {
    service
      .enforceRetention()
      .catch((error: unknown) => logger.error('platform: retention sweep failed', error));
  }, 60 * 60_000);
  sweeper.unref();
  logger.info(`platform: listening on ${baseUrl}`);

  return {
    url: baseUrl,
    port,
    token,
    dataDir,
    store,
    stats: () => ({ ...service.stats, faultsInjected }),
    setFaults(next) {
      faults = { ...faults, ...next };
      dice = seededRandom(faults.seed);
      throttle = new LinkThrottle(faults.bandwidthBytesPerSec);
    },
    enforceRetention: () => service.enforceRetention(),
    async close() {
      clearInterval(sweeper);
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}

export { parseFaults };
