/**
 * Files a job produced for the user (shoot-day lists, order forms, bookkeeper exports) live in its
 * `exports/` folder. Opening or serving one goes through here so that nothing outside that folder — by a
 * crafted name, `..` or a symbolic link — can ever be opened or downloaded.
 */
import path from 'node:path';
import { isContained, resolveWithin, type Contained, type Refusal } from '../../lib/contained-path';
import { silentLogger, type Logger } from '../../lib/logger';

export const EXPORTS_DIR = 'exports';

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
 * The real path of `fileOrPath` when it names an existing file in the job's `exports/` or one of
 * its folders (order forms go to `exports/bons-de-commande/`): a relative name, or the full path the
 * core returned; null otherwise. `exports/` must really be the job's: a folder that is a link to
 * another place serves nothing, and the refusal is logged.
 */
export async function resolveExportFile(
  jobDir: string,
  fileOrPath: string,
  logger: Logger = silentLogger,
): Promise<string | null> {
  const exportsDir = path.join(jobDir, EXPORTS_DIR);
  const relative = relativeToExports(exportsDir, fileOrPath);
  if (relative === null) return null;
  const found = await resolveWithin(jobDir, EXPORTS_DIR, path.join(exportsDir, relative));
  return realOrLogged(found, logger);
}

/** The same for a folder inside `exports/` (to show it in the system's file manager); null otherwise. */
export async function resolveExportFolder(
  jobDir: string,
  folderPath: string,
  logger: Logger = silentLogger,
): Promise<string | null> {
  const exportsDir = path.join(jobDir, EXPORTS_DIR);
  const relative = relativeToExports(exportsDir, folderPath);
  if (relative === null) return null;
  const found = await resolveWithin(jobDir, EXPORTS_DIR, path.join(exportsDir, relative), 'folder');
  return realOrLogged(found, logger);
}

function realOrLogged(found: Contained | { refused: Refusal }, logger: Logger): string | null {
  if (isContained(found)) return found.real;
  if (found.refused === 'outside') logger.warn('exports: a file or folder refused: it leads out of exports/');
  return null;
}
