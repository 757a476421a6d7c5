/**
 * Erasure and the right of access over the real labels and order-form features (the main GDPR suite
 * proves the mechanism with a stand-in owner): one student's labels, undo history, photos and access
 * codes go; the other students' stay.
 */
import { describe, expect, it } from 'vitest';
import { testCore } from '../helpers/core';
import { seedShoot } from '../fixtures/labeling-shoot';

describe('erasure over labels and access codes', () => {
  it('removes the student’s labels, photos, undo steps and codes, and nothing of the others', async () => {
    const { core } = await testCore();
    const client = core.client();
    const job = await client.call('jobs.create', {
      schoolName: 'École des Tilleuls',
      schoolYear: '2026-2027',
    });
    await client.call('school.update', {
      jobId: job.id,
      patch: { association: { legalName: 'APE de l’école des Tilleuls' } },
    });
    const shoot = await seedShoot(core, job.id, { classes: 1, studentsPerClass: 3, burst: 2 });
    const [a, b, c] = shoot.classes[0]!.students;
    const photosOf = (i: number) => shoot.photos.filter((p) => p.studentIndex === i).map((p) => p.id);
    const group = shoot.photos.find((p) => p.studentIndex === null)!;
    await client.call('labels.assign', { jobId: job.id, photoIds: photosOf(0), studentIds: [a!.id] });
    await client.call('labels.assign', { jobId: job.id, photoIds: photosOf(1), studentIds: [b!.id] });
    await client.call('labels.assign', { jobId: job.id, photoIds: photosOf(2), studentIds: [c!.id] });
    await client.call('labels.assign', {
      jobId: job.id,
      photoIds: [group.id],
      studentIds: [a!.id, b!.id, c!.id],
    });
    const db = core.jobs.get(job.id).db;
    // Access codes as a forms build issues them: one per student, one for the sibling group A + B.
    const issue = db.prepare(
      `INSERT INTO access_code (code, owner_key, kind, student_ids, issued_at) VALUES (?, ?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    issue.run('AAAAA-AAAAA-AAAA2', a!.id, 'student', JSON.stringify([a!.id]), now);
    issue.run('BBBBB-BBBBB-BBBB2', b!.id, 'student', JSON.stringify([b!.id]), now);
    issue.run('FFFFF-FFFFF-FFFF2', `family:${a!.id},${b!.id}`, 'family', JSON.stringify([a!.id, b!.id]), now);
    db.prepare(
      `INSERT INTO book_order (id, seq, channel, code, student_ids, class_label, status, payment_method,
         items, total_cents, placed_at, recorded_at, updated_at)
       VALUES ('o1', 1, 'paper', ?, ?, 'CP', 'received', 'cheque', 1, 2000, ?, ?, ?)`,
    ).run('AAAAA-AAAAA-AAAA2', JSON.stringify([a!.id]), now, now, now);
    const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM photo_label WHERE student_id = ?', a!.id)).toBe(3);
    expect(
      count('SELECT COUNT(*) AS n FROM edit_log WHERE instr(changes, ?) > 0', JSON.stringify(a!.id)),
    ).toBeGreaterThan(0);

    const access = await client.call('students.exportAccess', { jobId: job.id, studentId: a!.id });
    expect(access.path).toMatch(/\.zip$/);

    const report = await client.call('students.erase', { jobId: job.id, studentId: a!.id });
    expect(report.rows.photoLabels).toBeGreaterThan(0);
    expect(report.rows.accessCodes).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) AS n FROM access_code WHERE instr(student_ids, ?) > 0', a!.id)).toBe(0);
    // The order stays as an anonymous bookkeeping line: its amount, no code, no child.
    expect(
      db.prepare('SELECT code, student_ids AS ids, total_cents AS total FROM book_order').all(),
    ).toEqual([{ code: null, ids: '[]', total: 2000 }]);
    // The sibling group's code is revoked (B gets a new one at the next build) and names only B.
    expect(
      db
        .prepare(
          `SELECT student_ids AS ids, revoked_reason AS reason FROM access_code WHERE code = 'FFFFF-FFFFF-FFFF2'`,
        )
        .get(),
    ).toEqual({
      ids: JSON.stringify([b!.id]),
      reason: 'erasure',
    });
    expect(
      count(`SELECT COUNT(*) AS n FROM access_code WHERE code = 'BBBBB-BBBBB-BBBB2' AND revoked_at IS NULL`),
    ).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM photo_label WHERE student_id = ?', a!.id)).toBe(0);
    expect(
      count('SELECT COUNT(*) AS n FROM edit_log WHERE instr(changes, ?) > 0', JSON.stringify(a!.id)),
    ).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM student WHERE id = ?', a!.id)).toBe(0);
    // Their own photos are gone; the group photo stays, with the two others on it.
    for (const id of photosOf(0)) expect(count('SELECT COUNT(*) AS n FROM photo WHERE id = ?', id)).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM photo_label WHERE photo_id = ?', group.id)).toBe(2);
    // Nothing of the others changed.
    for (const [i, s] of [
      [1, b],
      [2, c],
    ] as const) {
      expect(count('SELECT COUNT(*) AS n FROM photo_label WHERE student_id = ?', s!.id)).toBe(
        photosOf(i).length + 1,
      );
    }
    // Undo cannot bring the erased student back.
    await client.call('labels.undo', { jobId: job.id }).catch(() => undefined);
    expect(count('SELECT COUNT(*) AS n FROM photo_label WHERE student_id = ?', a!.id)).toBe(0);
  });
});
