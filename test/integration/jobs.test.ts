import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RpcCallError } from '../../src/shared/rpc/client';
import { LOCK_FILE } from '../../src/main/lib/folder-lock';
import { JOB_DB } from '../../src/main/core/jobs/job-folder';
import { testCore } from '../helpers/core';
import { readOnlyDir } from '../helpers/read-only-dir';

const school = {
  schoolName: '  École   Jules Ferry ',
  town: 'Lyon',
  schoolYear: '2026-2027',
  shootDates: ['2026-10-14'],
};

async function rejection(promise: Promise<unknown>): Promise<RpcCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcCallError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}

describe('job folders', () => {
  it('creates a job folder with its database and sub-folders, lists it, and reopens it after a restart', async () => {
    const { core, dataDir, libraryDir } = await testCore();
    const client = core.client();
    const created = await client.call('jobs.create', school);
    expect(created.schoolName).toBe('École Jules Ferry');
    expect(created.path).toBe(path.join(libraryDir, '2026-2027 École Jules Ferry - Lyon'));
    expect(listing(created.path)).toEqual(expect.arrayContaining([JOB_DB, 'cache', 'exports', 'originals']));

    const listed = await client.call('jobs.list', {});
    expect(listed).toMatchObject([{ id: created.id, path: created.path, available: true }]);
    await core.close();

    const { core: again } = await testCore({ dataDir, libraryDir });
    const [recent] = await again.client().call('jobs.list', {});
    expect(recent?.id).toBe(created.id);
    const reopened = await again.client().call('jobs.open', { path: created.path });
    expect(reopened).toMatchObject({
      id: created.id,
      schoolName: 'École Jules Ferry',
      shootDates: ['2026-10-14'],
    });
  });

  it('names a second job with the same school in a new folder instead of reusing the first', async () => {
    const { core } = await testCore();
    const a = await core.client().call('jobs.create', school);
    const b = await core.client().call('jobs.create', school);
    expect(b.path).toBe(`${a.path} (2)`);
  });

  it('refuses to create a job in a non-empty folder, or over an existing job, and leaves both untouched', async () => {
    const { core, root } = await testCore();
    const busy = path.join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'notes.txt'), 'à garder');
    const error = await rejection(core.client().call('jobs.create', { ...school, dir: busy }));
    expect(error.code).toBe('folder_not_empty');
    expect(error.message).toContain(busy);
    expect(listing(busy)).toEqual(['notes.txt']);

    const existing = await core.client().call('jobs.create', { ...school, dir: path.join(root, 'job') });
    const before = listing(existing.path);
    expect((await rejection(core.client().call('jobs.create', { ...school, dir: existing.path }))).code).toBe(
      'already_a_job',
    );
    expect(listing(existing.path)).toEqual(before);
  });

  it('says clearly when a folder is not a job folder, or is missing', async () => {
    const { core, root } = await testCore();
    const plain = path.join(root, 'vacances');
    mkdirSync(plain);
    const error = await rejection(core.client().call('jobs.open', { path: plain }));
    expect(error.code).toBe('not_a_job_folder');
    expect(error.message).toMatch(/n’est pas un reportage Préau Studio/);
    expect(listing(plain)).toEqual([]);
    expect((await rejection(core.client().call('jobs.open', { path: path.join(root, 'absent') }))).code).toBe(
      'folder_missing',
    );
  });

  it('refuses a database written by a newer version and changes nothing in it', async () => {
    const { core, root } = await testCore();
    const job = await core.client().call('jobs.create', { ...school, dir: path.join(root, 'job') });
    await core.client().call('jobs.close', { jobId: job.id });
    const file = path.join(job.path, JOB_DB);
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const before = listing(job.path);

    const error = await rejection(core.client().call('jobs.open', { path: job.path }));
    expect(error.code).toBe('db_too_new');
    expect(error.message).toContain('999');
    expect(listing(job.path)).toEqual(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    check.close();
  });

  it('refuses a corrupt database file with a clear message', async () => {
    const { core, root } = await testCore();
    const dir = path.join(root, 'broken');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, JOB_DB),
      'ceci n’est pas une base SQLite, mais du texte assez long pour un en-tête',
    );
    const error = await rejection(core.client().call('jobs.open', { path: dir }));
    expect(error.code).toBe('db_corrupt');
  });

  it('refuses a read-only folder for a new job, and a job folder on a read-only medium, changing nothing', async () => {
    const { core, root } = await testCore();
    const ro = readOnlyDir(root);
    const error = await rejection(
      core.client().call('jobs.create', { ...school, dir: path.join(ro, 'job') }),
    );
    expect(error.code).toBe('read_only');
    expect(listing(ro)).toEqual([]);

    const source = await core.client().call('jobs.create', { ...school, dir: path.join(root, 'to-copy') });
    await core.client().call('jobs.close', { jobId: source.id });
    const roJob = readOnlyDir(path.join(root, 'card'), (dir) => {
      for (const entry of readdirSync(source.path)) {
        const from = path.join(source.path, entry);
        if (entry === JOB_DB) copyFileSync(from, path.join(dir, entry));
        else mkdirSync(path.join(dir, entry));
      }
    });
    const before = listing(roJob);
    expect((await rejection(core.client().call('jobs.open', { path: roJob }))).code).toBe('read_only');
    expect(listing(roJob)).toEqual(before);
  });

  it('lets only one app instance open a job folder, and takes over the lock of a crashed one', async () => {
    const first = await testCore();
    const job = await first.core
      .client()
      .call('jobs.create', { ...school, dir: path.join(first.root, 'job') });
    const second = await testCore();
    const error = await rejection(second.core.client().call('jobs.open', { path: job.path }));
    expect(error.code).toBe('locked');
    expect(error.message).toContain(String(process.pid));

    await first.core.client().call('jobs.close', { jobId: job.id });
    // A lock left by a process that died (crash, power cut) is stale and taken over.
    const lockFile = path.join(job.path, LOCK_FILE);
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: os.hostname(),
        since: new Date().toISOString(),
        token: 'old',
      }),
    );
    const reopened = await second.core.client().call('jobs.open', { path: job.path });
    expect(reopened.id).toBe(job.id);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
  });
});
