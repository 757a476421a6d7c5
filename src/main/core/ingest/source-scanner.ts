/**
 * Reads a source without touching it: finds the card root (the folder holding DCIM), lists the files
 * a camera wrote, and fingerprints the card so that the same card inserted again is recognised.
 * Nothing here writes to the source, ever: a card is only read until the photographer formats it.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError, fsErrorToAppError } from '../errors';

export interface SourceFile {
  /** Relative to the card root, `/`-separated. */
  relPath: string;
  absPath: string;
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

const relOf = (root: string, abs: string) => path.relative(root, abs).split(path.sep).join('/');

/**
 * A folder or file whose path is longer than the system accepts (deep folders copied from a server)
 * cannot even be listed: it is still listed, with size 0, so that its copy fails with a clear
 * reason and the card is not declared safe to format while something on it was not copied.
 */
function tooLong(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENAMETOOLONG';
}

async function walk(dir: string, root: string, out: SourceFile[]): Promise<void> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (dir === root || !tooLong(error)) throw error;
    out.push({ relPath: `${relOf(root, dir)}/`, absPath: dir, size: 0, mtimeMs: 0 });
    return;
  }
  for (const entry of entries) {
    if (ignored(entry.name)) continue;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(abs, root, out);
    else if (entry.isFile()) {
      const stat = await fsp.stat(abs).catch((error: unknown) => {
        if (tooLong(error)) return null;
        throw error;
      });
      out.push({
        relPath: relOf(root, abs),
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
    await walk(scanDir, root, files);
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
