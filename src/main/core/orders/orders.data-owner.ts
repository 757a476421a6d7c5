/**
 * The order book as a holder of per-student data. Orders are bookkeeping, kept 10 years without
 * images: erasing a child keeps each of their orders as an anonymous line (amounts, lines and class;
 * no code, no child, no note or payment reference, which may name the family). An order that also
 * names siblings stays theirs, without the erased child.
 */
import { count, formatMoney } from '../../../shared/i18n';
import { frDate, paymentWord } from '../gdpr/access-words';
import type { AccessEntry, StudentDataOwner } from '../gdpr/student-data-registry';
import { OrderBookRepository } from './order-book.repository';

const STATUS_WORDS: Record<string, string> = {
  received: 'reçue',
  paid: 'payée',
  in_production: 'en production',
  packed: 'mise sous pochette',
  delivered: 'livrée',
  cancelled: 'annulée',
  refunded: 'remboursée',
};

export const ordersDataOwner: StudentDataOwner = {
  name: 'orders',
  rows: (db, id) =>
    new OrderBookRepository(db).ofStudent(id).map((o) => ({
      number: o.number,
      channel: o.channel,
      status: o.status,
      statusReason: o.statusReason,
      paymentMethod: o.paymentMethod,
      paymentRef: o.paymentRef,
      note: o.note,
      items: o.items,
      totalCents: o.totalCents,
      lines: JSON.stringify(o.lines),
      placedAt: o.placedAt,
      recordedAt: o.recordedAt,
    })),
  describe: (db, id) => {
    const entries: AccessEntry[] = [];
    for (const order of new OrderBookRepository(db).ofStudent(id)) {
      entries.push({
        label: order.remakeOf
          ? 'Réimpression gratuite'
          : order.channel === 'paper'
            ? 'Commande sur bon papier'
            : 'Commande en ligne',
        value: `${count(order.items, 'article', 'articles')}, ${formatMoney('fr', order.totalCents)} — ${STATUS_WORDS[order.status] ?? order.status}`,
        date: frDate(order.placedAt),
        detail: [
          `commande ${order.number}`,
          order.paymentMethod === 'online' ? 'paiement en ligne' : paymentWord(order.paymentMethod),
          order.paymentMethod === 'cheque' && order.paymentRef && `n° ${order.paymentRef}`,
          order.note,
          order.statusReason,
        ]
          .filter(Boolean)
          .join(' — '),
      });
      for (const line of order.lines)
        entries.push({
          label: `  ${line.label} (réf. ${line.ref})`,
          value: `${line.quantity} × ${formatMoney('fr', line.unitCents)} = ${formatMoney('fr', line.totalCents)}`,
          date: '',
          detail: line.pose === null ? '' : `pose ${line.pose}`,
        });
    }
    return {
      title: 'Commandes',
      empty: 'Aucune commande enregistrée.',
      entries,
    };
  },
  erase: (db, id) => {
    const repo = new OrderBookRepository(db);
    let changes = 0;
    for (const order of repo.ofStudent(id)) {
      changes += order.studentIds.length > 1 ? repo.dropStudent(order.id, id) : repo.anonymise([order.id]);
    }
    return changes;
  },
};
