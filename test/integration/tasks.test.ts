import { cpSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventFrame } from '../../src/shared/rpc/wire';
import type { Db } from '../../src/main/lib/sqlite';
import type { TaskKind } from '../../src/main/core/tasks/task-runner';
import { LOCK_FILE } from '../../src/main/lib/folder-lock';
import { testCore } from '../helpers/core';

const school = { schoolName: 'École des Tilleuls', schoolYear: '2026-2027' };

/**
 * A task kind that processes `count` items, committing each item's row and its step in one
 * transaction, like real ingest steps do. `onItem` lets a test act between two items.
 */
function countingKind(
  onItem: (index: number) => void = () => {},
  delayMs = 3,
): TaskKind<{ count: number }, { processed: number }> & {
  processed: number[];
} {
  const processed: number[] = [];
  return {
    kind: 'test.items',
    params: z.object({ count: z.number().int() }),
    processed,
    async run(ctx) {
      ctx.job.db.exec('CREATE TABLE IF NOT EXISTS test_item (n INTEGER PRIMARY KEY)');
      const insert = ctx.job.db.prepare('INSERT INTO test_item (n) VALUES (?)');
      const done = ctx.doneItems('processed');
      let count = 0;
      for (let i = 0; i < ctx.params.count; i += 1) {
        ctx.signal.throwIfAborted();
        if (done.has(String(i))) continue;
        await sleep(delayMs);
        ctx.signal.throwIfAborted();
        ctx.job.db.transaction(() => {
          insert.run(i);
          ctx.markStepDone(String(i), 'processed');
        })();
        processed.push(i);
        count += 1;
        ctx.progress({ done: i + 1, total: ctx.params.count });
        onItem(i);
      }
      return { processed: count };
    },
  };
}

function collect(events: { on(l: (f: EventFrame) => void): () => void }, name: string): EventFrame[] {
  const seen: EventFrame[] = [];
  events.on((f) => {
    if (f.name === name) seen.push(f);
  });
  return seen;
}

function rows(db: Db): number[] {
  return (db.prepare('SELECT n FROM test_item ORDER BY n').all() as { n: number }[]).map((r) => r.n);
}

describe('task runner', () => {
  it('returns a task id at once, pushes throttled progress, and reports the end', async () => {
    const kind = countingKind();
    const { core } = await testCore({ taskKinds: [kind] });
    const progress = collect(core.events, 'task.progress');
    const finished = collect(core.events, 'task.finished');
    const job = await core.client().call('jobs.create', school);
    const open = core.jobs.get(job.id);
    const task = core.tasks.start(open, 'test.items', { count: 120 });
    expect(task.status).toBe('queued');
    await core.tasks.idle(job.id);

    expect(finished).toHaveLength(1);
    expect(finished[0]?.payload).toMatchObject({
      taskId: task.id,
      status: 'done',
      result: { processed: 120 },
    });
    // One event per item would be 120: throttling keeps it to a few per second, and the last one says 120/120.
    expect(progress.length).toBeLessThan(60);
    expect(progress.at(-1)?.payload).toMatchObject({ done: 120, total: 120 });
    const [info] = await core.client().call('tasks.list', { jobId: job.id });
    expect(info).toMatchObject({ id: task.id, status: 'done', done: 120, total: 120 });
  });

  it('cancels a running task and keeps the work finished so far', async () => {
    let cancel = () => {};
    const kind = countingKind((i) => {
      if (i === 9) cancel();
    });
    const { core } = await testCore({ taskKinds: [kind] });
    const job = await core.client().call('jobs.create', school);
    const task = core.tasks.start(core.jobs.get(job.id), 'test.items', { count: 50 });
    cancel = () => void core.client().call('tasks.cancel', { taskId: task.id });
    await core.tasks.idle(job.id);
    const [info] = await core.client().call('tasks.list', { jobId: job.id });
    expect(info?.status).toBe('cancelled');
    expect(rows(core.jobs.get(job.id).db)).toEqual([...Array(10).keys()]);
  });

  it('suspends a task when its job is closed and finishes it when the job is reopened', async () => {
    const kind = countingKind();
    const { core } = await testCore({ taskKinds: [kind] });
    const job = await core.client().call('jobs.create', school);
    core.tasks.start(core.jobs.get(job.id), 'test.items', { count: 40 });
    while (kind.processed.length < 5) await sleep(2);
    await core.client().call('jobs.close', { jobId: job.id });
    const before = kind.processed.length;
    expect(before).toBeLessThan(40);

    await core.client().call('jobs.open', { path: job.path });
    await core.tasks.idle(job.id);
    expect(kind.processed).toHaveLength(40); // each item exactly once across both runs
    expect(rows(core.jobs.get(job.id).db)).toHaveLength(40);
    const [info] = await core.client().call('tasks.list', { jobId: job.id });
    expect(info?.status).toBe('done');
  });

  it('resumes after a crash from what was committed, without redoing finished items', async () => {
    // Snapshot the job folder between two items: the files are then exactly what a crash at that
    // instant leaves on disk (committed transactions only), since the database is written synchronously.
    let snapshotDir = '';
    let jobPath = '';
    const first = countingKind((i) => {
      if (i === 11) cpSync(jobPath, snapshotDir, { recursive: true });
    });
    const a = await testCore({ taskKinds: [first] });
    snapshotDir = path.join(a.root, 'after-crash');
    const job = await a.core.client().call('jobs.create', { ...school, dir: path.join(a.root, 'job') });
    jobPath = job.path;
    a.core.tasks.start(a.core.jobs.get(job.id), 'test.items', { count: 30 });
    await a.core.tasks.idle(job.id);

    // The crashed process held the lock: its pid is gone now.
    writeFileSync(
      path.join(snapshotDir, LOCK_FILE),
      JSON.stringify({
        pid: 2 ** 22 + 4242,
        host: os.hostname(),
        since: new Date().toISOString(),
        token: 'dead',
      }),
    );
    const second = countingKind();
    const b = await testCore({ taskKinds: [second] });
    const resumed = await b.core.client().call('jobs.open', { path: snapshotDir });
    await b.core.tasks.idle(resumed.id);
    expect(second.processed).toEqual([...Array(18).keys()].map((i) => i + 12));
    expect(rows(b.core.jobs.get(resumed.id).db)).toEqual([...Array(30).keys()]);
    const [info] = await b.core.client().call('tasks.list', { jobId: resumed.id });
    expect(info).toMatchObject({ status: 'done', done: 30 });
  });
});
