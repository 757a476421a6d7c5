/**
 * Files the user hands to the browser host with a normal `<input type="file">` (a roster export):
 * the page cannot give the core a path on disk, so the bytes are stored under
 * `<dataDir>/uploads/<random>/<name>` (user-only permissions, written atomically) and the core then
 * reads that path like any other. Size is capped while reading (a bad client cannot fill the disk)
 * and uploads older than a day are removed at start, since they are copies of personal data.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ensurePrivateDir, writeFileAtomic } from '../core/fs/atomic';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`upload larger than ${limit} bytes`);
  }
}

/**
 * A file name safe on every system, accents kept: no folder part, no control or reserved
 * characters, no leading dots, at most 120 characters; `fichier` when nothing is left.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC')]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || '<>:"|?*'.includes(c) ? '_' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  if (cleaned.length <= 120) return cleaned || 'fichier';
  const ext = path.extname(cleaned).slice(0, 12);
  return cleaned.slice(0, 120 - ext.length) + ext;
}

/** Reads a request body, refusing it as soon as it passes `limit` bytes. */
export async function readLimited(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw new UploadTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** Stores the bytes in a fresh private folder; returns the absolute path the core will read. */
export async function storeUpload(dataDir: string, originalName: string, data: Buffer): Promise<string> {
  const dir = path.join(uploadsDir(dataDir), randomBytes(12).toString('hex'));
  await ensurePrivateDir(dir);
  const file = path.join(dir, sanitizeFileName(originalName));
  await writeFileAtomic(file, data);
  return file;
}

/** Removes uploads older than `maxAgeMs`; returns how many folders went. Never fails the start. */
export async function removeOldUploads(
  dataDir: string,
  now = Date.now(),
  maxAgeMs = UPLOAD_MAX_AGE_MS,
): Promise<number> {
  const root = uploadsDir(dataDir);
  const entries = await fsp.readdir(root, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    const stat = await fsp.lstat(full).catch(() => undefined);
    if (!stat || now - stat.mtimeMs <= maxAgeMs) continue;
    await fsp.rm(full, { recursive: true, force: true }).catch(() => undefined);
    removed += 1;
  }
  return removed;
}
