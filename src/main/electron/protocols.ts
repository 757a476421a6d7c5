/**
 * The two custom schemes of the Electron host, instead of `file://` (Electron security checklist):
 * - `app://preau/…` serves the built UI from dist/renderer, nothing outside it (not through `..`,
 *   encoded dots, absolute paths or a symbolic link), with the app's Content-Security-Policy on HTML;
 * - `preau-media://app/media/<jobId>/<kind>/<id>` serves photos by opaque id through the core's media
 *   resolver: the renderer never names a file.
 * Handlers are plain `Request → Response` functions; `registerProtocols` wires them to the `protocol`
 * object main.ts hands in, so this file runs (and is tested) under plain Node.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CustomScheme, Protocol } from 'electron';
import { parseMediaPath, type MediaRef } from '../../shared/media';
import type { MediaResolver } from '../core/media/media-resolver';
import { containedRealPath } from '../core/media/media-resolver';
import { contentSecurityPolicy } from '../csp';
import { contentTypeOf, resolveStatic } from '../server/static-files';
import { APP_HOST, APP_SCHEME } from './security';

export const MEDIA_SCHEME = 'preau-media';
export const MEDIA_HOST = 'app';
/** Base of media URLs in the Electron UI (the browser host uses its own origin). */
export const MEDIA_BASE = `${MEDIA_SCHEME}://${MEDIA_HOST}`;

/**
 * Registered before `ready`. Standard + secure give the UI a real origin (`app://preau`, so `'self'`
 * in the CSP and relative URLs work) and a secure context. `corsEnabled` is deliberately left unset:
 * with it, other origins could read these responses without any CORS header check; same-origin loads
 * and `<img>` need no CORS.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
];

/** The CSP of the Electron UI: the shared policy, plus photos from the media scheme. */
export function electronCsp(): string {
  return contentSecurityPolicy({ img: [`${MEDIA_SCHEME}:`] });
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** `preau-media://app/media/<jobId>/<kind>/<id>` → its reference; anything else → null. */
export function mediaRefFromUrl(url: string): MediaRef | null {
  const u = parseUrl(url);
  if (!u || u.protocol !== `${MEDIA_SCHEME}:` || u.hostname !== MEDIA_HOST) return null;
  if (u.port !== '' || u.username !== '' || u.password !== '') return null;
  return parseMediaPath(u.pathname);
}

/**
 * The file of dist/renderer a URL path names (or index.html for an app route), or null when it is
 * missing or would leave the folder, including through a symbolic link.
 */
export async function resolveAppFile(rendererDir: string, pathname: string): Promise<string | null> {
  const root = path.resolve(rendererDir);
  const file = await resolveStatic(root, pathname);
  if (!file) return null;
  return (await containedRealPath(root, file)) ? file : null;
}

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff' } as const;

function textResponse(status: number, text = ''): Response {
  return new Response(text || null, {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

function readOnly(request: Request): Response | null {
  return request.method === 'GET' || request.method === 'HEAD'
    ? null
    : new Response(null, { status: 405, headers: { ...BASE_HEADERS, Allow: 'GET, HEAD' } });
}

/** Handler of `app://`: the built UI. */
export async function serveApp(rendererDir: string, request: Request): Promise<Response> {
  const refused = readOnly(request);
  if (refused) return refused;
  const u = parseUrl(request.url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST) return textResponse(404);
  const file = await resolveAppFile(rendererDir, u.pathname);
  if (!file) {
    const built = await fsp.stat(path.join(rendererDir, 'index.html')).catch(() => undefined);
    return built
      ? textResponse(404)
      : textResponse(503, 'Interface non construite : lancez « npm run build ».\n');
  }
  const isHtml = file.endsWith('.html');
  const body = request.method === 'HEAD' ? null : await fsp.readFile(file);
  return new Response(body, {
    status: 200,
    headers: {
      ...BASE_HEADERS,
      'Content-Type': contentTypeOf(file),
      'Cache-Control': isHtml ? 'no-store' : 'max-age=31536000, immutable',
      ...(isHtml ? { 'Content-Security-Policy': electronCsp() } : {}),
    },
  });
}

/**
 * Handler of `preau-media://`: a photo by opaque id, streamed from its job folder. The resolver
 * refuses (and logs) anything whose real path leaves the kind's folder of the job; the file is then
 * opened once and its size read from the open file, so a photo removed meanwhile is a 404, not a 500.
 */
export async function serveMedia(media: MediaResolver, request: Request): Promise<Response> {
  const refused = readOnly(request);
  if (refused) return refused;
  const ref = mediaRefFromUrl(request.url);
  const found = ref && (await media.resolve(ref));
  if (!found) return textResponse(404);
  const handle = await fsp.open(found.file, 'r').catch(() => null);
  if (!handle) return textResponse(404);
  const stat = await handle.stat().catch(() => null);
  if (!stat) {
    await handle.close();
    return textResponse(404);
  }
  let body: ReadableStream | null = null;
  if (request.method === 'HEAD') await handle.close();
  else body = Readable.toWeb(handle.createReadStream({ autoClose: true })) as ReadableStream;
  return new Response(body, {
    status: 200,
    headers: {
      ...BASE_HEADERS,
      'Content-Type': found.contentType,
      'Content-Length': String(stat.size),
      'Cache-Control': 'private, max-age=3600',
    },
  });
}

export interface ProtocolDeps {
  rendererDir: string;
  media: MediaResolver;
  onError(message: string, error: unknown): void;
}

/** Installs both handlers (after `ready`). A handler failure is logged and answered with a 500. */
export function registerProtocols(protocol: Protocol, deps: ProtocolDeps): void {
  const safely =
    (name: string, serve: (request: Request) => Promise<Response>) =>
    async (request: Request): Promise<Response> => {
      try {
        return await serve(request);
      } catch (error) {
        deps.onError(`${name} protocol failed`, error);
        return textResponse(500, 'Erreur interne');
      }
    };
  protocol.handle(
    APP_SCHEME,
    safely(APP_SCHEME, (request) => serveApp(deps.rendererDir, request)),
  );
  protocol.handle(
    MEDIA_SCHEME,
    safely(MEDIA_SCHEME, (request) => serveMedia(deps.media, request)),
  );
}
