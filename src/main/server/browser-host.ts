/**
 * The browser host: the same core served to any Chromium over HTTP + WebSocket on 127.0.0.1, on a
 * random port, behind a per-launch token (see request-guard.ts). It serves the built UI, the media
 * route and one WebSocket endpoint carrying the RPC frames and the pushed events.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorMessage } from '../../shared/i18n';
import { parseMediaPath } from '../../shared/media';
import { MAX_FRAME_BYTES } from '../../shared/rpc/wire';
import type { Core } from '../core/core';
import { fsErrorToAppError, isAppError } from '../lib/errors';
import { contentSecurityPolicy } from '../csp';
import { checkRequest, cookieName, type RequestFacts } from './request-guard';
import { answerClientError, parseRequestTarget } from './request-target';
import { DEFAULT_SOCKET_LIMITS, serveRpcSocket, type SocketLimits } from './rpc-socket';
import { contentTypeOf, resolveStatic } from './static-files';
import { resolveExportFile } from '../core/exports/export-files';
import {
  MAX_UPLOAD_BYTES,
  readLimited,
  removeOldUploads,
  storeUpload,
  UploadAbortedError,
  UploadTooLargeError,
  uploadsDir,
} from './uploads';
import { ExportRegistry } from '../core/exports/export-registry.repository';

export interface BrowserHostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Largest file accepted by `POST /upload` (default 20 MB). */
  maxUploadBytes?: number;
  /** Per-connection limits of the RPC WebSocket (tests lower them). */
  socketLimits?: Partial<SocketLimits>;
  /** Connections open at once (windows, tabs); one more is refused with 503. */
  maxConnections?: number;
  /** Interval of the ping that finds connections gone silent (a laptop that slept), in ms. */
  heartbeatMs?: number;
}

