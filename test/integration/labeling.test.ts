/**
 * Sorting and labeling through the real core: real SQLite job databases, the real ingest engine on
 * generated cards (capture times only: no image content is ever looked at), a core restart, and
 * XMP sidecars read back with exiftool.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { seedShoot } from '../fixtures/labeling-shoot';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

const school = {
  schoolName: 'École Jules Ferry',
  town: 'Lyon',
  schoolYear: '2026-2027',
  shootDates: ['2026-10-06'],
};
const T = { sessionGapSeconds: 180, subjectGapSeconds: 8 };

const et = new ExifTool({ maxProcs: 1 });
afterAll(async () => {
  await et.end();
});

async function seeded(core: Core, plan: Parameters<typeof seedShoot>[2] = {}) {
  const client = core.client();
  const job = await client.call('jobs.create', school);
  const shoot = await seedShoot(core, job.id, plan);
  return { client, job, jobId: job.id, shoot };
}

const burstOf = (shoot: Awaited<ReturnType<typeof seedShoot>>, c: number, s: number | null) =>
  shoot.photos.filter((p) => p.classIndex === c && p.studentIndex === s).map((p) => p.id);

describe('sessions from capture times', () => {
  it('sorts an ingested 3-class shoot from two cameras into 3 sessions once the second clock is corrected', async () => {
    const { core } = await testCore();
    const client = core.client();
    const job = await client.call('jobs.create', school);
    const day = schoolDay({ classes: 3, studentsPerClass: 3, burst: 2, studentGapSeconds: 30 });
    const cards = tempDir();
    const a = await generateCard(path.join(cards, 'A'), { camera: CAMERAS.a, shots: day, exiftool: et });
    // Camera B (clock 95 s ahead) shot the first exposure of each student's burst too.
    const b = await generateCard(path.join(cards, 'B'), {
      camera: CAMERAS.b,
      shots: day.filter((_, i) => i % 2 === 1).map((s) => ({ ...s, seed: (s.seed ?? 0) + 1000 })),
      exiftool: et,
    });
    for (const card of [a, b]) {
      await client.call('ingest.start', { jobId: job.id, source: card.root, backupDir: null });
      await core.tasks.idle(job.id);
    }
    expect((await client.call('photos.list', { jobId: job.id })).total).toBe(day.length + b.files.length);

    const before = await client.call('sessions.list', { jobId: job.id, thresholds: T });
    const subjectsOf = (l: typeof before) => l.sessions.map((s) => s.subjects.length);
    // Uncorrected, camera B's photos land 95 s late: extra subjects between the students.
    expect(subjectsOf(before)).not.toEqual([4, 4, 4]);

    const camB = (await client.call('cameras.list', { jobId: job.id })).find(
      (c) => c.serial === CAMERAS.b.serial,
    )!;
    await client.call('cameras.setOffset', { jobId: job.id, cameraId: camB.id, offsetSeconds: -95 });
    const after = await client.call('sessions.list', { jobId: job.id, thresholds: T });
    expect(subjectsOf(after)).toEqual([4, 4, 4]);
    // Each student's burst holds A's two exposures and B's one.
    expect(after.sessions[0]!.subjects.map((s) => s.photoIds.length)).toEqual([1, 3, 3, 3]);
    expect(after.aside).toEqual([]);
  }, 120_000);

  it('puts a photo without EXIF aside, never into a class', async () => {
    const { core } = await testCore();
    const client = core.client();
    const job = await client.call('jobs.create', school);
    const day = schoolDay({ classes: 1, studentsPerClass: 2, burst: 1 });
    const card = await generateCard(path.join(tempDir(), 'A'), {
      camera: CAMERAS.a,
      shots: [...day, { trueTime: '2026-10-06T08:47:00.000', width: 96, height: 64, noExif: true, seed: 99 }],
      exiftool: et,
    });
    await client.call('ingest.start', { jobId: job.id, source: card.root, backupDir: null });
    await core.tasks.idle(job.id);
    const list = await client.call('sessions.list', { jobId: job.id });
    expect(list.sessions.map((s) => s.photoCount)).toEqual([3]);
    expect(list.aside).toHaveLength(1);
    const photos = await client.call('photos.list', { jobId: job.id });
    expect(photos.items.find((p) => p.id === list.aside[0])!.originalName).toMatch(/IMG_0004\.JPG$/);
  }, 60_000);

  it('keeps split and merge decisions and class assignments when thresholds change', async () => {
    const { core } = await testCore();
    const { client, jobId, shoot } = await seeded(core);
    const list = await client.call('sessions.list', { jobId, thresholds: T });
    expect(list.sessions.map((s) => s.subjects.length)).toEqual([5, 5, 5]);

    // The photographer took class 2's group photo, then class 1's last student came back late.
    const class2Start = list.sessions[1]!.id;
    await client.call('sessions.merge', { jobId, photoId: class2Start });
    const student2 = burstOf(shoot, 0, 2);
    await client.call('subjects.merge', { jobId, photoId: student2[0]! });
    await client.call('subjects.split', { jobId, photoId: student2[1]! });
    await client.call('sessions.assignClass', {
      jobId,
      sessionId: list.sessions[0]!.id,
      classId: shoot.classes[0]!.id,
      thresholds: T,
    });
    await client.call('sessions.assignClass', {
      jobId,
      sessionId: list.sessions[2]!.id,
      classId: shoot.classes[2]!.id,
      thresholds: T,
    });

    for (const thresholds of [
      T,
      { sessionGapSeconds: 60, subjectGapSeconds: 1 },
      { sessionGapSeconds: 600, subjectGapSeconds: 30 },
    ]) {
      const l = await client.call('sessions.list', { jobId, thresholds });
      expect(l.sessions).toHaveLength(2);
      expect(l.sessions.map((s) => s.classId)).toEqual([shoot.classes[0]!.id, shoot.classes[2]!.id]);
      const first = l.sessions[0]!;
      const withStudent2 = first.subjects.find((s) => s.photoIds.includes(student2[0]!))!;
      expect(withStudent2.photoIds).not.toContain(student2[1]);
      expect(first.subjects.find((s) => s.photoIds.includes(student2[1]!))!.id).toBe(student2[1]);
    }
    // Thresholds saved for the job are what every window splits with by default.
    await client.call('sessions.setThresholds', {
      jobId,
      thresholds: { sessionGapSeconds: 60, subjectGapSeconds: 1 },
    });
    expect((await client.call('sessions.list', { jobId })).thresholds).toEqual({
      sessionGapSeconds: 60,
      subjectGapSeconds: 1,
    });
  });
});

describe('labels', () => {
  it('labels, undoes and redoes, and keeps all of it across a core restart', async () => {
    const { core, dataDir, libraryDir } = await testCore();
    const { client, job, jobId, shoot } = await seeded(core);
    const [s0, s1] = shoot.classes[0]!.students;
    const burst0 = burstOf(shoot, 0, 0);
    await client.call('labels.assign', { jobId, photoIds: burst0, studentIds: [s0!.id] });
    // Siblings on one photo: two students.
    await client.call('labels.assign', { jobId, photoIds: [burst0[0]!], studentIds: [s1!.id] });
    await client.call('photos.mark', { jobId, photoIds: burstOf(shoot, 0, null), mark: 'class' });
    const undone = await client.call('labels.undo', { jobId });
    expect(undone).toMatchObject({ done: true, action: 'photos.mark', canUndo: true, canRedo: true });
    await core.close();

    const { core: again } = await testCore({ dataDir, libraryDir });
    const c2 = again.client();
    await c2.call('jobs.open', { path: job.path });
    const labels = await c2.call('labels.list', { jobId });
    expect(labels.find((l) => l.photoId === burst0[0])!.studentIds.sort()).toEqual([s0!.id, s1!.id].sort());
    expect(labels.find((l) => l.photoId === burst0[1])!.studentIds).toEqual([s0!.id]);
    expect(labels.some((l) => l.mark !== null)).toBe(false);

    expect(await c2.call('labels.redo', { jobId })).toMatchObject({
      done: true,
      action: 'photos.mark',
      canRedo: false,
    });
    expect(
      (await c2.call('labels.list', { jobId })).find((l) => l.photoId === burstOf(shoot, 0, null)[0])!.mark,
    ).toBe('class');
    await c2.call('labels.undo', { jobId });
    await c2.call('labels.undo', { jobId });
    expect(
      (await c2.call('labels.list', { jobId })).find((l) => l.photoId === burst0[0])!.studentIds,
    ).toEqual([s0!.id]);
    // A new decision after an undo drops the redo history.
    await c2.call('labels.assign', { jobId, photoIds: [burst0[1]!], studentIds: [s1!.id], replace: true });
    expect(await c2.call('labels.redo', { jobId })).toMatchObject({ done: false, canRedo: false });
    expect(
      (await c2.call('labels.list', { jobId })).find((l) => l.photoId === burst0[1])!.studentIds,
    ).toEqual([s1!.id]);
    await c2.call('labels.undo', { jobId });
    await c2.call('labels.undo', { jobId });
    expect(await c2.call('labels.list', { jobId })).toEqual([]);
    expect(await c2.call('labels.undo', { jobId })).toMatchObject({ done: false, canUndo: false });
  });

  it('tells every window what changed, and the last of two edits of a photo wins', async () => {
    const { core } = await testCore();
    const { jobId, shoot } = await seeded(core);
    const seen: unknown[] = [];
    core.events.on((frame) => {
      if (frame.name === 'data.changed') seen.push(frame.payload);
    });
    const windowA = core.client({ clientId: 'a' });
    const windowB = core.client({ clientId: 'b' });
    const photo = burstOf(shoot, 1, 0)[0]!;
    const [x, y] = shoot.classes[1]!.students;
    await windowA.call('labels.assign', { jobId, photoIds: [photo], studentIds: [x!.id], replace: true });
    await windowB.call('labels.assign', { jobId, photoIds: [photo], studentIds: [y!.id], replace: true });
    await windowA.call('photos.mark', { jobId, photoIds: [photo], mark: 'sibling' });
    await windowB.call('photos.mark', { jobId, photoIds: [photo], mark: 'rejected', reason: 'yeux fermés' });
    expect(seen).toContainEqual({ entity: 'labels', jobId, ids: [photo] });
    expect(seen.filter((p) => (p as { entity: string }).entity === 'labels')).toHaveLength(4);
    const [row] = await windowA.call('labels.list', { jobId });
    expect(row).toMatchObject({
      photoId: photo,
      studentIds: [y!.id],
      mark: 'rejected',
      reason: 'yeux fermés',
    });
  });

  it('refuses an unknown student or photo with a clear message and changes nothing', async () => {
    const { core } = await testCore();
    const { client, jobId, shoot } = await seeded(core);
    const err = await client
      .call('labels.assign', { jobId, photoIds: [shoot.photos[0]!.id], studentIds: ['nobody'] })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: 'not_found' });
    const err2 = await client
      .call('labels.assign', { jobId, photoIds: ['nope'], studentIds: [shoot.classes[0]!.students[0]!.id] })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(err2).toMatchObject({ code: 'not_found', message: expect.stringContaining('nope') as unknown });
    expect(await client.call('labels.list', { jobId })).toEqual([]);
  });

  it('sequence mode proposes the next unlabeled burst and the next student in roster order, skipping absents', async () => {
    const { core } = await testCore();
    const { client, jobId, shoot } = await seeded(core, { classes: 1, studentsPerClass: 3 });
    const cls = shoot.classes[0]!;
    const [session] = (await client.call('sessions.list', { jobId })).sessions;
    await client.call('sessions.assignClass', { jobId, sessionId: session!.id, classId: cls.id });
    await client.call('photos.mark', { jobId, photoIds: burstOf(shoot, 0, null), mark: 'class' });

    let step = await client.call('labels.sequenceNext', { jobId, sessionId: session!.id });
    expect(step.subject!.photoIds).toEqual(burstOf(shoot, 0, 0));
    expect(step.studentId).toBe(cls.students[0]!.id);
    await client.call('labels.assign', {
      jobId,
      photoIds: step.subject!.photoIds,
      studentIds: [step.studentId!],
    });

    // Student 2 is absent today: skipped, student 3 is proposed for the next burst.
    step = await client.call('labels.sequenceNext', {
      jobId,
      sessionId: session!.id,
      afterSubjectId: step.subject!.id,
      skippedStudentIds: [cls.students[1]!.id],
    });
    expect(step.subject!.photoIds).toEqual(burstOf(shoot, 0, 1));
    expect(step.studentId).toBe(cls.students[2]!.id);
  });
});

describe('checks', () => {
  it('lists what still needs a person, and is empty once everything is decided', async () => {
    const { core } = await testCore();
    const { client, jobId, shoot } = await seeded(core, { classes: 2, studentsPerClass: 2, burst: 2 });
    const sessions = (await client.call('sessions.list', { jobId })).sessions;
    const [c0, c1] = shoot.classes;
    await client.call('sessions.assignClass', { jobId, sessionId: sessions[0]!.id, classId: c0!.id });

    let checks = await client.call('labels.checks', { jobId });
    expect(checks.unlabeledPhotos).toHaveLength(shoot.photos.length);
    expect(checks.studentsWithoutPhoto).toEqual(c0!.students.map((s) => s.id));
    expect(checks.classesWithoutClassPhoto).toEqual([c0!.id]);

    // Student 0 of class 0 must not be photographed; student 1 refuses the class photo.
    const dnp = c0!.students[0]!;
    const noClassPhoto = c0!.students[1]!;
    const form = {
      decidedOn: '2026-09-12',
      source: 'paper_form' as const,
      holder: 'parent1' as const,
      decision: 'refused' as const,
    };
    await client.call('consent.record', { jobId, studentId: dnp.id, use: 'photo', ...form });
    await client.call('consent.record', { jobId, studentId: noClassPhoto.id, use: 'class_photo', ...form });
    // Labeled anyway (a person confirmed, as the core requires for a forbidden child).
    await client.call('labels.assign', {
      jobId,
      photoIds: burstOf(shoot, 0, 0),
      studentIds: [dnp.id],
      confirmForbidden: true,
    });
    await client.call('labels.assign', {
      jobId,
      photoIds: burstOf(shoot, 0, 1),
      studentIds: [noClassPhoto.id],
    });
    const group0 = burstOf(shoot, 0, null);
    await client.call('photos.mark', { jobId, photoIds: group0, mark: 'class' });
    await client.call('labels.assign', {
      jobId,
      photoIds: group0,
      studentIds: [noClassPhoto.id],
      confirmForbidden: true,
    });

    checks = await client.call('labels.checks', { jobId });
    expect(checks.doNotPhotograph).toEqual([{ studentId: dnp.id, photoIds: burstOf(shoot, 0, 0) }]);
    expect(checks.consentConflicts).toEqual([
      { photoId: group0[0], studentId: noClassPhoto.id, use: 'class_photo' },
    ]);
    expect(checks.classesWithoutClassPhoto).toEqual([]);
    expect(checks.studentsWithoutPhoto).toEqual([]);

    // Fixing: the forbidden photos rejected, the class photo without the refusing student,
    // the second class sorted and labeled.
    await client.call('photos.mark', {
      jobId,
      photoIds: burstOf(shoot, 0, 0),
      mark: 'rejected',
      reason: 'pas d’autorisation',
    });
    await client.call('labels.remove', { jobId, photoIds: group0 });
    await client.call('sessions.assignClass', { jobId, sessionId: sessions[1]!.id, classId: c1!.id });
    await client.call('photos.mark', { jobId, photoIds: burstOf(shoot, 1, null), mark: 'class' });
    for (const [i, s] of c1!.students.entries())
      await client.call('labels.assign', { jobId, photoIds: burstOf(shoot, 1, i), studentIds: [s.id] });
    checks = await client.call('labels.checks', { jobId });
    expect(checks).toEqual({
      unlabeledPhotos: [],
      studentsWithoutPhoto: [],
      consentConflicts: [],
      doNotPhotograph: [],
      classesWithoutClassPhoto: [],
      total: 0,
    });
  });
});

describe('XMP sidecars', () => {
  it('writes PersonInImage next to the copies, never touching the originals, and clears it when labels go', async () => {
    const { core } = await testCore();
    const { client, job, jobId, shoot } = await seeded(core, { classes: 1, studentsPerClass: 2, burst: 1 });
    const [p0, p1] = burstOf(shoot, 0, 0).concat(burstOf(shoot, 0, 1));
    const file0 = shoot.photos.find((p) => p.id === p0)!.fileName;
    const original = path.join(job.path, 'originals', file0);
    await fsp.writeFile(original, Buffer.from('stand-in for the original bytes'));
    const sha = () => createHash('sha256').update(readFileSync(original)).digest('hex');
    const before = sha();
    const [a, b] = shoot.classes[0]!.students;
    await client.call('labels.assign', { jobId, photoIds: [p0!], studentIds: [a!.id, b!.id] });
    await client.call('labels.assign', { jobId, photoIds: [p1!], studentIds: [b!.id] });

    expect(await client.call('labels.writeXmp', { jobId })).toEqual({ written: 2, removed: 0 });
    const sidecar = `${original}.xmp`;
    const tags = await et.read(sidecar);
    expect([...(tags.PersonInImage ?? [])].sort()).toEqual(
      [`${a!.firstName} ${a!.displayName}`, `${b!.firstName} ${b!.displayName}`].sort(),
    );
    expect(readFileSync(sidecar, 'utf8')).toContain('Iptc4xmpExt:PersonInImage');
    expect(sha()).toBe(before);
    const leftovers = (await fsp.readdir(path.dirname(original))).filter((f) => f.includes('.tmp'));
    expect(leftovers).toEqual([]);

    await client.call('labels.remove', { jobId, photoIds: [p0!] });
    expect(await client.call('labels.writeXmp', { jobId })).toEqual({ written: 1, removed: 1 });
    expect((await et.read(sidecar)).PersonInImage).toBeUndefined();
    expect(existsSync(`${original}_original`)).toBe(false);
  });
});
