/**
 * Order forms as a holder of per-student data: the student's access codes and the paper orders
 * entered under them. On erasure a student's own code is deleted; a sibling group's code is revoked
 * (the remaining siblings get a new one at the next build) and no longer names the student. The
 * studio registry keeps every issued code, without any personal data, so none is ever reissued.
 */
import { formatMoney } from '../../../shared/i18n';
import type { OrderLine } from '../../../shared/domain/order-form';
import { frDate, maskedCode, paymentWord } from '../gdpr/access-words';
import type { AccessEntry, StudentDataOwner } from '../gdpr/student-data-registry';

const CODES_OF = `SELECT code, kind, student_ids AS studentIds, issued_at AS issuedAt, revoked_at AS revokedAt
                    FROM access_code WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?)`;

interface CodeRow {
  code: string;
  kind: 'student' | 'family';
  studentIds: string;
}

interface OrderRow {
  lines: string;
  total_cents: number;
  items: number;
  payment_method: string;
  cheque_number: string;
  note: string;
  recorded_at: string;
}

export const accessCodesDataOwner: StudentDataOwner = {
  name: 'accessCodes',
  rows: (db, id) => {
    const codes = db.prepare(CODES_OF).all(id) as (CodeRow & Record<string, unknown>)[];
    const orders = db.prepare('SELECT * FROM paper_order WHERE code = ?');
    return codes.flatMap((c) => [c, ...(orders.all(c.code) as Record<string, unknown>[])]);
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
      const order = db.prepare('SELECT * FROM paper_order WHERE code = ?').get(c.code) as
        OrderRow | undefined;
      if (!order) continue;
      entries.push({
        label: 'Commande sur bon papier',
        value: `${order.items} article(s), ${formatMoney('fr', order.total_cents)}`,
        date: frDate(order.recorded_at),
        detail: [
          paymentWord(order.payment_method),
          order.cheque_number && `n° ${order.cheque_number}`,
          order.note,
        ]
          .filter(Boolean)
          .join(' — '),
      });
      for (const line of JSON.parse(order.lines) as OrderLine[])
        entries.push({
          label: `  ${line.label} (réf. ${line.ref})`,
          value: `${line.quantity} × ${formatMoney('fr', line.unitCents)} = ${formatMoney('fr', line.totalCents)}`,
          date: '',
          detail: line.pose === null ? '' : `pose ${line.pose}`,
        });
    }
    return {
      title: 'Code d’accès et commandes',
      empty: 'Aucun code d’accès ni commande : aucun bon de commande n’a été produit pour l’élève.',
      entries,
    };
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
