/**
 * The files a publish sends, made into the job's cache. Families see the gallery before they buy,
 * so a photo goes online as a web-size copy (1200 px on its long side) with the job's watermark
 * across it and no metadata: enough to choose a pose on a phone or a laptop, useless as a print,
 * and the least personal data that does the job. The high-definition original never leaves the
 * machine.
 *
 * Each file is named after a key of everything it is made from (the source's size and time, the
 * rotation, the watermark, the recipe version), so an unchanged photo is found again without being
 * decoded, keeps the same bytes and the same SHA-256, and a publish of an unchanged job sends
 * nothing. A changed source or watermark gives a new key, a new file, and the stale one is removed.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, readdirSync } from 'node:fs';
import path from 'node:path';
import type { MediaType } from '../../../shared/publish/protocol';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { jobPaths } from '../jobs/job-paths';
import { makeProof, type ProofRef } from '../forms/proof-images';

/** Long side of a gallery photo, in pixels. */
export const WEB_SIZE = 1200;
/** Bumped whenever the recipe changes, so every copy is made again. */
const RECIPE = 'web-1';

export interface PreparedFile {
  sha256: string;
  size: number;
  mediaType: MediaType;
  path: string;
}

export function webDir(jobDir: string): string {
  return jobPaths(jobDir).folder('web');
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * SHA-256 of the files already described in this process, by path and identity (inode, size, time):
 * every plan and publish describes every web copy, and an unchanged file is not read again.
 */
const knownHashes = new Map<string, { identity: string; sha256: string }>();

async function describe(file: string, mediaType: MediaType): Promise<PreparedFile> {
  const stat = await fsp.stat(file);
  const identity = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  const known = knownHashes.get(file);
  if (known?.identity === identity) return { sha256: known.sha256, size: stat.size, mediaType, path: file };
  const data = await fsp.readFile(file);
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (data.length === stat.size) knownHashes.set(file, { identity, sha256 });
  return { sha256, size: data.length, mediaType, path: file };
}

/** Finds the file made for `key`, or makes it with `make` (and drops older versions of `stem`). */
async function cached(
  dir: string,
  stem: string,
  key: string,
  ext: string,
  mediaType: MediaType,
  make: () => Promise<Buffer>,
): Promise<PreparedFile> {
  const target = path.join(dir, `${stem}-${key}${ext}`);
  const found = await describe(target, mediaType).catch(() => null);
  if (found && found.size > 0) return found;
  await ensurePrivateDir(dir);
  await writeFileAtomic(target, await make());
  for (const stale of await fsp.readdir(dir).catch(() => [] as string[]))
    if (stale.startsWith(`${stem}-`) && stale !== path.basename(target) && !stale.endsWith('.tmp'))
      await fsp.rm(path.join(dir, stale), { force: true });
  return describe(target, mediaType);
}

async function sourceKey(file: string): Promise<string> {
  const stat = await fsp.stat(file);
  return `${path.resolve(file)}:${stat.size}:${Math.round(stat.mtimeMs)}`;
}

/** Stem of a photo's web copies: by job photo when known, else by the image's path. */
function photoStem(photoId: string | undefined, imagePath: string): string {
  return photoId && /^[A-Za-z0-9_-]{1,80}$/.test(photoId)
    ? photoId
    : `img-${shortHash(path.resolve(imagePath))}`;
}

/** A pose or a class photo as it goes online: web size, upright, watermarked, without metadata. */
export async function webCopy(
  jobDir: string,
  source: { imagePath: string; photoId?: string | undefined; rotation?: ProofRef['rotation'] },
  watermark: string,
): Promise<PreparedFile> {
  const rotation = source.rotation ?? 0;
  const key = shortHash(
    JSON.stringify([RECIPE, await sourceKey(source.imagePath), rotation, watermark.trim(), WEB_SIZE]),
  );
  return cached(
    webDir(jobDir),
    photoStem(source.photoId, source.imagePath),
    key,
    '.jpg',
    'image/jpeg',
    async () => {
      // The proof recipe of the order forms at web size (the same watermark families see on paper),
      // on the picture made upright by the rotation chosen at proofing when there is one.
      return makeProof(source.imagePath, watermark, WEB_SIZE, rotation);
    },
  );
}

/**
 * One family's order form as a PDF. pdfkit stamps each document with its creation time, so the
 * bytes are kept and reused for as long as what the form shows is the same (`content` is that).
 */
export async function orderFormFile(
  jobDir: string,
  /** Who the form is for, as an opaque key (a student's or a sibling group's code owner). */
  owner: string,
  content: unknown,
  imagePaths: readonly string[],
  render: () => Promise<Buffer>,
): Promise<PreparedFile> {
  const stats = await Promise.all(imagePaths.map((p) => sourceKey(p).catch(() => p)));
  const key = shortHash(JSON.stringify([RECIPE, content, stats]));
  return cached(webDir(jobDir), `form-${shortHash(owner)}`, key, '.pdf', 'application/pdf', render);
}

/** Every web copy of a photo (erasure deletes them with the photo's other files). */
export function webCopiesOf(jobDir: string, photoId: string): string[] {
  const dir = webDir(jobDir);
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith(`${photoId}-`))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** The cached order forms made for one code owner (`ownerKey`): erasure deletes those naming the student. */
export function orderFormFilesOf(jobDir: string, owner: string): string[] {
  const dir = webDir(jobDir);
  const stem = `form-${shortHash(owner)}-`;
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith(stem) && !name.endsWith('.tmp'))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}
