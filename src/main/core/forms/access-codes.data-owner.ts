/**
 * Order forms as a holder of per-student data: the student's access codes and the paper orders
 * entered under them. On erasure a student's own code is deleted; a sibling group's code is revoked
 * (the remaining siblings get a new one at the next build) and no longer names the student. The
 * studio registry keeps every issued code, without any personal data, so none is ever reissued.
 */
import type { StudentDataOwner } from '../gdpr/student-data-registry';

const CODES_OF = `SELECT code, kind, student_ids AS studentIds, issued_at AS issuedAt, revoked_at AS revokedAt
                    FROM access_code WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?)`;

interface CodeRow {
  code: string;
  kind: 'student' | 'family';
  studentIds: string;
}

export const accessCodesDataOwner: StudentDataOwner = {
  name: 'accessCodes',
  rows: (db, id) => {
    const codes = db.prepare(CODES_OF).all(id) as (CodeRow & Record<string, unknown>)[];
    const orders = db.prepare('SELECT * FROM paper_order WHERE code = ?');
    return codes.flatMap((c) => [c, ...(orders.all(c.code) as Record<string, unknown>[])]);
  },
  erase: (db, id) => {
    let changes = 0;
    const now = new Date().toISOString();
    for (const c of db.prepare(CODES_OF).all(id) as CodeRow[]) {
      changes += db.prepare('DELETE FROM paper_order WHERE code = ?').run(c.code).changes;
      const others = (JSON.parse(c.studentIds) as string[]).filter((s) => s !== id);
      changes +=
        c.kind === 'student' || others.length === 0
          ? db.prepare('DELETE FROM access_code WHERE code = ?').run(c.code).changes
          : db
              .prepare(
                `UPDATE access_code SET student_ids = ?, revoked_at = COALESCE(revoked_at, ?),
                        revoked_reason = CASE WHEN revoked_at IS NULL THEN 'erasure' ELSE revoked_reason END
                  WHERE code = ?`,
              )
              .run(JSON.stringify(others), now, c.code).changes;
    }
    return changes;
  },
};
