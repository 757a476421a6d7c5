/**
 * Single-instance lock on a job folder: two app instances writing the same job would interleave
 * their work (two ingests renaming into the same folder, two task runners resuming the same task).
 * The lock is a small file created exclusively; a lock left by a process that no longer runs on
 * this machine (crash, power loss) is taken over.
 */
import { promises as fsp, readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError, fsErrorToAppError } from './errors';
import { PRIVATE_FILE_MODE } from './atomic';

export const LOCK_FILE = '.preau.lock';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface FolderLock {
  readonly file: string;
  release(): void;
}

/** Seam: whether a process id is alive on this machine. */
export type IsAlive = (pid: number) => boolean;

export const isProcessAlive: IsAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export async function acquireFolderLock(dir: string, isAlive: IsAlive = isProcessAlive): Promise<FolderLock> {
  const file = path.join(dir, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    token: `${process.pid}-${Math.random().toString(36).slice(2)}`,
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await fsp.writeFile(file, JSON.stringify(mine), { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return makeLock(file, mine);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsErrorToAppError(error, dir) ?? error;
    }
    const holder = await readLock(file);
    const stale =
      !holder || (holder.host === mine.host && holder.pid !== process.pid && !isAlive(holder.pid));
    if (!stale) {
      throw new AppError('locked', {
        pid: holder.pid,
        host: holder.host,
        since: new Date(holder.since).toLocaleString('fr-FR'),
      });
    }
    // Remove the stale lock and race for it again with an exclusive create: if another instance
    // removes and re-creates it at the same moment, only one `wx` write succeeds.
    await fsp.rm(file, { force: true });
  }
  throw new AppError('locked', { pid: '?', host: os.hostname(), since: '?' });
}

const held = new Set<() => void>();
let exitHookInstalled = false;

function makeLock(file: string, mine: LockInfo): FolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(release);
    try {
      // Only remove the file if it is still ours (it may have been taken over after a stale check).
      if ((JSON.parse(readFileSync(file, 'utf8')) as LockInfo).token === mine.token) unlinkSync(file);
    } catch {
      // Already gone (folder deleted or unplugged): nothing to release.
    }
  };
  held.add(release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => [...held].forEach((r) => r()));
  }
  return { file, release };
}
