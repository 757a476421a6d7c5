/**
 * Writes that never leave a half-written file: data goes to a temporary file in the same folder,
 * is flushed to disk, then renamed over the target (rename is atomic within a file system), and the
 * folder entry is flushed too. Files are created readable by the user only.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files a killed process left in `dir` and below (names made by
 * `tempNameFor`), before the folder is handed over as a whole (a lab folder, a zip); returns how
 * many were removed.
 */
export async function removeLeftoverTemps(dir: string): Promise<number> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true });
  const leftovers = entries.filter((e) => e.isFile() && TEMP_NAME.test(e.name));
  for (const e of leftovers) await fsp.rm(path.join(e.parentPath, e.name), { force: true });
  return leftovers.length;
}

/** Flushes a folder's entries, so a rename inside it survives a power loss. A no-op where unsupported. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  } finally {
    await handle?.close();
  }
}

export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  mode: number = PRIVATE_FILE_MODE,
): Promise<void> {
  const temp = tempNameFor(target);
  const handle = await fsp.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(path.dirname(target));
}

/**
 * Creates a folder (and its parents) readable by the user only. Missing levels are created one by
 * one because a recursive mkdir reports ENOENT instead of the real cause (EROFS, EACCES) on some
 * file systems, and the user must be told the folder is read-only, not that it is missing.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const stat = await fsp.stat(current).catch(() => undefined);
    if (stat) break;
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    await fsp.mkdir(level, { mode: PRIVATE_DIR_MODE }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return;
      // The parent exists (it was found or just made), so ENOENT means "nothing can be created
      // here" (/proc, some FUSE mounts): say that, not that a folder is missing.
      if (error.code === 'ENOENT') throw new AppError('read_only', { path: level }, { cause: error });
      throw error;
    });
  }
}
