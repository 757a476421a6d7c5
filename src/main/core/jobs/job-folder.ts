/**
 * A job folder on disk: its database, its sub-folders and its lock. Creating one is all or nothing
 * (the database is built under a temporary name and renamed into place last); opening one checks,
 * before writing anything, that it is a job folder and that this version can read its schema.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { JobSummary } from '../../../shared/domain/job';
import { AppError, fsErrorToAppError } from '../../lib/errors';
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE } from '../../lib/atomic';
import { foldersLeadingOut, withSubfolders } from '../../lib/contained-path';
import { acquireFolderLock, LOCK_FILE, type FolderLock } from '../../lib/folder-lock';
import { jobMigrations } from '../db/job-migrations';
import { latestVersion, openDatabase, repoOf, type Db, type RepositoryClass } from '../../lib/sqlite';
import { insertJob, readJob } from './job.repository';

import { JOB_DB, JOB_SUBDIRS, jobPaths, type JobPaths } from './job-paths';

export { JOB_DB };

/** A repository of the job database: built from the connection, once per open job. */
export type JobRepositoryClass<T> = RepositoryClass<T>;

export interface OpenJob {
  readonly id: string;
  readonly dir: string;
  readonly db: Db;
  /** Where every file of the job lives. */
  readonly paths: JobPaths;
  /**
   * The job's instance of a repository, made on first use and kept while the job is open (its
   * prepared statements with it): services ask `job.repo(RosterRepository)` instead of `new`.
   */
  repo<T>(kind: JobRepositoryClass<T>): T;
  summary(): JobSummary;
  close(): void;
}

export interface NewJobData {
  schoolName: string;
  town: string;
  schoolYear: string;
  shootDates: string[];
}

export interface FolderState {
  exists: boolean;
  isFolder: boolean;
  empty: boolean;
  isJob: boolean;
}

export async function inspectFolder(dir: string): Promise<FolderState> {
  let stat;
  try {
    stat = await fsp.stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { exists: false, isFolder: false, empty: true, isJob: false };
    throw fsErrorToAppError(error, dir) ?? error;
  }
  if (!stat.isDirectory()) return { exists: true, isFolder: false, empty: false, isJob: false };
  const entries = (await fsp.readdir(dir)).filter((name) => name !== '.DS_Store' && name !== 'Thumbs.db');
  return { exists: true, isFolder: true, empty: entries.length === 0, isJob: entries.includes(JOB_DB) };
}

/** Whether the process can create files in `dir` (checked by doing it: permission bits lie to root and on network shares). */
export async function canWrite(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.preau-write-test-${process.pid}-${Date.now()}`);
  try {
    await fsp.writeFile(probe, '', { flag: 'wx' });
    await fsp.rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

function wrapOpen(dir: string, db: Db, lock: FolderLock): OpenJob {
  const id = readJob(db).id;
  return {
    id,
    dir,
    db,
    paths: jobPaths(dir),
    repo: <T>(kind: JobRepositoryClass<T>): T => repoOf(db, kind),
    summary: () => ({ ...readJob(db), path: dir }),
    close: () => {
      try {
        db.close();
      } finally {
        lock.release();
      }
    },
  };
}

export async function createJobFolder(dir: string, data: NewJobData, appVersion: string): Promise<OpenJob> {
  const state = await inspectFolder(dir);
  if (state.exists && !state.isFolder) throw new AppError('not_a_folder', { path: dir });
  if (state.isJob) throw new AppError('already_a_job', { path: dir });
  if (state.exists && !state.empty) throw new AppError('folder_not_empty', { path: dir });
  try {
    await ensurePrivateDir(dir);
  } catch (error) {
    throw fsErrorToAppError(error, dir) ?? error;
  }
  if (!(await canWrite(dir))) throw new AppError('read_only', { path: dir });
  const lock = await acquireFolderLock(dir);
  const paths = jobPaths(dir);
  const building = paths.dbBeingCreated;
  try {
    for (const sub of JOB_SUBDIRS) await ensurePrivateDir(path.join(dir, sub));
    const db = openDatabase(building, jobMigrations);
    try {
      insertJob(db, { id: randomUUID(), ...data, createdAt: new Date().toISOString(), appVersion });
    } finally {
      db.close(); // checkpoints the WAL into the file and removes it
    }
    await fsp.chmod(building, PRIVATE_FILE_MODE);
    await fsp.rename(building, paths.db);
    await fsyncDir(dir);
    return wrapOpen(dir, openDatabase(paths.db, jobMigrations, { mustExist: true }), lock);
  } catch (error) {
    lock.release();
    await cleanupFailedCreate(dir, building, !state.exists);
    throw fsErrorToAppError(error, dir) ?? error;
  }
}

/** Leaves the folder as it was found (empty or absent) after a failed creation. */
async function cleanupFailedCreate(dir: string, building: string, removeDir: boolean): Promise<void> {
  await Promise.all(
    [building, `${building}-wal`, `${building}-shm`, path.join(dir, LOCK_FILE)].map((f) =>
      fsp.rm(f, { force: true }),
    ),
  );
  for (const sub of JOB_SUBDIRS) await fsp.rmdir(path.join(dir, sub)).catch(() => undefined);
  if (removeDir) await fsp.rmdir(dir).catch(() => undefined);
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Reads the schema version from the database file header without opening it through SQLite, which
 * would create WAL/SHM files: a database from a newer version must be left exactly as it was.
 * (`PRAGMA user_version` lives at byte offset 60 of the header, big-endian, per the SQLite file format.)
 */
async function readSchemaVersion(file: string): Promise<number> {
  const header = Buffer.alloc(100);
  let read: number;
  try {
    const handle = await fsp.open(file, 'r');
    try {
      read = (await handle.read(header, 0, 100, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fsErrorToAppError(error, file) ?? error;
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new AppError('db_corrupt', { path: file, reason: 'en-tête SQLite absent' });
  }
  return header.readUInt32BE(60);
}

export async function openJobFolder(dir: string): Promise<OpenJob> {
  const state = await inspectFolder(dir);
  if (!state.exists) throw new AppError('folder_missing', { path: dir });
  if (!state.isFolder) throw new AppError('not_a_folder', { path: dir });
  if (!state.isJob) throw new AppError('not_a_job_folder', { path: dir });
  // A job folder copied from elsewhere may hold planted links: none of its own folders may lead out.
  const outside = await foldersLeadingOut(dir, await withSubfolders(dir, JOB_SUBDIRS));
  if (outside[0] !== undefined) throw new AppError('link_outside', { path: dir, folder: outside[0] });
  const file = jobPaths(dir).db;
  const found = await readSchemaVersion(file);
  const known = latestVersion(jobMigrations);
  if (found > known) throw new AppError('db_too_new', { path: dir, found, known });
  if (!(await canWrite(dir))) throw new AppError('read_only', { path: dir });
  const lock = await acquireFolderLock(dir);
  try {
    return wrapOpen(dir, openDatabase(file, jobMigrations, { mustExist: true }), lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}
