/**
 * Links do not lead out. A job folder can come from anywhere (a colleague's disk, an archive, a
 * restored backup), and a symbolic link planted in it — `cache/thumb/x.jpg` → `job.preau.sqlite`, an
 * `exports/` that is a link to the home folder — must never make the app serve, open or write a file
 * outside the folder it meant. So every check here compares real paths (every link followed) against
 * the intended folder *under the real path of its root*: a link inside that folder pointing to
 * another place inside it is harmless and allowed, anything else is refused. The job folder itself
 * (or the data folder) may be a link, e.g. to another disk: it is the anchor.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isInside } from './user-path';

/** Why a path was refused, for the log line (never shown to the user as is). */
export type Refusal = 'missing' | 'not_a_file' | 'not_a_folder' | 'outside';

export interface Contained {
  /** The real path (every link followed): open this one, not the name it was asked by. */
  real: string;
}

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await fsp.realpath(p);
  } catch {
    return null;
  }
}

/**
 * The real path of `file` when it is a file (`kind: 'file'`) or folder (`kind: 'folder'`) inside the
 * folder `intended` (relative to `root`, e.g. `cache/thumb`; `''` for the root itself) once every
 * link is followed; otherwise the reason it is refused.
 */
export async function resolveWithin(
  root: string,
  intended: string,
  file: string,
  kind: 'file' | 'folder' = 'file',
): Promise<Contained | { refused: Refusal }> {
  const realRoot = await realOrNull(root);
  if (!realRoot) return { refused: 'missing' };
  const realFile = await realOrNull(path.resolve(root, file));
  if (!realFile) return { refused: 'missing' };
  const folder = path.join(realRoot, intended);
  if (!isInside(folder, realFile) || (kind === 'file' && realFile === folder)) return { refused: 'outside' };
  const stat = await fsp.stat(realFile).catch(() => undefined);
  if (!stat) return { refused: 'missing' };
  if (kind === 'file' && !stat.isFile()) return { refused: 'not_a_file' };
  if (kind === 'folder' && !stat.isDirectory()) return { refused: 'not_a_folder' };
  return { real: realFile };
}

export function isContained(result: Contained | { refused: Refusal }): result is Contained {
  return 'real' in result;
}

/**
 * Sub-folders of `root` (relative paths) that exist but, once links are followed, are not where
 * they seem to be: each leads out of the place it names (an `exports/` that is a link to another
 * folder, a `cache/thumb` that is a link into `originals/`). Missing folders are not listed.
 */
export async function foldersLeadingOut(root: string, folders: readonly string[]): Promise<string[]> {
  const realRoot = await realOrNull(root);
  if (!realRoot) return [];
  const out: string[] = [];
  for (const folder of folders) {
    const lexical = path.join(root, folder);
    const exists = await fsp.lstat(lexical).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    const real = await realOrNull(lexical);
    if (real !== path.join(realRoot, folder)) out.push(folder);
  }
  return out;
}

/**
 * `folders`, plus each direct sub-folder of them (or link to a folder) that exists, as paths relative
 * to `root`. Links to files are left to the checks made when a file is served.
 */
export async function withSubfolders(root: string, folders: readonly string[]): Promise<string[]> {
  const all: string[] = [];
  for (const folder of folders) {
    all.push(folder);
    const entries = await fsp.readdir(path.join(root, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relative = path.join(folder, entry.name);
      const isFolder =
        entry.isDirectory() ||
        (entry.isSymbolicLink() &&
          (await fsp.stat(path.join(root, relative)).then(
            (s) => s.isDirectory(),
            () => false,
          )));
      if (isFolder) all.push(relative);
    }
  }
  return all;
}
