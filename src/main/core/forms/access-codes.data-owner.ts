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
import { repoOf } from '../../lib/sqlite';
import { AccessCodeRepository, PaperOrderRepository } from './access-code.repository';

export const accessCodesDataOwner: StudentDataOwner = {
  name: 'accessCodes',
  rows: (db, id) => {
    const codes = repoOf(db, AccessCodeRepository).ofStudent(id);
    const orders = repoOf(db, PaperOrderRepository);
    return codes.flatMap((c): Record<string, unknown>[] => [{ ...c }, ...orders.rowsOf(c.code)]);
  },
  describe: (db, id) => {
    const codes = repoOf(db, AccessCodeRepository).ofStudent(id);
    const entries: AccessEntry[] = [];
    for (const c of codes) {
      entries.push({
        label: c.kind === 'family' ? 'Code d’accès de la fratrie' : 'Code d’accès de l’élève',
        value: c.revokedAt ? `révoqué le ${frDate(c.revokedAt)}` : 'actif',
        date: frDate(c.issuedAt),
        // The code opens the gallery: a document that may travel by e-mail shows its end only.
        detail: `${maskedCode(c.code)} (le code complet figure sur le bon de commande)`,
      });
      const order = repoOf(db, PaperOrderRepository).byCode(c.code);
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
    const codes = repoOf(db, AccessCodeRepository);
    for (const c of codes.ofStudent(id)) {
      changes += repoOf(db, PaperOrderRepository).delete(c.code);
      const others = (JSON.parse(c.studentIds) as string[]).filter((s) => s !== id);
      changes +=
        c.kind === 'student' || others.length === 0
          ? codes.delete(c.code)
          : codes.dropFromFamily(c.code, others, now);
    }
    return changes;
  },
};
