/**
 * The parent order form (bon de commande), one A4 page per family, in French. It is made out to the
 * association that legally sells (circulaire 2003-091): its legal name as seller and cheque payee,
 * « aucune obligation d'achat », and nothing naming the studio or photographer. It carries the
 * family's private access code and a QR code of the gallery address, and the privacy notice with the
 * retention dates. Several forms go into one document (a class, the whole school).
 */
import { formatCode } from '../../../shared/domain/access-code';
import { formatLabel } from '../../../shared/domain/price-list';
import type { OrderFormInput } from '../../../shared/domain/order-form';
import { formatDate, formatMoney } from '../../../shared/i18n';
import { A4, FONT, drawQr, fitText, newDocument, type Doc } from './pdf-document';
import type { ProofRef } from './proof-images';

const M = 36;
const W = A4.width - 2 * M;
const GREY = '#555555';
const LINE = '#999999';

/** Proof JPEG of a pose (its image and rotation), or null when it could not be made. */
export type ProofLookup = (pose: ProofRef) => Buffer | null;

/** Memoized: building an Intl formatter per call costs more than drawing the rest of the form. */
function memo<K, V>(fn: (k: K) => V): (k: K) => V {
  const cache = new Map<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined) cache.set(k, (v = fn(k)));
    return v;
  };
}
const money = memo((cents: number) => formatMoney('fr', cents));
const date = memo((iso: string) => formatDate('fr', iso));

/** What the QR code holds: the gallery's family page, or the code alone without a platform. */
export function qrPayload(input: Pick<OrderFormInput, 'galleryUrl' | 'code'>): string {
  return input.galleryUrl ?? formatCode(input.code);
}

function studentLine(input: OrderFormInput): string {
  return input.students.map((s) => `${s.firstName} ${s.displayName}`).join(', ');
}

function classLine(input: OrderFormInput): string {
  return [...new Set(input.students.map((s) => s.classLabel))].join(', ');
}

function header(doc: Doc, input: OrderFormInput): number {
  doc.font(FONT.bold).fontSize(17).fillColor('black');
  doc.text(`Bon de commande — photos scolaires ${input.school.schoolYear}`, M, M, { width: W });
  let y = M + 26;
  const label = (l: string, v: string, yy: number, bold = false) => {
    doc
      .font(FONT.regular)
      .fontSize(9)
      .fillColor(GREY)
      .text(l, M, yy + 1.5, { width: 95, lineBreak: false });
    doc.font(bold ? FONT.bold : FONT.regular).fillColor('black');
    fitText(doc, v, M + 95, yy, W - 95, 11);
  };
  const school = input.school.town ? `${input.school.name} (${input.school.town})` : input.school.name;
  label('École', school, y);
  y += 16;
  label(input.students.length > 1 ? 'Classes' : 'Classe', classLine(input), y);
  y += 16;
  if (input.students.length > 1) {
    // Siblings: every name in full, wrapped if need be (a cut name is a wrong name).
    doc
      .font(FONT.regular)
      .fontSize(9)
      .fillColor(GREY)
      .text('Élèves', M, y + 1.5, { width: 95, lineBreak: false });
    doc.font(FONT.bold).fontSize(11).fillColor('black');
    doc.text(studentLine(input), M + 95, y, { width: W - 95 });
    y = Math.max(y + 16, doc.y + 2);
  } else {
    label('Élève', studentLine(input), y, true);
    y += 16;
  }
  label('Vendu par', input.association.legalName, y, true);
  y += 16;
  label('Chèque à l’ordre de', input.association.chequePayee || input.association.legalName, y, true);
  return y + 22;
}

function poses(doc: Doc, input: OrderFormInput, proofs: ProofLookup, top: number): number {
  const family = input.students.length > 1;
  // On a family form the poses are numbered 1…n across the siblings: the number written in the
  // table must designate one photo of one child.
  const all = input.students.flatMap((s) => s.poses.map((p) => ({ ...p, who: family ? s.firstName : '' })));
  if (all.length === 0) return top;
  const captionH = family ? 30 : 24;
  // Up to six poses on one row; more (siblings) on two or three rows of smaller proofs, so the form
  // always fits on one page whatever the family size.
  const rows = Math.min(3, Math.ceil(all.length / 6));
  const perRow = Math.max(3, Math.ceil(all.length / rows));
  const gap = 10;
  const box = Math.min(110, (W - gap * (perRow - 1)) / perRow, 170 / rows - captionH);
  let y = top;
  all.forEach((pose, i) => {
    const col = i % perRow;
    if (col === 0 && i > 0) y += box + captionH;
    const x = M + col * (box + gap);
    const proof = proofs(pose);
    if (proof) doc.image(proof, x, y, { fit: [box, box], align: 'center', valign: 'center' });
    else doc.rect(x, y, box, box).fill('#dddddd').fillColor('black');
    doc.lineWidth(0.5).strokeColor(LINE).rect(x, y, box, box).stroke();
    doc.font(FONT.bold).fillColor('black');
    fitText(doc, `Pose ${family ? i + 1 : pose.number}`, x - 4, y + box + 4, box + 8, 10, {
      align: 'center',
    });
    if (pose.who) {
      doc.font(FONT.regular);
      fitText(doc, pose.who, x - 4, y + box + 16, box + 8, 8, { align: 'center' });
    }
  });
  return y + box + captionH + 2;
}

