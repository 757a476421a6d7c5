/**
 * Labeling that protects, through the real core (real SQLite job database, the contract's
 * validation): sequence mode never proposes a child whose consent forbids the photo, follows the
 * roster from the child just picked, a label on a forbidden child needs an explicit confirmation
 * (traced without a name), and the automatic pose choice never offers one moment twice from two
 * cameras.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { RpcCallError } from '../../src/shared/rpc/client';
import { giveConsent } from '../fixtures/consent';
import { seedShoot } from '../fixtures/labeling-shoot';
import { testCore } from '../helpers/core';

const school = {
  schoolName: 'École Paul Bert',
  town: 'Tours',
  schoolYear: '2026-2027',
  shootDates: ['2026-10-06'],
};

/** One class of 6 (3-photo bursts): 0, 2, 4, 5 agreed; 1 refused by parent 1; 3 has no form back. */
async function classWithRefusal(core: Core) {
  const client = core.client();
  const job = await client.call('jobs.create', school);
  const jobId = job.id;
  const shoot = await seedShoot(core, jobId, { classes: 1, studentsPerClass: 6, burst: 3 });
  const students = shoot.classes[0]!.students;
  for (const i of [0, 2, 4, 5]) await giveConsent(client, jobId, students[i]!.id);
  await client.call('consent.record', {
    jobId,
    studentId: students[1]!.id,
    use: 'photo',
    holder: 'parent1',
    decision: 'refused',
    decidedOn: '2026-09-14',
    source: 'paper_form',
  });
  const { sessions } = await client.call('sessions.list', { jobId });
  const session = sessions[0]!;
  await client.call('sessions.assignClass', { jobId, sessionId: session.id, classId: shoot.classes[0]!.id });
  const burst = (s: number | null) => shoot.photos.filter((p) => p.studentIndex === s).map((p) => p.id);
  // Burst 0 is the group photo: marked, it needs no student.
  await client.call('photos.mark', { jobId, photoIds: burst(null), mark: 'class' });
  const next = (afterSubjectId: string | null) =>
    client.call('labels.sequenceNext', { jobId, sessionId: session.id, afterSubjectId });
  return { client, jobId, students, burst, next, session };
}

