/**
 * Consent records, batches, publication marks and removal requests of a job database. Consent
 * records are never updated: a change of mind is a new record, so the history stays auditable. The
 * one deletion is the undo of the last batch (a grid saved by mistake), while none of its records
 * has been superseded; the batch row stays, marked undone, and the audit trail says so.
 */
import { randomUUID } from 'node:crypto';
import type {
  ConsentBatchKind,
  ConsentDecision,
  ConsentHolder,
  ConsentRecord,
  ConsentSource,
  ConsentUse,
} from '../../../shared/domain/consent';
import type { Db } from '../../lib/sqlite';

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

export interface ConsentBatchRow {
  id: string;
  kind: ConsentBatchKind;
  source: ConsentSource;
  decidedOn: string;
  recordedAt: string;
  records: number;
  students: number;
}

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

  insert(record: Omit<ConsentRecord, 'id'>, batchId: string | null = null): ConsentRecord {
    const full = { ...record, id: randomUUID() };
    this.db
      .prepare(
        `INSERT INTO consent_record (id, student_id, use, holder, decision, decided_on, source, note, recorded_at, batch_id)
         VALUES (@id, @studentId, @use, @holder, @decision, @decidedOn, @source, @note, @recordedAt, @batchId)`,
      )
      .run({ ...full, batchId });
    return full;
  }

  insertBatch(batch: ConsentBatchRow): void {
    this.db
      .prepare(
        `INSERT INTO consent_batch (id, kind, source, decided_on, recorded_at, records, students)
         VALUES (@id, @kind, @source, @decidedOn, @recordedAt, @records, @students)`,
      )
      .run(batch);
  }

  /** The job's most recent batch that was not undone. */
  lastBatch(): ConsentBatchRow | undefined {
    const r = this.db
      .prepare(
        `SELECT id, kind, source, decided_on, recorded_at, records, students FROM consent_batch
          WHERE undone_at IS NULL ORDER BY recorded_at DESC, rowid DESC LIMIT 1`,
      )
      .get() as
      | {
          id: string;
          kind: ConsentBatchKind;
          source: ConsentSource;
          decided_on: string;
          recorded_at: string;
          records: number;
          students: number;
        }
      | undefined;
    return (
      r && {
        id: r.id,
        kind: r.kind,
        source: r.source,
        decidedOn: r.decided_on,
        recordedAt: r.recorded_at,
        records: r.records,
        students: r.students,
      }
    );
  }

  batchRecords(batchId: string): ConsentRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM consent_record WHERE batch_id = ? ORDER BY recorded_at, rowid')
        .all(batchId) as ConsentRow[]
    ).map(toRecord);
  }

  /** Records of the batch superseded by a later record for the same student, use and holder. */
  supersededInBatch(batchId: string): number {
    const { n } = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM consent_record b
          WHERE b.batch_id = ? AND EXISTS (
            SELECT 1 FROM consent_record l
             WHERE l.student_id = b.student_id AND l.use = b.use AND l.holder = b.holder
               AND (l.recorded_at > b.recorded_at OR (l.recorded_at = b.recorded_at AND l.rowid > b.rowid)))`,
      )
      .get(batchId) as { n: number };
    return n;
  }

  /** Takes a batch back: its records and the removal requests it queued that are not done yet. */
  undoBatch(batchId: string, at: string): void {
    this.db.prepare('DELETE FROM consent_record WHERE batch_id = ?').run(batchId);
    this.db.prepare('DELETE FROM removal_request WHERE batch_id = ? AND done_at IS NULL').run(batchId);
    this.db.prepare('UPDATE consent_batch SET undone_at = ? WHERE id = ?').run(at, batchId);
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

  requestRemoval(studentId: string, use: ConsentUse, at: string, batchId: string | null = null): void {
    this.db
      .prepare(
        'INSERT INTO removal_request (id, student_id, use, requested_at, batch_id) VALUES (?, ?, ?, ?, ?)',
      )
      .run(randomUUID(), studentId, use, at, batchId);
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
