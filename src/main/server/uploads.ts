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
import { AppError } from '../lib/errors';
import { ensurePrivateDir, writeFileAtomic } from '../lib/atomic';
import { foldersLeadingOut } from '../lib/contained-path';

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

/** The client stopped sending before the end of the body (page closed, connection cut). */
export class UploadAbortedError extends Error {
  constructor(cause: unknown) {
    super('upload interrupted by the client', { cause });
  }
}

/** Reads a request body, refusing it as soon as it passes `limit` bytes. */
export async function readLimited(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > limit) throw new UploadTooLargeError(limit);
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof UploadTooLargeError) throw error;
    throw new UploadAbortedError(error);
  }
  return Buffer.concat(chunks);
}

const UPLOADS = 'uploads';

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, UPLOADS);
}

/**
 * The uploads folder, created when missing, and refused when it is a link leading out of the data
 * folder: files of personal data are written there, and old ones removed with everything inside.
 */
async function checkedUploadsDir(dataDir: string): Promise<string> {
  const root = uploadsDir(dataDir);
  await ensurePrivateDir(root);
  const [outside] = await foldersLeadingOut(dataDir, [UPLOADS]);
  if (outside !== undefined) throw new AppError('link_outside', { path: dataDir, folder: outside });
  return root;
}

/** Stores the bytes in a fresh private folder; returns the absolute path the core will read. */
export async function storeUpload(dataDir: string, originalName: string, data: Buffer): Promise<string> {
  const dir = path.join(await checkedUploadsDir(dataDir), randomBytes(12).toString('hex'));
  await ensurePrivateDir(dir);
  const file = path.join(dir, sanitizeFileName(originalName));
  await writeFileAtomic(file, data);
  return file;
}

/**
 * Removes uploads older than `maxAgeMs`; returns how many folders went. Never fails the start, and
 * never removes anything through an `uploads` that is a link to another folder (throws
 * `link_outside` instead, for the host to log).
 */
export async function removeOldUploads(
  dataDir: string,
  now = Date.now(),
  maxAgeMs = UPLOAD_MAX_AGE_MS,
): Promise<number> {
  const root = uploadsDir(dataDir);
  const [outside] = await foldersLeadingOut(dataDir, [UPLOADS]);
  if (outside !== undefined) throw new AppError('link_outside', { path: dataDir, folder: outside });
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