export interface BrowserHost {
  readonly port: number;
  readonly token: string;
  /** Address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const BAD_REQUEST_TEXT =
  'Requête mal formée : l’adresse ou les en-têtes ne peuvent pas être lus. Rouvrez Préau Studio avec l’adresse affichée au démarrage.\n';

function factsOf(req: http.IncomingMessage, url: URL): RequestFacts {
  return {
    host: req.headers.host,
    origin: req.headers.origin,
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
    queryToken: url.searchParams.get('token'),
  };
}

export async function startBrowserHost(core: Core, options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      core.logger.error('browser host request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Erreur interne');
    });
  });
  // Requests Node's parser refuses (broken syntax, headers too big, too slow): answered, one line.
  server.on('clientError', (error: Error & { code?: unknown }, socket) => {
    const status = answerClientError(error, socket, () => ({
      type: 'text/plain; charset=utf-8',
      text: BAD_REQUEST_TEXT,
    }));
    if (error.code !== 'ECONNRESET')
      core.logger.warn(`browser host: request refused (${status}): ${String(error.code)}`);
  });

  /** Streams a file by its real path; a client that goes away mid-file is not an error. */
  async function sendFile(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    file: string,
    headers: Record<string, string>,
  ): Promise<void> {
    // Opened once, and the size read from the open file: the name may change under us (a purge).
    const handle = await fsp.open(file, 'r').catch(() => null);
    if (!handle) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    try {
      const stat = await handle.stat();
      res.writeHead(200, { ...headers, 'Content-Length': String(stat.size) });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await pipeline(handle.createReadStream({ autoClose: false }), res).catch(() => {
        // The client closed the connection (window closed, image scrolled away): nothing to report.
        res.destroy();
      });
    } finally {
      await handle.close();
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    if (!target) {
      core.logger.warn('browser host: request refused (400): malformed address');
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(BAD_REQUEST_TEXT);
      return;
    }
    const url = target.url;
    const verdict = checkRequest(factsOf(req, url), { port, token });
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(
        verdict.status === 401
          ? 'Accès refusé : ouvrez Préau Studio avec l’adresse complète (jeton compris) affichée au démarrage.\n'
          : 'Accès refusé.\n',
      );
      return;
    }
    if (url.pathname === '/upload') {
      await handleUpload(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (verdict.via === 'query') {
      headers['Set-Cookie'] = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }

    const media = url.pathname.startsWith('/media/') ? parseMediaPath(url.pathname) : undefined;
    if (media !== undefined) {
      const found = media && (await core.media.resolve(media));
      if (!found) {
        res.writeHead(404, headers);
        res.end();
        return;
      }
      await sendFile(req, res, found.file, {
        ...headers,
        'Content-Type': found.contentType,
        'Cache-Control': 'private, max-age=3600',
      });
      return;
    }

    if (url.pathname.startsWith('/exports/')) {
      await serveExport(req, res, url, headers);
      return;
    }

    const file = await resolveStatic(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    const isHtml = file.endsWith('.html');
    const body = await fsp.readFile(file).catch(() => null);
    if (!body) {
      res.writeHead(isHtml ? 503 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(isHtml ? 'Interface non construite : lancez « npm run build ».\n' : '');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeOf(file),
      'Cache-Control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
      ...(isHtml ? { 'Content-Security-Policy': contentSecurityPolicy() } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /**
   * `POST /upload?name=<file name>` with the raw bytes (`application/octet-stream`, a type a foreign
   * page cannot send without a preflight the guard refuses). Answers `{ path, name, size }`.
   */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/octet-stream') {
      json(415, { error: 'Envoyez le fichier tel quel (application/octet-stream).' });
      return;
    }
    const limit = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    const declared = Number(req.headers['content-length'] ?? '0');
    const tooLarge = () => {
      json(413, {
        error: `Fichier trop gros : ${Math.round(limit / (1024 * 1024))} Mo au plus. Vérifiez que vous avez choisi la bonne liste d’élèves.`,
      });
      // The client may still be sending: stop reading and close once the answer is out.
      res.once('finish', () => req.destroy());
    };
    if (declared > limit) {
      tooLarge();
      return;
    }
    let data: Buffer;
    try {
      data = await readLimited(req, limit);
    } catch (error) {
      if (error instanceof UploadTooLargeError) {
        tooLarge();
        return;
      }
      if (error instanceof UploadAbortedError) {
        // The page was closed or the connection cut mid-file: nothing is kept, nobody to answer.
        core.logger.info('browser host: an upload was interrupted by the client; nothing kept');
        res.destroy();
        return;
      }
      throw error;
    }
    const name = url.searchParams.get('name') ?? '';
    let stored: string;
    try {
      stored = await storeUpload(core.info.dataDir, name, data);
    } catch (error) {
      const known = isAppError(error) ? error : fsErrorToAppError(error, uploadsDir(core.info.dataDir));
      if (!known) throw error;
      core.logger.warn(`browser host: upload not stored (${known.code})`);
      json(known.code === 'disk_full' ? 507 : 500, { error: errorMessage('fr', known.code, known.params) });
      return;
    }
    json(200, { path: stored, name: path.basename(stored), size: data.length });
  }

  /** `GET /exports/<jobId>/<file>`: a file the open job produced (a shoot-day list), nothing else. */
  async function serveExport(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    headers: Record<string, string>,
  ): Promise<void> {
    const [, , jobId = '', encoded = '', ...rest] = url.pathname.split('/');
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      name = '';
    }
    const jobDir = rest.length === 0 && name ? core.jobs.dirOf(jobId) : undefined;
    const file = jobDir ? await resolveExportFile(jobDir, name, core.logger) : null;
    if (!file) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    // Downloaded, it may be printed or sent anywhere: erasing a student named in it lists this copy.
    if (req.method !== 'HEAD') new ExportRegistry(core.jobs.get(jobId)).handedOut(file, 'downloaded');
    await sendFile(req, res, file, {
      ...headers,
      'Content-Type': file.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream',
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(path.basename(file))}`,
      'Cache-Control': 'no-store',
    });
  }

  // No compression: a small compressed frame could inflate to far more than the size limit.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...options.socketLimits };
  const maxConnections = options.maxConnections ?? 64;
  const refuseUpgrade = (socket: Duplex, status: number, reason: string) => {
    if (socket.writable)
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  };
  server.on('upgrade', (req, socket, head) => {
    // The raw socket is ours from here: a reset before the handshake ends must not go unhandled.
    socket.on('error', () => socket.destroy());
    const target = parseRequestTarget(req.url);
    if (!target) {
      core.logger.warn('browser host: WebSocket upgrade refused (400): malformed address');
      refuseUpgrade(socket, 400, 'Bad Request');
      return;
    }
    const verdict = checkRequest(factsOf(req, target.url), { port, token });
    if (!verdict.ok || target.url.pathname !== '/rpc') {
      refuseUpgrade(socket, verdict.ok ? 404 : verdict.status, 'Refused');
      return;
    }
    if (wss.clients.size >= maxConnections) {
      core.logger.warn(`browser host: WebSocket refused (503): ${maxConnections} connections already open`);
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      serveRpcSocket(ws, { core, logger: core.logger, limits });
    });
  });
  // A connection that answers no ping for a whole interval is gone (sleep, cable): closed, so
  // events stop piling up for it.
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        core.logger.info('browser host: a silent connection was closed (no answer to ping)');
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  try {
    const removed = await removeOldUploads(core.info.dataDir);
    if (removed > 0)
      core.logger.info(
        `browser host: removed ${removed} ${removed === 1 ? 'upload' : 'uploads'} older than a day`,
      );
  } catch (error) {
    core.logger.warn(
      `browser host: old uploads not removed: ${isAppError(error) ? error.message : String(error)}`,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      clearInterval(heartbeat);
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections (a dev proxy, a browser tab) would otherwise hold `close` open forever.
      server.closeAllConnections();
      await closed;
    },
  };
}