async function refusal(call: Promise<unknown>): Promise<RpcCallError> {
  const error = await call.then(
    () => new Error('the call was accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof RpcCallError)) throw error;
  return error;
}

describe('labeling that protects', () => {
  it('never proposes a child whose photo consent is refused, and follows the roster from the child picked out of order', async () => {
    const { core } = await testCore();
    const j = await classWithRefusal(core);
    const [s0, s1, s2, s3, s4, s5] = j.students.map((s) => s.id);

    let step = await j.next(null);
    expect(step.subject?.photoIds).toEqual(j.burst(0));
    expect(step.studentId).toBe(s0);
    await j.client.call('labels.assign', { jobId: j.jobId, photoIds: j.burst(0), studentIds: [s0!] });

    // Student 1's parent refused: never proposed, the next in the roster is.
    step = await j.next(j.burst(0)[0]!);
    expect(step.studentId).toBe(s2);
    expect(step.studentId).not.toBe(s1);

    // An out-of-order pick by search (student 4 came first): the next proposal follows from them,
    // not back to the first child without a photo.
    await j.client.call('labels.assign', {
      jobId: j.jobId,
      photoIds: step.subject!.photoIds,
      studentIds: [s4!],
    });
    step = await j.next(step.subject!.id);
    expect(step.studentId).toBe(s5);
    await j.client.call('labels.assign', {
      jobId: j.jobId,
      photoIds: step.subject!.photoIds,
      studentIds: [s5!],
    });
    // After the last one, round to those left: student 2 (agreed), then 3 (pending: still proposed).
    step = await j.next(step.subject!.id);
    expect(step.studentId).toBe(s2);
    await j.client.call('labels.assign', {
      jobId: j.jobId,
      photoIds: step.subject!.photoIds,
      studentIds: [s2!],
    });
    step = await j.next(step.subject!.id);
    expect(step.studentId).toBe(s3);
    await j.client.call('labels.assign', {
      jobId: j.jobId,
      photoIds: step.subject!.photoIds,
      studentIds: [s3!],
    });
    // Everybody who may be photographed has a photo: the refused child is still not proposed.
    step = await j.next(step.subject!.id);
    expect(step.studentId).toBeNull();
    expect(step.subject).not.toBeNull();
  });

  it('refuses a label on a refused child without an explicit confirmation, and traces the confirmed one without a name', async () => {
    const { core } = await testCore();
    const j = await classWithRefusal(core);
    const refused = j.students[1]!;
    const photos = j.burst(1);

    const error = await refusal(
      j.client.call('labels.assign', { jobId: j.jobId, photoIds: photos, studentIds: [refused.id] }),
    );
    expect(error.code).toBe('label_consent_forbidden');
    expect(error.message).toContain(`${refused.firstName} ${refused.displayName}`);
    expect(error.message).toContain('confirmez');
    // Nothing was written: no label, nothing to undo.
    const labels = await j.client.call('labels.list', { jobId: j.jobId });
    expect(labels.filter((l) => l.studentIds.includes(refused.id))).toEqual([]);
    // With a sibling who may be photographed, the whole call is refused: no half-applied label.
    await refusal(
      j.client.call('labels.assign', {
        jobId: j.jobId,
        photoIds: photos,
        studentIds: [j.students[0]!.id, refused.id],
      }),
    );
    expect(
      (await j.client.call('labels.list', { jobId: j.jobId })).filter((l) => photos.includes(l.photoId)),
    ).toEqual([]);

    await j.client.call('labels.assign', {
      jobId: j.jobId,
      photoIds: photos,
      studentIds: [refused.id],
      confirmForbidden: true,
    });
    const after = await j.client.call('labels.list', { jobId: j.jobId });
    expect(after.filter((l) => l.studentIds.includes(refused.id)).map((l) => l.photoId)).toEqual(photos);
    const checks = await j.client.call('labels.checks', { jobId: j.jobId });
    expect(checks.doNotPhotograph).toEqual([{ studentId: refused.id, photoIds: photos }]);

    const { events } = await j.client.call('audit.list', { jobId: j.jobId });
    const override = events.filter((e) => e.action === 'labels.consentOverride');
    expect(override).toHaveLength(1);
    expect(override[0]!.summary).toContain('3 photos');
    expect(override[0]!.summary).toContain('photo individuelle');
    expect(override[0]!.details).toMatchObject({ use: 'photo', photos: 3 });
    const trail = JSON.stringify(events);
    expect(trail).not.toContain(refused.firstName);
    expect(trail).not.toContain(refused.familyName);

    // Adding the same child again asks nothing more: they are already there.
    await j.client.call('labels.assign', { jobId: j.jobId, photoIds: photos, studentIds: [refused.id] });
  });

  it('asks about the class photo only on a class photo: a refusal of the class photo leaves portraits free', async () => {
    const { core } = await testCore();
    const j = await classWithRefusal(core);
    const child = j.students[2]!;
    await j.client.call('consent.record', {
      jobId: j.jobId,
      studentId: child.id,
      use: 'class_photo',
      holder: 'parent2',
      decision: 'refused',
      decidedOn: '2026-09-15',
      source: 'email',
    });
    await j.client.call('labels.assign', { jobId: j.jobId, photoIds: j.burst(2), studentIds: [child.id] });
    const error = await refusal(
      j.client.call('labels.assign', { jobId: j.jobId, photoIds: j.burst(null), studentIds: [child.id] }),
    );
    expect(error.code).toBe('label_consent_forbidden');
    // Still proposed in sequence mode for their portrait (the class photo is another use).
    await j.client.call('labels.remove', { jobId: j.jobId, photoIds: j.burst(2) });
    await j.client.call('labels.assign', {
      jobId: j.jobId,
      photoIds: j.burst(0),
      studentIds: [j.students[0]!.id],
    });
    const step = await j.next(j.burst(0)[0]!);
    expect(step.studentId).toBe(child.id);
  });
});

describe('automatic pose choice with two cameras', () => {
  it('never offers two frames of the same moment from two cameras, clock offsets applied', async () => {
    const { core } = await testCore();
    const client = core.client();
    const job = await client.call('jobs.create', school);
    const jobId = job.id;
    const shoot = await seedShoot(core, jobId, { classes: 1, studentsPerClass: 2, burst: 3 });
    const student = shoot.classes[0]!.students[0]!;
    await giveConsent(client, jobId, student.id);
    const own = shoot.photos.filter((p) => p.studentIndex === 0);
    // Camera B's clock is 95 s behind: once corrected, its two frames are 100 ms after A's first two.
    const db = core.jobs.get(jobId).db;
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO camera (id, label, make, model, serial, offset_ms, created_at) VALUES ('cam-b', 'B', 'Nikon', 'Z6', '2', 95000, ?)`,
    ).run(now);
    const insert = db.prepare(
      `INSERT INTO photo (id, sha256, file_name, original_name, size, kind, captured_at, capture_ms, capture_source, camera_id, width, height, has_thumb, has_preview, ingested_at)
       VALUES (?, ?, ?, ?, 1000, 'jpeg', ?, ?, 'exif', 'cam-b', 96, 64, 0, 0, ?)`,
    );
    const b = [0, 1].map((i) => {
      const ms = own[i]!.captureMs + 100 - 95_000;
      const id = `b${i}`;
      insert.run(
        id,
        id,
        `DSC_000${i}.JPG`,
        `DSC_000${i}.JPG`,
        new Date(ms).toISOString().slice(0, 23),
        ms,
        now,
      );
      return id;
    });
    const { sessions } = await client.call('sessions.list', { jobId });
    expect(sessions).toHaveLength(1);
    await client.call('sessions.assignClass', {
      jobId,
      sessionId: sessions[0]!.id,
      classId: shoot.classes[0]!.id,
    });
    const a = own.map((p) => p.id);
    await client.call('labels.assign', { jobId, photoIds: [...a, ...b], studentIds: [student.id] });

    const poses = async () =>
      (await client.call('proofing.get', { jobId })).students.find((s) => s.studentId === student.id)!;
    let offered = await poses();
    expect(offered.photoIds).toHaveLength(5);
    // Capture order on the shared timeline: A's three frames; B's, taken at the same moments, are not offered.
    expect(offered.poses).toEqual(a);

    // B's second frame rated best: it comes first, and A's frames of that moment go.
    await client.call('proofing.rate', { jobId, photoIds: [b[1]!], stars: 5 });
    offered = await poses();
    expect(offered.poses).toEqual([b[1], b[0]]);
    expect(offered.poses.some((id) => a.includes(id))).toBe(false);
    expect(offered.chosen).toBe(false);

    // A person may still choose any frame: the rule is about the automatic choice only.
    await client.call('proofing.setPoses', { jobId, studentId: student.id, photoIds: [a[0]!, b[0]!] });
    expect((await poses()).poses).toEqual([a[0], b[0]]);
  });
});
