/**
 * The association treasurer's summary: per class, forms handed out, paper orders returned, items,
 * amounts and the association's share as the contract sets it, then the school total and the split
 * by payment method. Made out in the association's name like every family-side document.
 */
import {
  associationShareCents,
  centsToDecimalComma,
  type AssociationShare,
} from '../../../shared/domain/price-list';
import type { OrderTotals, PaymentMethod } from '../../../shared/domain/order-form';
import type { School } from '../../../shared/domain/school';
import { formatDate, formatMoney } from '../../../shared/i18n';
import { A4, FONT, fitText, newDocument } from '../forms/pdf-document';

const M = 36;
const PAYMENT_LABELS: Record<PaymentMethod | 'online', string> = {
  online: 'En ligne (plateforme de vente)',
  cheque: 'Chèques',
  cash: 'Espèces',
  transfer: 'Virements',
  card: 'Carte',
  other: 'Autres',
};

function shareText(share: AssociationShare): string {
  switch (share.kind) {
    case 'none':
      return 'aucune part prévue au contrat';
    case 'percent':
      return `${centsToDecimalComma(share.basisPoints)} % du total`;
    case 'per_item':
      return `${formatMoney('fr', share.cents)} par article`;
  }
}

export async function renderTreasurerSummary(
  school: School,
  totals: OrderTotals,
  formsPerClass: ReadonlyMap<string, number>,
  share: AssociationShare,
): Promise<Buffer> {
  const { doc, bytes } = newDocument('Récapitulatif des commandes', school.association.legalName);
  doc.addPage();
  doc.page.margins.bottom = 0;
  const W = A4.width - 2 * M;
  doc.font(FONT.bold).fontSize(15).fillColor('black');
  doc.text('Récapitulatif des commandes de photos scolaires', M, M, { width: W });
  doc.font(FONT.regular).fontSize(10);
  doc.text(
    `${school.association.legalName} — ${school.schoolName}${school.town ? ` (${school.town})` : ''} — ${school.schoolYear}`,
  );
  doc.text(`Établi le ${formatDate('fr', new Date())}. Part de l’association : ${shareText(share)}.`);
  doc.moveDown(0.8);
  const cols = [
    { t: 'Classe', w: 130, a: 'left' as const },
    { t: 'Bons remis', w: 72, a: 'right' as const },
    { t: 'Commandes', w: 78, a: 'right' as const },
    { t: 'Articles', w: 55, a: 'right' as const },
    { t: 'Total TTC', w: 85, a: 'right' as const },
    { t: 'Part association', w: W - 420, a: 'right' as const },
  ];
  let y = doc.y;
  const row = (values: string[], bold = false, fill?: string) => {
    if (fill) doc.rect(M, y, W, 18).fill(fill);
    doc.fillColor('black').font(bold ? FONT.bold : FONT.regular);
    let x = M;
    cols.forEach((c, i) => {
      fitText(doc, values[i] ?? '', x + 4, y + 5, c.w - 8, 9, { align: c.a });
      x += c.w;
    });
    y += 18;
    doc
      .lineWidth(0.4)
      .strokeColor('#999999')
      .moveTo(M, y)
      .lineTo(M + W, y)
      .stroke();
  };
  row(
    cols.map((c) => c.t),
    true,
    '#e6e6e6',
  );
  let forms = 0;
  for (const c of totals.classes) {
    const handed = formsPerClass.get(c.classLabel) ?? 0;
    forms += handed;
    row([
      c.classLabel,
      String(handed),
      String(c.orders),
      String(c.items),
      formatMoney('fr', c.totalCents),
      formatMoney('fr', c.associationShareCents),
    ]);
  }
  const s = totals.school;
  row(
    [
      'Total école',
      String(forms),
      String(s.orders),
      String(s.items),
      formatMoney('fr', s.totalCents),
      formatMoney('fr', associationShareCents(share, s.totalCents, s.items)),
    ],
    true,
    '#f2f2f2',
  );
  y += 14;
  doc.font(FONT.bold).fontSize(10).text('Encaissements par mode de paiement', M, y);
  doc.font(FONT.regular).fontSize(10);
  for (const [method, cents] of Object.entries(s.byPayment))
    doc.text(`${PAYMENT_LABELS[method as PaymentMethod] ?? method} : ${formatMoney('fr', cents)}`);
  if (Object.keys(s.byPayment).length === 0) doc.text('Aucune commande saisie pour l’instant.');
  doc.end();
  return bytes;
}
