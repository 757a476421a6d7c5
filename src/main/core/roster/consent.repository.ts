/**
 * Consent records, publication marks and removal requests of a job database. Consent records are
 * never updated or deleted: a change of mind is a new record, so the history stays auditable.
 */
import { randomUUID } from 'node:crypto';
import type {
  ConsentDecision,
  ConsentHolder,
  ConsentRecord,
  ConsentSource,
  ConsentUse,
} from '../../../shared/domain/consent';
import type { Db } from '../db/sqlite';

interface ConsentRow {
  id: string;
  student_id: string;
  use: ConsentUse;
  holder: ConsentHolder;
  decision: ConsentDecision;
  decided_on: string;
  source: ConsentSource;
  note: string;
  recorded_at: string;
}

const toRecord = (r: ConsentRow): ConsentRecord => ({
  id: r.id,
  studentId: r.student_id,
  use: r.use,
  holder: r.holder,
  decision: r.decision,
  decidedOn: r.decided_on,
  source: r.source,
  note: r.note,
  recordedAt: r.recorded_at,
});

export class ConsentRepository {
  constructor(private readonly db: Db) {}

  records(studentId: string): ConsentRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM consent_record WHERE student_id = ? ORDER BY recorded_at, rowid')
        .all(studentId) as ConsentRow[]
    ).map(toRecord);
  }

  /** Every record of the job, grouped by student (for lists). */
  allRecords(): Map<string, ConsentRecord[]> {
    const map = new Map<string, ConsentRecord[]>();
    for (const row of this.db
      .prepare('SELECT * FROM consent_record ORDER BY recorded_at, rowid')
      .all() as ConsentRow[]) {
      const list = map.get(row.student_id) ?? [];
      list.push(toRecord(row));
      map.set(row.student_id, list);
    }
    return map;
  }

  insert(record: Omit<ConsentRecord, 'id'>): ConsentRecord {
    const full = { ...record, id: randomUUID() };
    this.db
      .prepare(
        `INSERT INTO consent_record (id, student_id, use, holder, decision, decided_on, source, note, recorded_at)
         VALUES (@id, @studentId, @use, @holder, @decision, @decidedOn, @source, @note, @recordedAt)`,
      )
      .run(full);
    return full;
  }

  isPublished(studentId: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM student_publication WHERE student_id = ?').get(studentId) !== undefined
    );
  }

  /** Called by the publish feature once a student's photos are online. */
  markPublished(studentId: string, at = new Date().toISOString()): void {
    this.db
      .prepare(
        `INSERT INTO student_publication (student_id, published_at) VALUES (?, ?)
         ON CONFLICT (student_id) DO UPDATE SET published_at = excluded.published_at`,
      )
      .run(studentId, at);
  }

  requestRemoval(studentId: string, use: ConsentUse, at: string): void {
    this.db
      .prepare('INSERT INTO removal_request (id, student_id, use, requested_at) VALUES (?, ?, ?, ?)')
      .run(randomUUID(), studentId, use, at);
  }

  /** Removals the next publish must carry out. */
  pendingRemovals(): { id: string; studentId: string; use: string; requestedAt: string }[] {
    return (
      this.db
        .prepare(
          'SELECT id, student_id, use, requested_at FROM removal_request WHERE done_at IS NULL ORDER BY requested_at',
        )
        .all() as { id: string; student_id: string; use: string; requested_at: string }[]
    ).map((r) => ({ id: r.id, studentId: r.student_id, use: r.use, requestedAt: r.requested_at }));
  }

  completeRemoval(id: string, at = new Date().toISOString()): void {
    this.db.prepare('UPDATE removal_request SET done_at = ? WHERE id = ?').run(at, id);
  }
}
