/**
 * `publish.plan` is a preview: run on a job whose forms were never built (no access code issued
 * yet), it issues no code and writes no row — the job's database is the same, byte for byte,
 * after two plans — while the publish that follows still issues the codes it prints.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/lib/sqlite';
import { STUDIO_DB } from '../../src/main/core/studio/studio-index.repository';
import { publishSchool } from '../fixtures/publish-school';

/** Every row of every table, in a stable order (what the database says, not how its pages lie). */
function dump(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).raw().all()]),
  );
}

const pagesHash = (db: Db) => createHash('sha256').update(db.serialize()).digest('hex');

describe('publish.plan', () => {
  it('changes nothing on a job without codes: no code issued, the database byte-identical after two plans', async () => {
    const s = await publishSchool();
    const db = s.core.jobs.get(s.jobId).db;
    // The studio's code registry is read on its own connection (read-only, beside the core's).
    const studioDb = new Database(path.join(s.root, 'data', STUDIO_DB), { readonly: true });
    expect(await s.client.call('codes.list', { jobId: s.jobId })).toEqual([]);
    const before = { dump: dump(db), pages: pagesHash(db), studio: dump(studioDb) };

    const first = await s.client.call('publish.plan', { jobId: s.jobId });
    const second = await s.client.call('publish.plan', { jobId: s.jobId });

    expect(first).toMatchObject({ galleries: 6, students: 6 });
    expect(second).toMatchObject({
      galleries: first.galleries,
      students: first.students,
      photos: first.photos,
    });
    expect(await s.client.call('codes.list', { jobId: s.jobId })).toEqual([]);
    const after = { dump: dump(db), pages: pagesHash(db), studio: dump(studioDb) };
    // Compared as booleans: a failure would otherwise print the whole job.
    expect(after.dump === before.dump, 'every row of the job database unchanged').toBe(true);
    expect(after.studio === before.studio, 'no code reserved in the studio registry').toBe(true);
    expect(after.pages, 'the database pages byte-identical').toBe(before.pages);

    // The publish itself issues the codes the galleries open with.
    const task = await s.client.call('publish.start', { jobId: s.jobId });
    await s.core.tasks.idle(s.jobId);
    const done = (await s.client.call('tasks.list', { jobId: s.jobId })).find((t) => t.id === task.id)!;
    expect(done.status).toBe('done');
    expect(await s.client.call('codes.list', { jobId: s.jobId })).toHaveLength(6);
    expect(dump(studioDb)).not.toEqual(before.studio);
    studioDb.close();
  });
});