function productTable(doc: Doc, input: OrderFormInput, top: number): number {
  const cols = [
    { title: 'Réf.', width: 34 },
    { title: 'Produit', width: 247 },
    { title: 'N° de pose', width: 62 },
    { title: 'Prix unitaire', width: 70 },
    { title: 'Quantité', width: 52 },
    { title: 'Total', width: W - 465 },
  ];
  let y = top;
  doc.rect(M, y, W, 18).fill('#e6e6e6');
  doc.fillColor('black').font(FONT.bold).fontSize(8.5);
  let x = M;
  for (const c of cols) {
    doc.text(c.title, x + 4, y + 5, { width: c.width - 8, lineBreak: false });
    x += c.width;
  }
  y += 18;
  for (const p of input.products) {
    const h = p.contents ? 28 : 20;
    x = M;
    doc.font(FONT.bold).fontSize(9).fillColor('black');
    doc.text(p.ref, x + 4, y + 6, { width: cols[0]!.width - 8, lineBreak: false });
    x += cols[0]!.width;
    const name =
      p.format && !p.label.includes(formatLabel(p.format))
        ? `${p.label} (${formatLabel(p.format)})`
        : p.label;
    fitText(doc, name, x + 4, y + 5, cols[1]!.width - 8, 9.5);
    if (p.contents) {
      doc.font(FONT.regular).fillColor(GREY);
      fitText(doc, p.contents, x + 4, y + 17, cols[1]!.width - 8, 7.5);
      doc.fillColor('black');
    }
    x += cols[1]!.width;
    const perPose = p.kind === 'print' || p.kind === 'digital' || p.kind === 'pochette';
    if (perPose)
      doc
        .lineWidth(0.7)
        .strokeColor('black')
        .rect(x + 14, y + 3, cols[2]!.width - 28, h - 6)
        .stroke();
    x += cols[2]!.width;
    doc.font(FONT.regular).fontSize(9.5);
    doc.text(money(p.priceCents), x + 4, y + 6, {
      width: cols[3]!.width - 10,
      align: 'right',
      lineBreak: false,
    });
    x += cols[3]!.width;
    doc
      .lineWidth(0.7)
      .strokeColor('black')
      .rect(x + 8, y + 3, cols[4]!.width - 16, h - 6)
      .stroke();
    x += cols[4]!.width;
    doc.rect(x + 6, y + 3, cols[5]!.width - 12, h - 6).stroke();
    y += h;
    doc
      .lineWidth(0.4)
      .strokeColor(LINE)
      .moveTo(M, y)
      .lineTo(M + W, y)
      .stroke();
  }
  y += 8;
  const totalX = M + W - 190;
  doc.font(FONT.bold).fontSize(11).fillColor('black');
  doc.text('TOTAL À RÉGLER', totalX - 10, y + 8, { width: 110, align: 'right', lineBreak: false });
  doc
    .lineWidth(1.4)
    .strokeColor('black')
    .rect(totalX + 106, y, 84, 28)
    .stroke();
  doc
    .font(FONT.regular)
    .fontSize(10)
    .text('€', totalX + 176, y + 9, { lineBreak: false });
  return y + 36;
}

function returnBlock(doc: Doc, input: OrderFormInput, top: number): number {
  let y = top;
  doc.font(FONT.bold).fontSize(11).fillColor('black');
  const deadline = input.returnDeadline
    ? `Bon à rendre à l’enseignant(e), avec le règlement, avant le ${date(input.returnDeadline)}.`
    : 'Bon à rendre à l’enseignant(e), avec le règlement, avant le ____ / ____ / ________.';
  doc.text(deadline, M, y, { width: W });
  y = doc.y + 2;
  doc.font(FONT.regular).fontSize(9);
  doc.text(
    `Règlement par chèque à l’ordre de « ${input.association.chequePayee || input.association.legalName} » ` +
      '(nom de l’élève au dos), glissé avec ce bon dans une enveloppe fermée. Écrivez dans la colonne « N° de pose » ' +
      'le numéro de la pose choisie.',
    M,
    y,
    { width: W },
  );
  y = doc.y + 4;
  doc.font(FONT.bold).fontSize(12).text('Aucune obligation d’achat.', M, y, { width: W });
  doc.font(FONT.regular).fontSize(9).fillColor(GREY);
  doc.text(
    'L’autorisation de photographier votre enfant ne vous engage à rien : ne rendez ce bon que si vous commandez.',
    { width: W },
  );
  doc.fillColor('black');
  return doc.y + 8;
}

