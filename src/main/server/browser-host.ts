/**
 * The browser host: the same core served to any Chromium over HTTP + WebSocket on 127.0.0.1, on a
 * random port, behind a per-launch token (see request-guard.ts). It serves the built UI, the media
 * route and one WebSocket endpoint carrying the RPC frames and the pushed events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorMessage } from '../../shared/i18n';
import type { RpcError } from '../../shared/rpc/errors';
import { parseMediaPath } from '../../shared/media';
import { callFrameSchema, MAX_FRAME_BYTES, type ResultFrame } from '../../shared/rpc/wire';
import type { Core } from '../core/core';
import { contentSecurityPolicy } from '../csp';
import { checkRequest, cookieName, type RequestFacts } from './request-guard';
import { contentTypeOf, resolveStatic } from './static-files';
import { resolveExportFile } from '../core/exports/export-files';
import { ExportRegistry } from '../core/exports/export-registry.repository';
import { MAX_UPLOAD_BYTES, readLimited, removeOldUploads, storeUpload, UploadTooLargeError } from './uploads';

export interface BrowserHostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Largest file accepted by `POST /upload` (default 20 MB). */
  maxUploadBytes?: number;
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function malformedFrameError(): RpcError {
  const params = { details: 'trame RPC mal formée (type, id, method, params attendus)' };
  return { code: 'invalid_params', message: errorMessage('fr', 'invalid_params', params), params };
}

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

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
      const stat = await fsp.stat(found.file);
      res.writeHead(200, {
        ...headers,
        'Content-Type': found.contentType,
        'Content-Length': String(stat.size),
        'Cache-Control': 'private, max-age=3600',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(found.file).pipe(res);
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
      throw error;
    }
    const name = url.searchParams.get('name') ?? '';
    const stored = await storeUpload(core.info.dataDir, name, data);
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
    const file = jobDir ? await resolveExportFile(jobDir, name) : null;
    if (!file) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    const stat = await fsp.stat(file);
    res.writeHead(200, {
      ...headers,
      'Content-Type': file.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream',
      'Content-Length': String(stat.size),
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(path.basename(file))}`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else {
      // Downloaded, it may be printed or sent anywhere: erasing a student named in it lists this copy.
      new ExportRegistry(core.jobs.get(jobId)).handedOut(file, 'downloaded');
      createReadStream(file).pipe(res);
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(factsOf(req, url), { port, token });
    if (!verdict.ok || url.pathname !== '/rpc') {
      socket.end(`HTTP/1.1 ${verdict.ok ? 404 : verdict.status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const clientId = randomUUID();
    const unsubscribe = core.events.on((frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data, isBinary) => {
      void (async () => {
        const raw = isBinary ? undefined : parseJson(Buffer.isBuffer(data) ? data.toString('utf8') : '');
        const call = callFrameSchema.safeParse(raw);
        let frame: ResultFrame;
        if (call.success) {
          frame = {
            type: 'result',
            id: call.data.id,
            ...(await core.dispatch(call.data.method, call.data.params, { clientId })),
          };
        } else {
          const id = (raw as { id?: unknown } | undefined)?.id;
          core.logger.warn(`browser host: malformed frame from ${clientId}`);
          if (typeof id !== 'number') return; // nothing to answer to
          frame = { type: 'result', id, ok: false, error: malformedFrameError() };
        }
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
      })();
    });
  }

  const removed = await removeOldUploads(core.info.dataDir);
  if (removed > 0) core.logger.info(`browser host: removed ${removed} upload(s) older than a day`);

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
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections (a dev proxy, a browser tab) would otherwise hold `close` open forever.
      server.closeAllConnections();
      await closed;
    },
  };
}
