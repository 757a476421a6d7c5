/**
 * Order forms as a holder of per-student data: the student's access codes (the orders typed in
 * under them belong to the order book, core/orders). On erasure a student's own code is deleted; a sibling group's code is revoked
 * (the remaining siblings get a new one at the next build) and no longer names the student. The
 * studio registry keeps every issued code, without any personal data, so none is ever reissued.
 */
import { frDate, maskedCode } from '../gdpr/access-words';
import type { AccessEntry, StudentDataOwner } from '../gdpr/student-data-registry';

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
    return db.prepare(CODES_OF).all(id) as (CodeRow & Record<string, unknown>)[];
  },
  describe: (db, id) => {
    const codes = db.prepare(CODES_OF).all(id) as (CodeRow & {
      issuedAt: string;
      revokedAt: string | null;
    })[];
    const entries: AccessEntry[] = [];
    for (const c of codes) {
      entries.push({
        label: c.kind === 'family' ? 'Code d’accès de la fratrie' : 'Code d’accès de l’élève',
        value: c.revokedAt ? `révoqué le ${frDate(c.revokedAt)}` : 'actif',
        date: frDate(c.issuedAt),
        // The code opens the gallery: a document that may travel by e-mail shows its end only.
        detail: `${maskedCode(c.code)} (le code complet figure sur le bon de commande)`,
      });
    }
    return {
      title: 'Code d’accès',
      empty: 'Aucun code d’accès : aucun bon de commande n’a été produit pour l’élève.',
      entries,
    };
  },
  erase: (db, id) => {
    let changes = 0;
    const now = new Date().toISOString();
    for (const c of db.prepare(CODES_OF).all(id) as CodeRow[]) {
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
