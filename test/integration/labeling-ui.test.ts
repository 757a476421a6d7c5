/**
 * What the labeling screen's newer actions rely on, through the real core: absent students kept in
 * the job database (restart, undo, erasure), the XMP export run as a task with its progress and its
 * audit row, and bulk labeling actions traced in the audit trail without any name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { seedShoot } from '../fixtures/labeling-shoot';
import { testCore } from '../helpers/core';

const school = {
  schoolName: 'École Jules Ferry',
  town: 'Lyon',
  schoolYear: '2026-2027',
  shootDates: ['2026-10-06'],
};

async function seeded(core: Core, plan: Parameters<typeof seedShoot>[2] = {}) {
  const client = core.client();
  const job = await client.call('jobs.create', school);
  const shoot = await seedShoot(core, job.id, plan);
  return { client, job, jobId: job.id, shoot };
}

const burstOf = (shoot: Awaited<ReturnType<typeof seedShoot>>, c: number, s: number | null) =>
  shoot.photos.filter((p) => p.classIndex === c && p.studentIndex === s).map((p) => p.id);

describe('absent students in sequence mode', () => {
  it('keeps an absent student across a restart, skips them in sequence mode, and undo brings them back', async () => {
    const { core, dataDir, libraryDir } = await testCore();
    const { client, job, jobId, shoot } = await seeded(core, { classes: 1, studentsPerClass: 3 });
    const cls = shoot.classes[0]!;
    const [session] = (await client.call('sessions.list', { jobId })).sessions;
    await client.call('sessions.assignClass', { jobId, sessionId: session!.id, classId: cls.id });
    await client.call('labels.setAbsent', { jobId, studentId: cls.students[0]!.id, absent: true });
    await core.close();

    const { core: again } = await testCore({ dataDir, libraryDir });
    const c2 = again.client();
    await c2.call('jobs.open', { path: job.path });
    expect(await c2.call('labels.absent', { jobId })).toEqual([cls.students[0]!.id]);
    const step = await c2.call('labels.sequenceNext', { jobId, sessionId: session!.id });
    expect(step.studentId).toBe(cls.students[1]!.id);

    expect(await c2.call('labels.undo', { jobId })).toMatchObject({ done: true, action: 'labels.absent' });
    expect(await c2.call('labels.absent', { jobId })).toEqual([]);
    expect((await c2.call('labels.sequenceNext', { jobId, sessionId: session!.id })).studentId).toBe(
      cls.students[0]!.id,
    );
    await c2.call('labels.redo', { jobId });
    expect(await c2.call('labels.absent', { jobId })).toEqual([cls.students[0]!.id]);
    await c2.call('labels.setAbsent', { jobId, studentId: cls.students[0]!.id, absent: false });
    expect(await c2.call('labels.absent', { jobId })).toEqual([]);
  });

  it('forgets the absent mark when the student is erased, and refuses an unknown student', async () => {
    const { core } = await testCore();
    const { client, jobId, shoot } = await seeded(core, { classes: 1, studentsPerClass: 2 });
    const [a] = shoot.classes[0]!.students;
    await client.call('labels.setAbsent', { jobId, studentId: a!.id, absent: true });
    await client.call('students.erase', { jobId, studentId: a!.id });
    expect(await client.call('labels.absent', { jobId })).toEqual([]);
    await expect(
      client.call('labels.setAbsent', { jobId, studentId: 'nobody', absent: true }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('XMP export and the audit trail', () => {
  it('runs the XMP export as a task with progress, writes the sidecars, and traces it with counts only', async () => {
    const { core } = await testCore();
    const { client, job, jobId, shoot } = await seeded(core, { classes: 1, studentsPerClass: 2, burst: 1 });
    const [a, b] = shoot.classes[0]!.students;
    const p0 = burstOf(shoot, 0, 0)[0]!;
    await client.call('labels.assign', { jobId, photoIds: [p0], studentIds: [a!.id, b!.id] });
    const progress: unknown[] = [];
    core.events.on((frame) => {
      if (frame.name === 'task.progress') progress.push(frame.payload);
    });

    const task = await client.call('labels.exportXmp', { jobId });
    expect(task).toMatchObject({ kind: 'labels.xmp', status: 'queued' });
    await core.tasks.idle(jobId);
    const [done] = (await client.call('tasks.list', { jobId })).filter((t) => t.id === task.id);
    expect(done).toMatchObject({ status: 'done', result: { written: 1, removed: 0 } });
    expect(progress.length).toBeGreaterThan(0);
    const fileName = shoot.photos.find((p) => p.id === p0)!.fileName;
    expect(existsSync(path.join(job.path, 'originals', `${fileName}.xmp`))).toBe(true);

    const { events } = await client.call('audit.list', { jobId, offset: 0, limit: 20 });
    const row = events.find((e) => e.action === 'export.written' && e.details.format === 'xmp');
    expect(row).toMatchObject({ details: { written: 1, removed: 0 } });
    const trail = JSON.stringify(events);
    for (const s of [a!, b!]) {
      expect(trail).not.toContain(s.firstName);
      expect(trail).not.toContain(s.displayName);
    }
  });

  it('traces bulk labeling (a session to a class, many photos at once) but not a single burst', async () => {
    const { core } = await testCore();
    const { client, jobId, shoot } = await seeded(core, { classes: 1, studentsPerClass: 6, burst: 2 });
    const cls = shoot.classes[0]!;
    const bulkRows = async () =>
      (await client.call('audit.list', { jobId, offset: 0, limit: 50 })).events.filter(
        (e) => e.action === 'labels.bulk',
      );
    await client.call('labels.assign', {
      jobId,
      photoIds: burstOf(shoot, 0, 0),
      studentIds: [cls.students[0]!.id],
    });
    expect(await bulkRows()).toEqual([]);

    const [session] = (await client.call('sessions.list', { jobId })).sessions;
    await client.call('sessions.assignClass', { jobId, sessionId: session!.id, classId: cls.id });
    const many = shoot.photos.filter((p) => p.studentIndex !== null).map((p) => p.id);
    await client.call('photos.mark', { jobId, photoIds: many, mark: 'sibling' });
    const rows = await bulkRows();
    expect(rows.map((r) => r.details.action).sort()).toEqual(['photos.mark', 'sessions.assignClass']);
    expect(rows.find((r) => r.details.action === 'photos.mark')).toMatchObject({
      summary: `Marque « fratrie » sur ${many.length} photos`,
      details: { photos: many.length, mark: 'sibling' },
    });
    expect(JSON.stringify(rows)).not.toContain(cls.students[0]!.firstName);
  });
});
