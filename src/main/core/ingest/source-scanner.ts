/**
 * Reads a source without touching it: finds the card root (the folder holding DCIM), lists the files
 * a camera wrote, and fingerprints the card so that the same card inserted again is recognised.
 * Nothing here writes to the source, ever: a card is only read until the photographer formats it.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError, fsErrorToAppError } from '../../lib/errors';

export interface SourceFile {
  /**
   * Relative to the card root, `/`-separated; a name that is not valid UTF-8 is rendered with U+FFFD
   * (see `decodeName`), so this is for lists and keys, not for opening the file.
   */
  relPath: string;
  /** What opens the file: a Buffer when some name on its path is not valid UTF-8. */
  absPath: string | Buffer;
  size: number;
  mtimeMs: number;
}

export interface ScannedSource {
  root: string;
  isCard: boolean;
  /** Stable while the card is not formatted: derived from its first file (path, size, date). */
  fingerprint: string;
  files: SourceFile[];
}

/** Operating-system litter that is not the photographer's work. */
const IGNORED = new Set([
  '.DS_Store',
  'Thumbs.db',
  'desktop.ini',
  '.Trashes',
  '.Spotlight-V100',
  '.fseventsd',
]);

function ignored(name: string): boolean {
  return IGNORED.has(name) || name.startsWith('._') || name.startsWith('.');
}

/**
 * File names are bytes. A camera, a card reader on another OS or a copied folder can leave a name
 * that is not valid UTF-8 (Latin-1 accents, a damaged FAT entry); decoded as text it no longer
 * names the file, and any access by that text fails. Folders are therefore read as raw names and
 * such a file is reached by its bytes (a Buffer path), while it is listed under a readable
 * rendering: U+FFFD for each invalid sequence (made unique with a short hash of the raw name when
 * two names would render alike). The BOM is kept: it is part of the name.
 */
type RawPath = string | Buffer;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function decodeName(raw: Buffer): { text: string; exact: boolean } {
  try {
    return { text: strictUtf8.decode(raw), exact: true };
  } catch {
    return { text: lenientUtf8.decode(raw), exact: false };
  }
}

function joinRaw(dir: RawPath, raw: Buffer, name: { text: string; exact: boolean }): RawPath {
  if (typeof dir === 'string' && name.exact) return path.join(dir, name.text);
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, Buffer.from(path.sep), raw]);
}

/** Readable names of one folder's entries, unique within it. */
function renderNames(raws: Buffer[]): { text: string; exact: boolean }[] {
  const decoded = raws.map(decodeName);
  const seen = new Map<string, number>();
  for (const d of decoded) seen.set(d.text, (seen.get(d.text) ?? 0) + 1);
  return decoded.map((d, i) => {
    if (d.exact || seen.get(d.text) === 1) return d;
    const ext = path.posix.extname(d.text);
    const tag = createHash('sha256').update(raws[i]!).digest('hex').slice(0, 8);
    return { text: `${d.text.slice(0, d.text.length - ext.length)}~${tag}${ext}`, exact: false };
  });
}

/**
 * A folder or file whose path is longer than the system accepts (deep folders copied from a server)
 * cannot even be listed: it is still listed, with size 0, so that its copy fails with a clear
 * reason and the card is not declared safe to format while something on it was not copied.
 */
function tooLong(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENAMETOOLONG';
}

/** Lists the files under `dir`, whose path relative to the card root is `rel` ('' for the root). */
async function walk(dir: RawPath, rel: string, out: SourceFile[], isTop: boolean): Promise<void> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    if (isTop || !tooLong(error)) throw error;
    out.push({ relPath: `${rel}/`, absPath: dir, size: 0, mtimeMs: 0 });
    return;
  }
  const names = renderNames(entries.map((e) => e.name));
  for (const [i, entry] of entries.entries()) {
    const name = names[i]!;
    if (ignored(name.text)) continue;
    const abs = joinRaw(dir, entry.name, name);
    const relPath = rel ? `${rel}/${name.text}` : name.text;
    if (entry.isDirectory()) await walk(abs, relPath, out, false);
    else if (entry.isFile()) {
      const stat = await fsp.stat(abs).catch((error: unknown) => {
        if (tooLong(error)) return null;
        throw error;
      });
      out.push({
        relPath,
        absPath: abs,
        size: stat?.size ?? 0,
        mtimeMs: stat ? Math.round(stat.mtimeMs) : 0,
      });
    }
  }
}

/** The card root for a source: a folder holding DCIM, the parent of a DCIM folder, or the folder itself. */
async function cardRoot(source: string): Promise<{ root: string; scanDir: string; isCard: boolean }> {
  if (path.basename(source).toUpperCase() === 'DCIM')
    return { root: path.dirname(source), scanDir: source, isCard: true };
  const entries = await fsp.readdir(source, { withFileTypes: true });
  const dcim = entries.find((e) => e.isDirectory() && e.name.toUpperCase() === 'DCIM');
  if (dcim) return { root: source, scanDir: path.join(source, dcim.name), isCard: true };
  return { root: source, scanDir: source, isCard: false };
}

export async function scanSource(rawSource: string): Promise<ScannedSource> {
  const source = path.resolve(rawSource);
  try {
    const stat = await fsp.stat(source);
    if (!stat.isDirectory()) throw new AppError('not_a_folder', { path: source });
    const { root, scanDir, isCard } = await cardRoot(source);
    const files: SourceFile[] = [];
    await walk(scanDir, path.relative(root, scanDir).split(path.sep).join('/'), files, true);
    files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
    const first = files[0];
    const fingerprint = createHash('sha256')
      .update(first ? `${first.relPath}\0${first.size}\0${first.mtimeMs}` : `empty\0${root}`)
      .digest('hex')
      .slice(0, 32);
    return { root, isCard, fingerprint, files };
  } catch (error) {
    if (tooLong(error)) throw new AppError('path_too_long', { path: source }, { cause: error });
    throw fsErrorToAppError(error, source) ?? error;
  }
}
