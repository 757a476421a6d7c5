/**
 * The documents of packing and delivery, in French: a packing list per class (one block per order:
 * child, order number, each item with its format, quantity, pose thumbnail and a box to tick),
 * envelope labels on A4 sheets (3 × 8 labels of 70 × 37 mm: child, class, school, the order
 * number as a Code 128 barcode (laser scanners) and a QR code (phones, 2D scanners) — no studio
 * brand, never the family's access code), and
 * a delivery slip per class for the school (envelopes handed over, the association's signature).
 */
import { formatDate } from '../../../shared/i18n';
import { A4, FONT, drawCode128, drawQr, fitText, newDocument, type Doc } from '../forms/pdf-document';
import type { PackedItem } from './production.repository';

export interface PackingOrder {
  number: string;
  child: string;
  classLabel: string;
  items: (PackedItem & { thumb: Buffer | null })[];
}

export interface PackingClass {
  classLabel: string;
  orders: PackingOrder[];
}

const M = 36;
const MM = 72 / 25.4;

function header(doc: Doc, title: string, school: string, classLabel: string, today: string): number {
  doc.font(FONT.bold).fontSize(16).fillColor('black');
  fitText(doc, title, M, M, A4.width - 2 * M, 16);
  doc.font(FONT.regular).fontSize(10);
  fitText(doc, `${school} — classe ${classLabel} — ${today}`, M, M + 22, A4.width - 2 * M, 10);
  doc
    .moveTo(M, M + 40)
    .lineTo(A4.width - M, M + 40)
    .lineWidth(0.5)
    .stroke('#888888');
  return M + 50;
}

/** The packing list of one class. */
export async function renderPackingList(school: string, c: PackingClass, now: Date): Promise<Buffer> {
  const { doc, bytes } = newDocument(`Liste de colisage — ${c.classLabel}`, school);
  const today = formatDate('fr', now);
  doc.addPage();
  let y = header(doc, 'Liste de colisage', school, c.classLabel, today);
  const ROW = 34;
  for (const order of c.orders) {
    const height = 24 + order.items.length * ROW + 8;
    if (y + height > A4.height - M) {
      doc.addPage();
      y = header(doc, 'Liste de colisage (suite)', school, c.classLabel, today);
    }
    doc
      .rect(M, y, A4.width - 2 * M, height)
      .lineWidth(0.5)
      .stroke('#bbbbbb');
    doc.font(FONT.bold).fontSize(11).fillColor('black');
    fitText(doc, order.child, M + 8, y + 6, 300, 11);
    doc.font(FONT.regular).fontSize(10);
    fitText(doc, `Commande ${order.number}`, A4.width - M - 180, y + 7, 172, 10, { align: 'right' });
    let iy = y + 24;
    for (const item of order.items) {
      doc
        .rect(M + 10, iy + 9, 11, 11)
        .lineWidth(0.8)
        .stroke('black');
      if (item.thumb)
        doc.image(item.thumb, M + 32, iy + 2, { fit: [40, 28], align: 'center', valign: 'center' });
      doc.font(FONT.regular).fontSize(10).fillColor('black');
      fitText(doc, item.format, M + 84, iy + 10, 200, 10);
      fitText(doc, item.pose === null ? '' : `pose ${item.pose}`, M + 290, iy + 10, 80, 10);
      fitText(doc, `× ${item.quantity}`, M + 380, iy + 10, 60, 10);
      iy += ROW;
    }
    y += height + 8;
  }
  if (c.orders.length === 0) {
    doc.font(FONT.regular).fontSize(11);
    doc.text('Aucune commande à emballer pour cette classe.', M, y);
  }
  doc.end();
  return bytes;
}

/** Envelope labels: one per order, 3 × 8 per A4 sheet, in class then order-number order. */
export async function renderLabels(school: string, orders: readonly PackingOrder[]): Promise<Buffer> {
  const { doc, bytes } = newDocument('Étiquettes des pochettes', school);
  const cols = 3;
  const rows = 8;
  const w = 70 * MM;
  const h = (A4.height - 0) / rows;
  orders.forEach((o, i) => {
    const slot = i % (cols * rows);
    if (slot === 0) doc.addPage({ size: 'A4', margin: 0 });
    const x = (slot % cols) * w;
    const y = Math.floor(slot / cols) * h;
    const pad = 3.5 * MM;
    // Top: who it is for, and the order number as a QR code for a phone or a 2D scanner; bottom,
    // across the label, the number as a Code 128 barcode for a packing table's laser scanner, and
    // in letters under it.
    const qr = 18 * MM;
    drawQr(doc, o.number, { x: x + w - pad - qr, y: y + pad, size: qr }, { level: 'M', quiet: 2 });
    const textW = w - 3 * pad - qr;
    doc.font(FONT.bold).fillColor('black');
    fitText(doc, o.child, x + pad, y + pad + 2, textW, 11);
    doc.font(FONT.regular);
    fitText(doc, `Classe ${o.classLabel}`, x + pad, y + pad + 18, textW, 9);
    fitText(doc, school, x + pad, y + pad + 31, textW, 8);
    const barTop = y + pad + qr + 1.5 * MM;
    drawCode128(doc, o.number, { x: x + pad, y: barTop, width: w - 2 * pad, height: 8 * MM });
    doc.font(FONT.code).fillColor('black');
    fitText(doc, o.number, x + pad, barTop + 8 * MM + 1, w - 2 * pad, 8, { align: 'center' });
  });
  if (orders.length === 0) {
    doc.addPage();
    doc.font(FONT.regular).fontSize(11).text('Aucune commande à étiqueter.', M, M);
  }
  doc.end();
  return bytes;
}

/** The delivery slip of a class: the envelopes handed to the school, signed by the association. */
export async function renderDeliverySlip(
  school: string,
  association: string,
  c: PackingClass,
  now: Date,
): Promise<Buffer> {
  const { doc, bytes } = newDocument(`Bordereau de livraison — ${c.classLabel}`, school);
  const today = formatDate('fr', now);
  doc.addPage();
  let y = header(doc, 'Bordereau de livraison', school, c.classLabel, today);
  doc.font(FONT.regular).fontSize(10).fillColor('black');
  fitText(doc, `Remis à : ${association || 'l’association de l’école'}`, M, y, A4.width - 2 * M, 10);
  y += 20;
  fitText(doc, `Pochettes remises : ${c.orders.length}`, M, y, A4.width - 2 * M, 10);
  y += 24;
  doc.font(FONT.bold);
  fitText(doc, 'Commande', M, y, 120, 10);
  fitText(doc, 'Enfant', M + 130, y, 300, 10);
  y += 16;
  doc.font(FONT.regular);
  for (const o of c.orders) {
    if (y > A4.height - M - 110) {
      doc.addPage();
      y = header(doc, 'Bordereau de livraison (suite)', school, c.classLabel, today);
    }
    fitText(doc, o.number, M, y, 120, 10);
    fitText(doc, o.child, M + 130, y, 300, 10);
    y += 15;
  }
  y = Math.max(y + 30, A4.height - M - 90);
  fitText(doc, 'Date de remise : ____ / ____ / ________', M, y, 300, 10);
  fitText(doc, 'Signature de l’association :', M + 300, y, 220, 10);
  doc
    .moveTo(M + 300, y + 60)
    .lineTo(A4.width - M, y + 60)
    .lineWidth(0.5)
    .stroke('black');
  doc.end();
  return bytes;
}
