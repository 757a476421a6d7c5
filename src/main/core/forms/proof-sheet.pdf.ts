/**
 * The class proof sheet (planche contact): every student of a class in roster order, the first
 * offered pose as a watermarked thumbnail and the name under it, so the teacher and the association
 * can check at a glance that each child's photo went to the right name.
 */
import type { FormPose } from '../../../shared/domain/order-form';
import type { ProofLookup } from './order-form.pdf';
import { A4, FONT, fitText, newDocument } from './pdf-document';
import { count } from '../../../shared/i18n';

const M = 36;
const COLS = 5;
const GAP = 10;

export async function renderProofSheet(
  classLabel: string,
  students: readonly { name: string; poses: readonly FormPose[] }[],
  proofs: ProofLookup,
): Promise<Buffer> {
  const { doc, bytes } = newDocument(`Planche contact — ${classLabel}`, '');
  const cell = (A4.width - 2 * M - GAP * (COLS - 1)) / COLS;
  const rowH = cell + 30;
  let y = 0;
  const page = () => {
    doc.addPage();
    doc.page.margins.bottom = 0;
    doc.font(FONT.bold).fontSize(15).fillColor('black').text(`Planche contact — ${classLabel}`, M, M);
    y = M + 28;
  };
  page();
  students.forEach((s, i) => {
    const col = i % COLS;
    if (col === 0 && i > 0) y += rowH;
    if (y + rowH > A4.height - M) page();
    const x = M + col * (cell + GAP);
    const first = s.poses[0];
    const proof = first ? proofs(first) : null;
    if (proof) doc.image(proof, x, y, { fit: [cell, cell], align: 'center', valign: 'center' });
    else {
      doc.rect(x, y, cell, cell).fill('#eeeeee');
      doc.font(FONT.regular).fontSize(8).fillColor('#777777');
      doc.text('sans photo', x, y + cell / 2 - 4, { width: cell, align: 'center', lineBreak: false });
    }
    doc.lineWidth(0.5).strokeColor('#999999').rect(x, y, cell, cell).stroke();
    doc.font(FONT.bold).fillColor('black');
    fitText(doc, s.name, x, y + cell + 4, cell, 9, { align: 'center' });
    doc.font(FONT.regular).fillColor('#555555');
    fitText(doc, `${i + 1} — ${count(s.poses.length, 'pose', 'poses')}`, x, y + cell + 16, cell, 7.5, {
      align: 'center',
    });
  });
  doc.end();
  return bytes;
}