function codeBlock(doc: Doc, input: OrderFormInput, top: number): number {
  const qrSize = 92;
  const h = qrSize + 8;
  doc.lineWidth(1).strokeColor('black').roundedRect(M, top, W, h, 6).stroke();
  drawQr(
    doc,
    qrPayload(input),
    { x: M + W - qrSize - 4, y: top + 4, size: qrSize },
    { level: 'M', quiet: 2 },
  );
  const textW = W - qrSize - 24;
  doc.font(FONT.regular).fontSize(9).fillColor(GREY);
  doc.text('Votre code d’accès privé (à garder pour vous)', M + 12, top + 10, { width: textW });
  doc.font(FONT.code).fontSize(22).fillColor('black');
  doc.text(formatCode(input.code), M + 12, top + 24, { width: textW, lineBreak: false, characterSpacing: 1 });
  doc.font(FONT.regular).fontSize(9);
  const online = input.galleryUrl
    ? `Voir les photos en ligne : ${input.galleryUrl} (ou scannez le QR code), jusqu’au ${date(input.retention.galleryCloses)}.`
    : 'Ce code vous permettra de voir les photos en ligne lorsque la galerie sera ouverte ; l’adresse vous sera communiquée par l’école.';
  doc.text(online, M + 12, top + 56, { width: textW });
  return top + h + 10;
}

function privacy(doc: Doc, input: OrderFormInput, top: number): void {
  const contact = [input.association.contactEmail, input.association.contactPhone].filter(Boolean).join(', ');
  const r = input.retention;
  doc
    .font(FONT.bold)
    .fontSize(8)
    .fillColor('black')
    .text('Vos données et celles de votre enfant', M, top, { width: W });
  doc.font(FONT.regular).fontSize(7.2).fillColor('#333333');
  doc.text(
    `Responsable du traitement : ${input.association.legalName}${contact ? ` (${contact})` : ''}. ` +
      'Finalité : préparer, vendre et livrer les photos scolaires commandées, et ouvrir la galerie en ligne privée de votre enfant. ' +
      'Données : nom, prénom, classe et photos de l’élève ; aucune reconnaissance faciale. ' +
      `Conservation : galerie en ligne fermée le ${date(r.galleryCloses)} ; photos en haute définition supprimées au plus tard le ` +
      `${date(r.hdFilesDeleted)} ; pièces comptables (sans aucune image) conservées jusqu’au ${date(r.bookkeepingDeleted)}. ` +
      'Vous pouvez accéder à ces données, les faire rectifier ou effacer, vous opposer à leur utilisation et retirer à tout moment ' +
      `votre autorisation, aussi simplement que vous l’avez donnée : écrivez à l’association${contact ? ` (${contact})` : ''} ou ` +
      'adressez-vous à l’enseignant(e). Le retrait prend effet partout (vente, galerie en ligne, fichiers). ' +
      'Vous pouvez aussi saisir la CNIL (www.cnil.fr).',
    M,
    doc.y + 1,
    { width: W, align: 'justify' },
  );
  doc.fillColor('black');
}

/** Draws one form on a new page. */
export function drawOrderForm(doc: Doc, input: OrderFormInput, proofs: ProofLookup): void {
  doc.addPage();
  // Text near the bottom edge must not make pdfkit start another page.
  doc.page.margins.bottom = 0;
  let y = header(doc, input);
  y = poses(doc, input, proofs, y);
  y = productTable(doc, input, y);
  y = returnBlock(doc, input, y);
  y = codeBlock(doc, input, y);
  privacy(doc, input, y);
  doc.font(FONT.regular).fontSize(7).fillColor(GREY);
  doc.text(`${studentLine(input)} — ${classLine(input)} — ${formatCode(input.code)}`, M, A4.height - 24, {
    width: W,
    align: 'center',
    lineBreak: false,
  });
  doc.fillColor('black');
}

/** One PDF holding the given forms in order, one page each. */
export async function renderOrderForms(
  forms: readonly OrderFormInput[],
  proofs: ProofLookup,
  title = 'Bons de commande',
): Promise<Buffer> {
  const { doc, bytes } = newDocument(title, forms[0]?.association.legalName ?? '');
  for (const form of forms) drawOrderForm(doc, form, proofs);
  if (forms.length === 0) doc.addPage();
  doc.end();
  return bytes;
}
