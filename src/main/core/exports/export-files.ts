/**
 * Files a job produced for the user (shoot-day lists, order forms, bookkeeper exports) live in its
 * `exports/` folder. Opening or serving one goes through here so that nothing outside that folder — by a
 * crafted name, `..` or a symbolic link — can ever be opened or downloaded.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { containedRealPath } from '../media/media-resolver';

/** A single file name (no folder part), as found in the exports route and in paths the core returned. */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/**
 * A path relative to `exports/` made of plain names only (`Liste.pdf`, `bons-de-commande/École.pdf`):
 * no `..`, no root, at most two folders deep.
 */
export function isExportRelativePath(relative: string): boolean {
  const parts = relative.split(/[/\\]/);
  return parts.length <= 3 && parts.every(isPlainFileName);
}

function relativeToExports(exportsDir: string, fileOrPath: string): string | null {
  const relative = path.isAbsolute(fileOrPath)
    ? path.relative(exportsDir, path.resolve(fileOrPath))
    : fileOrPath;
  return isExportRelativePath(relative) ? relative : null;
}

/**
 * The absolute path of `fileOrPath` when it names an existing file in the job's `exports/` or one of
 * its folders (order forms go to `exports/bons-de-commande/`): a relative name, or the full path the
 * core returned; null otherwise.
 */
export async function resolveExportFile(jobDir: string, fileOrPath: string): Promise<string | null> {
  const exportsDir = path.join(jobDir, 'exports');
  const relative = relativeToExports(exportsDir, fileOrPath);
  if (relative === null) return null;
  const file = path.join(exportsDir, relative);
  return (await containedRealPath(exportsDir, file)) ? file : null;
}

/** The same for a folder inside `exports/` (to show it in the system's file manager); null otherwise. */
export async function resolveExportFolder(jobDir: string, folderPath: string): Promise<string | null> {
  const exportsDir = path.join(jobDir, 'exports');
  const relative = relativeToExports(exportsDir, folderPath);
  if (relative === null) return null;
  const folder = path.join(exportsDir, relative);
  try {
    const [realRoot, realFolder] = await Promise.all([fsp.realpath(exportsDir), fsp.realpath(folder)]);
    const inside = path.relative(realRoot, realFolder);
    const contained = inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside);
    return contained && (await fsp.stat(realFolder)).isDirectory() ? folder : null;
  } catch {
    return null;
  }
}
