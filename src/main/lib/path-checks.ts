/**
 * The mistakes a user makes with a path — in a CLI argument or a path field — each get their own
 * message before anything is written: an existing folder given where a file is to be written, a
 * folder that does not exist (never created silently: a typo would grow a tree of folders in the
 * wrong place), a name or path the file system cannot hold, a place that cannot be written. One
 * helper per intent — a file to write, a folder to write into, a folder or file to read — used by
 * the core's handlers and the CLI alike, so both say the same thing in the user's language.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError, fsErrorToAppError } from './errors';

/** Limits of the file systems the app runs on: bytes per name, bytes (characters on Windows) per path. */
export function pathLimits(platform: NodeJS.Platform = process.platform): { name: number; path: number } {
  switch (platform) {
    case 'win32':
      return { name: 255, path: 32_000 };
    case 'darwin':
      return { name: 255, path: 1023 };
    default:
      return { name: 255, path: 4095 };
  }
}

const byteLength = (s: string, platform: NodeJS.Platform) =>
  platform === 'win32' ? s.length : Buffer.byteLength(s, 'utf8');

/** A long name shortened for a message: its start, then "…". */
function shortened(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** Throws `name_too_long` or `path_too_long` when `absolute` cannot exist on this system. */
export function checkPathLength(absolute: string, platform: NodeJS.Platform = process.platform): void {
  const limits = pathLimits(platform);
  for (const name of absolute.split(/[\\/]/)) {
    if (byteLength(name, platform) > limits.name)
      throw new AppError('name_too_long', {
        name: shortened(name),
        length: name.length,
        max: limits.name,
      });
  }
  if (byteLength(absolute, platform) > limits.path)
    throw new AppError('path_too_long', { path: shortened(absolute) });
}

async function statOrNull(p: string) {
  try {
    return await fsp.stat(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // A file used as a folder on the way (`notes.txt/x.csv`).
    if (code === 'ENOTDIR') return 'not_a_folder' as const;
    throw fsErrorToAppError(error, p) ?? error;
  }
}

/** Whether files can be created in `dir`, by creating one (permission bits lie to root and on shares). */
export async function canCreateIn(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.preau-write-test-${randomBytes(4).toString('hex')}`);
  try {
    await fsp.writeFile(probe, '', { flag: 'wx' });
    await fsp.rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** The first file met on the way to `target` (`notes.txt` of `notes.txt/x.csv`), for the message. */
async function fileOnTheWay(target: string): Promise<string> {
  let current = path.dirname(target);
  for (;;) {
    const stat = await fsp.stat(current).catch(() => undefined);
    if (stat && !stat.isDirectory()) return current;
    const parent = path.dirname(current);
    if (parent === current) return path.dirname(target);
    current = parent;
  }
}

/** The folder that will hold a new file or folder: must exist, be a folder, and take new files. */
async function checkParent(parent: string): Promise<void> {
  const stat = await statOrNull(parent);
  if (stat === null) throw new AppError('parent_missing', { path: parent });
  if (stat === 'not_a_folder') throw new AppError('not_a_folder', { path: await fileOnTheWay(parent) });
  if (!stat.isDirectory()) throw new AppError('not_a_folder', { path: parent });
  if (!(await canCreateIn(parent))) throw new AppError('read_only', { path: parent });
}

/**
 * A file the app is about to write (a bookkeeper's list, a report): an absolute path whose folder
 * exists and can be written, and which is not itself a folder. An existing file is replaced (the
 * write is atomic). Returns the normalised path.
 */
export async function checkFileToWrite(file: string, suggestedName = 'fichier'): Promise<string> {
  const target = path.resolve(file);
  checkPathLength(target);
  const stat = await statOrNull(target);
  if (stat === 'not_a_folder') throw new AppError('not_a_folder', { path: await fileOnTheWay(target) });
  if (stat?.isDirectory())
    throw new AppError('output_is_folder', { path: target, suggestion: path.join(target, suggestedName) });
  await checkParent(path.dirname(target));
  return target;
}

/**
 * A folder the app writes files into (order forms): an existing folder that can be written, or a
 * new one whose parent exists (only the last level is created, by the caller). Returns the path.
 */
export async function checkFolderToWrite(folder: string): Promise<string> {
  const target = path.resolve(folder);
  checkPathLength(target);
  const stat = await statOrNull(target);
  if (stat === 'not_a_folder') throw new AppError('not_a_folder', { path: await fileOnTheWay(target) });
  if (stat && !stat.isDirectory()) throw new AppError('not_a_folder', { path: target });
  if (stat === null) await checkParent(path.dirname(target));
  else if (!(await canCreateIn(target))) throw new AppError('read_only', { path: target });
  return target;
}

/** A folder to read (a card, a folder of photos): exists, is a folder, and can be listed. */
export async function checkFolderToRead(folder: string): Promise<string> {
  const target = path.resolve(folder);
  checkPathLength(target);
  const stat = await statOrNull(target);
  if (stat === null) throw new AppError('folder_missing', { path: target });
  if (stat === 'not_a_folder') throw new AppError('not_a_folder', { path: await fileOnTheWay(target) });
  if (!stat.isDirectory()) throw new AppError('not_a_folder', { path: target });
  try {
    const dir = await fsp.opendir(target);
    await dir.close();
  } catch (error) {
    throw unreadable(error, target);
  }
  return target;
}

/** A file to read (a roster, a token file): exists, is a file, and can be opened. */
export async function checkFileToRead(file: string): Promise<string> {
  const target = path.resolve(file);
  checkPathLength(target);
  const stat = await statOrNull(target);
  if (stat === null || stat === 'not_a_folder') throw new AppError('file_missing', { path: target });
  if (stat.isDirectory()) throw new AppError('input_is_folder', { path: target });
  try {
    const handle = await fsp.open(target, 'r');
    await handle.close();
  } catch (error) {
    throw unreadable(error, target);
  }
  return target;
}

/** A read refused by the system: said as such (not as "cannot write", which is what EACCES means elsewhere). */
function unreadable(error: unknown, target: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM')
    return new AppError('unreadable', { path: target }, { cause: error });
  return fsErrorToAppError(error, target) ?? error;
}
