/**
 * An audited action writes exactly one row of the trail, in the same transaction as its change: a
 * change that fails leaves no row, and a row that cannot be written undoes the change (proved by
 * making the trail refuse inserts). One action of each feature that declares `audited.change`:
 * roster (`consent.record`) and forms (`codes.revoke`).
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/lib/sqlite';
import { RpcCallError } from '../../src/shared/rpc/client';
import { publishSchool } from '../fixtures/publish-school';

const count = (db: Db, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
const auditRows = (db: Db, action: string) =>
  count(db, 'SELECT COUNT(*) AS n FROM audit_event WHERE action = ?', action);

/** Makes every insert into the trail fail, as a full disk or a broken trail would. */
function refuseAuditRows(db: Db): () => void {
  db.exec(
    "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
  );
  return () => db.exec('DROP TRIGGER temp.refuse_audit');
}

describe('audited actions', () => {
  it('roster and forms: one row per change, none for a failed change, no change without its row', async () => {
    const s = await publishSchool({ classes: 1, studentsPerClass: 2 });
    const db = s.core.jobs.get(s.jobId).db;
    const student = s.classes[0]!.students[0]!;
    const consent = {
      jobId: s.jobId,
      studentId: student.id,
      use: 'other' as const,
      holder: 'parent1' as const,
      decision: 'granted' as const,
      decidedOn: '2026-09-12',
      source: 'paper_form' as const,
    };
    const consentRows = () =>
      count(
        db,
        "SELECT COUNT(*) AS n FROM consent_record WHERE student_id = ? AND use = 'other'",
        student.id,
      );

    // Roster: consent.record.
    const before = auditRows(db, 'consent.recorded');
    await s.client.call('consent.record', consent);
    expect(consentRows()).toBe(1);
    expect(auditRows(db, 'consent.recorded')).toBe(before + 1);

    await expect(
      s.client.call('consent.record', { ...consent, studentId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toBeInstanceOf(RpcCallError);
    expect(auditRows(db, 'consent.recorded')).toBe(before + 1);

    const allow = refuseAuditRows(db);
    await expect(s.client.call('consent.record', { ...consent, decidedOn: '2026-09-13' })).rejects.toThrow();
    allow();
    expect(consentRows()).toBe(1);
    expect(auditRows(db, 'consent.recorded')).toBe(before + 1);

    // Forms: codes.revoke (the codes are issued by a publish).
    const task = await s.client.call('publish.start', { jobId: s.jobId });
    await s.core.tasks.idle(s.jobId);
    expect(
      (await s.client.call('tasks.list', { jobId: s.jobId })).find((t) => t.id === task.id)?.status,
    ).toBe('done');
    const [first, second] = await s.client.call('codes.list', { jobId: s.jobId });
    const revoked = () => count(db, 'SELECT COUNT(*) AS n FROM access_code WHERE revoked_at IS NOT NULL');

    await s.client.call('codes.revoke', { jobId: s.jobId, code: first!.code, reason: 'perdu' });
    expect(revoked()).toBe(1);
    expect(auditRows(db, 'codes.revoked')).toBe(1);

    await expect(
      s.client.call('codes.revoke', { jobId: s.jobId, code: 'ZZZZZZZZZZZZZZZ', reason: '' }),
    ).rejects.toBeInstanceOf(RpcCallError);
    expect(auditRows(db, 'codes.revoked')).toBe(1);

    const allowAgain = refuseAuditRows(db);
    await expect(
      s.client.call('codes.revoke', { jobId: s.jobId, code: second!.code, reason: '' }),
    ).rejects.toThrow();
    allowAgain();
    expect(revoked()).toBe(1);
    expect(auditRows(db, 'codes.revoked')).toBe(1);
  });
});
