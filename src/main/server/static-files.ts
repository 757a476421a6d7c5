/**
 * Serving the built renderer: fixed content types, no directory listing, nothing outside its folder
 * (not through `..`, encoded dots or a symbolic link).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isContained, resolveWithin } from '../lib/contained-path';
import { isInside } from '../lib/user-path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file to serve for a URL path: an asset, or `index.html` for app routes (no extension). */
export async function resolveStatic(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isInside(root, candidate)) return null;
  const stat = await fsp.stat(candidate).catch(() => undefined);
  // A link inside the built UI that leads out of it (a stray symlink in dist/) serves nothing.
  if (stat?.isFile()) return isContained(await resolveWithin(root, '', candidate)) ? candidate : null;
  if (!path.extname(decoded)) return path.join(root, 'index.html');
  return null;
}
