/**
 * The ingest's progress total is known before the first copy and never jumps while the card is
 * copied (it used to grow from 71 to 106 as each copied photo added its placement): duplicates,
 * sidecars and unreadable files included, the total stays what the first report said.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAwkwardFiles, CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';

describe('ingest progress', () => {
  it('reports one stable total from the first report to the last, and reaches it', async () => {
    const { core, root } = await testCore();
    const card = await generateCard(path.join(root, 'card'), {
      camera: CAMERAS.a,
      shots: schoolDay({ classes: 2, studentsPerClass: 3, burst: 2, width: 120, height: 80 }),
    });
    await addAwkwardFiles(card);
    // The same photo twice on the card: a duplicate brings no new photo, its unit is done at once.
    await fsp.mkdir(path.join(card.root, 'DCIM/102CANON'), { recursive: true });
    await fsp.copyFile(
      path.join(card.root, card.files[0]!.relPath),
      path.join(card.root, 'DCIM/102CANON/IMG_0500.JPG'),
    );
    const client = core.client();
    const job = await client.call('jobs.create', {
      dir: path.join(root, 'job'),
      schoolName: 'École Jules Ferry',
      schoolYear: '2026-2027',
    });
    const samples: { done: number; total: number }[] = [];
    core.events.on((frame) => {
      if (frame.name !== 'task.progress') return;
      const p = frame.payload as { kind: string; done: number; total: number };
      if (p.kind === 'ingest') samples.push({ done: p.done, total: p.total });
    });
    const { taskId } = await client.call('ingest.start', {
      jobId: job.id,
      source: card.root,
      backupDir: null,
    });
    await core.tasks.idle(job.id);
    const task = (await client.call('tasks.list', { jobId: job.id })).find((t) => t.id === taskId)!;
    expect(task.status).toBe('done');
    expect(samples.length).toBeGreaterThan(1);
    const totals = new Set(samples.map((s) => s.total));
    expect([...totals]).toEqual([samples[0]!.total]);
    expect(samples.at(-1)!.done).toBe(samples[0]!.total);
    for (const [i, s] of samples.entries())
      if (i > 0) expect(s.done).toBeGreaterThanOrEqual(samples[i - 1]!.done);
  }, 120_000);
});
