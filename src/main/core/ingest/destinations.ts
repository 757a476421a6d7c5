/**
 * Where an ingest writes: the job's `originals/` and, when chosen, the backup folder (with the job's
 * layout under the job's folder name), each with its staging folder on the same file system so a
 * verified copy is moved into place by a rename. A missing backup folder is never created, a
 * read-only one is refused before any copy, and every failure of a destination is told with the
 * folder the user chose.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../../lib/atomic';
import { AppError, fsErrorToAppError } from '../../lib/errors';
import { canWrite } from '../jobs/job-folder';
import { jobPaths } from '../jobs/job-paths';

export interface Destinations {
  /** Final folders, the job's `originals` first. */
  finals: string[];
  /** Staging folders (same file system as their final folder, so the move is a rename). */
  staging: string[];
}

export async function prepareDestinations(jobDir: string, backupDir: string | null): Promise<Destinations> {
  const finals = [jobPaths(jobDir).folder('originals')];
  if (backupDir) {
    const resolved = path.resolve(backupDir);
    let stat;
    try {
      stat = await fsp.stat(resolved);
    } catch (error) {
      // A missing backup folder is never created: on an unplugged drive's mount point it would
      // silently land on the system disk.
      throw fsErrorToAppError(error, resolved) ?? error;
    }
    if (!stat.isDirectory()) throw new AppError('not_a_folder', { path: resolved });
    // The backup copy of a job keeps the job's layout under the job's folder name.
    finals.push(jobPaths(path.join(resolved, path.basename(jobDir))).folder('originals'));
  }
  const staging = finals.map((f) => path.join(f, '.incoming'));
  for (const [i, dir] of staging.entries()) {
    try {
      await ensurePrivateDir(dir);
    } catch (error) {
      throw destinationFatal(error, { finals, staging }, i) ?? error;
    }
    if (!(await canWrite(dir))) throw new AppError('read_only', { path: finals[i]! });
    // Temporary copies a kill left behind are incomplete or unverified by definition.
    for (const name of await fsp.readdir(dir))
      if (name.startsWith('.copy-')) await fsp.rm(path.join(dir, name), { force: true });
  }
  return { finals, staging };
}

/**
 * The clear message for a destination that fails (full, read-only, unplugged, path too long), naming
 * the destination that failed: the copy tags its errors with the destination's index, and file
 * system errors carry the path they were about.
 */
export function destinationFatal(error: unknown, dest: Destinations, index?: number): AppError | undefined {
  if (error instanceof AppError) return error;
  const where = dest.finals[destinationIndex(error, dest, index)] ?? dest.finals[0]!;
  if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG')
    return new AppError('path_too_long', { path: where }, { cause: error });
  return fsErrorToAppError(error, where);
}

/** Which destination an error was about (0, the job, when nothing says otherwise: it holds the database). */
export function destinationIndex(error: unknown, dest: Destinations, index?: number): number {
  const e = error as NodeJS.ErrnoException & { destIndex?: number };
  const byPath = typeof e.path === 'string' ? dest.staging.findIndex((s) => e.path!.startsWith(s)) : -1;
  const i = index ?? e.destIndex ?? (byPath >= 0 ? byPath : 0);
  return i < dest.finals.length ? i : 0;
}
