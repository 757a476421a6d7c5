/**
 * The job's `audit_event` table, read and written in one place: the trail's rows (`AuditLog` scrubs
 * them before they come here), its pages, the rows about one student (right of access, erasure) and
 * the publish history (the trail says who published, when, and what the platform answered).
 */
import type { AuditAction } from '../../../shared/domain/gdpr';
import type { Db } from '../../lib/sqlite';

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
  /** JSON of the scrubbed details. */
  details: string;
}

/** A row with the class of the child it is about: the student's own, or the class its details name. */
export type AuditRowWithClass = AuditRow & { class_label: string | null };

const WITH_CLASS = `SELECT a.id, a.at, a.actor, a.action, a.summary, a.details,
         COALESCE(sc.label, dc.label) AS class_label
    FROM audit_event a
    LEFT JOIN student s ON s.id = a.subject_id
    LEFT JOIN class sc ON sc.id = s.class_id
    LEFT JOIN class dc ON dc.id = json_extract(a.details, '$.classId')`;

export interface AuditInsert {
  at: string;
  actor: string;
  action: AuditAction;
  summary: string;
  details: string;
  subjectId: string | null;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  insert(row: AuditInsert): void {
    this.db
      .prepare(
        'INSERT INTO audit_event (at, actor, action, summary, details, subject_id) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(row.at, row.actor, row.action, row.summary, row.details, row.subjectId);
  }

  /** Most recent first, each row with the class of the child it is about (never a name). */
  page(offset: number, limit: number): AuditRowWithClass[] {
    return this.db
      .prepare(`${WITH_CLASS} ORDER BY a.id DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as AuditRowWithClass[];
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_event').get() as { n: number }).n;
  }

  /** The whole trail, oldest first, each row with the class of the child it is about (never a name). */
  all(): AuditRowWithClass[] {
    return this.db.prepare(`${WITH_CLASS} ORDER BY a.id`).all() as AuditRowWithClass[];
  }

  /** The rows of given actions, most recent first (the publish history). */
  ofActions(actions: readonly AuditAction[]): AuditRow[] {
    if (actions.length === 0) return [];
    return this.db
      .prepare(
        `SELECT id, at, actor, action, summary, details FROM audit_event
          WHERE action IN (${actions.map(() => '?').join(', ')}) ORDER BY id DESC`,
      )
      .all(...actions) as AuditRow[];
  }

  /** The rows about one student, oldest first. */
  aboutStudent(studentId: string): AuditRow[] {
    return this.db
      .prepare(
        'SELECT id, at, actor, action, summary, details FROM audit_event WHERE subject_id = ? ORDER BY id',
      )
      .all(studentId) as AuditRow[];
  }

  /** The rows stay (they prove what was done) but no longer point at the student. */
  forgetStudent(studentId: string): number {
    return this.db.prepare('UPDATE audit_event SET subject_id = NULL WHERE subject_id = ?').run(studentId)
      .changes;
  }
}
