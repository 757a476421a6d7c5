/**
 * The rows about one student in the tables erasure and the right of access walk themselves
 * (consent decisions, removal requests, sibling links, what went online): read whole for the
 * access export's CSV, in words for its PDF, and deleted by erasure. Each table is named here with
 * the condition that finds the student in it, so no statement is built from a caller's string.
 */
import type { ConsentDecision, ConsentHolder, ConsentUse } from '../../../shared/domain/consent';
import type { Db } from '../../lib/sqlite';

export const STUDENT_TABLES = {
  consent: { table: 'consent_record', where: 'student_id = ?', params: 1 },
  removalRequests: { table: 'removal_request', where: 'student_id = ?', params: 1 },
  siblings: { table: 'sibling_link', where: 'student_a = ? OR student_b = ?', params: 2 },
  studentPublication: { table: 'student_publication', where: 'student_id = ?', params: 1 },
  publications: { table: 'publication_student', where: 'student_id = ?', params: 1 },
} as const;

export type StudentTable = keyof typeof STUDENT_TABLES;

export class StudentRowsRepository {
  constructor(private readonly db: Db) {}

  private args(which: StudentTable, id: string): string[] {
    return Array.from({ length: STUDENT_TABLES[which].params }, () => id);
  }

  /** Every row of the student in one table, as stored. */
  rows(which: StudentTable, id: string): Record<string, unknown>[] {
    const { table, where } = STUDENT_TABLES[which];
    return this.db.prepare(`SELECT * FROM ${table} WHERE ${where}`).all(...this.args(which, id)) as Record<
      string,
      unknown
    >[];
  }

  erase(which: StudentTable, id: string): number {
    const { table, where } = STUDENT_TABLES[which];
    return this.db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(...this.args(which, id)).changes;
  }

  consents(id: string) {
    return this.db
      .prepare(
        `SELECT use, holder, decision, decided_on AS decidedOn, source, note, recorded_at AS recordedAt
           FROM consent_record WHERE student_id = ? ORDER BY recorded_at`,
      )
      .all(id) as {
      use: ConsentUse;
      holder: ConsentHolder;
      decision: ConsentDecision;
      decidedOn: string;
      source: string;
      note: string;
      recordedAt: string;
    }[];
  }

  removals(id: string) {
    return this.db
      .prepare(
        'SELECT use, requested_at AS requestedAt, done_at AS doneAt FROM removal_request WHERE student_id = ? ORDER BY requested_at',
      )
      .all(id) as { use: ConsentUse; requestedAt: string; doneAt: string | null }[];
  }

  siblingLinks(id: string) {
    return this.db
      .prepare(
        'SELECT confirmed_at AS confirmedAt FROM sibling_link WHERE student_a = ? OR student_b = ? ORDER BY confirmed_at',
      )
      .all(id, id) as { confirmedAt: string }[];
  }

  /** The galleries the student went to, whole (for the CSV). */
  publicationRows(id: string): Record<string, unknown>[] {
    return this.db
      .prepare(
        `SELECT p.gallery_ref AS galleryRef, p.platform_url AS platformUrl, p.version, p.published_at AS publishedAt,
                p.closed_at AS closedAt, ps.student_ref AS studentRef, ps.photos
           FROM publication_student ps JOIN publication p ON p.id = ps.publication_id
          WHERE ps.student_id = ? ORDER BY p.published_at`,
      )
      .all(id) as Record<string, unknown>[];
  }

  publications(id: string) {
    return this.db
      .prepare(
        `SELECT p.platform_url AS platformUrl, p.published_at AS publishedAt, p.closed_at AS closedAt, ps.photos
           FROM publication_student ps JOIN publication p ON p.id = ps.publication_id
          WHERE ps.student_id = ? ORDER BY p.published_at`,
      )
      .all(id) as { platformUrl: string; publishedAt: string; closedAt: string | null; photos: number }[];
  }
}
