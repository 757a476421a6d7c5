/**
 * The right-of-access document (RGPD, article 15) a family reads: in French, in the name of the
 * association that is the data controller of the order forms (never the software or the studio's
 * tools), with what is held about the child section by section — identity as in the roster,
 * consent in words with dates and sources, photos, poses, orders, code, publication, retention —
 * and how to have it corrected or erased. One A4 table per section, rows wrapped, never cut.
 */
import type { AccessSection } from './student-data-registry';
import { A4, FONT, newDocument, type Doc } from '../forms/pdf-document';

const M = 40;
const W = A4.width - 2 * M;
const BOTTOM = A4.height - M;
const GREY = '#555555';
const COLS = [
  { title: 'Élément', width: 170 },
  { title: 'Valeur', width: 140 },
  { title: 'Date', width: 70 },
  { title: 'Précisions', width: W - 380 },
] as const;

export interface AccessDocument {
  /** « Prénom NOM » of the child. */
  studentName: string;
  controller: { legalName: string; contact: string };
  school: { name: string; town: string; schoolYear: string };
  /** dd/mm/yyyy. */
  madeOn: string;
  sections: readonly AccessSection[];
  /** Retention dates as dd/mm/yyyy. */
  retention: { galleryCloses: string; hdFilesDeleted: string; bookkeepingDeleted: string };
}

function paragraph(doc: Doc, text: string, size = 9.5, color = 'black'): void {
  doc.font(FONT.regular).fontSize(size).fillColor(color);
  const h = doc.heightOfString(text, { width: W });
  if (doc.y + h > BOTTOM) newPage(doc);
  doc.text(text, M, doc.y, { width: W });
  doc.fillColor('black');
}

function newPage(doc: Doc): void {
  doc.addPage();
  doc.page.margins.bottom = 0;
  doc.y = M;
}

function headerRow(doc: Doc): void {
  const y = doc.y;
  doc.rect(M, y, W, 16).fill('#e6e6e6');
  doc.fillColor('black').font(FONT.bold).fontSize(8.5);
  let x = M;
  for (const c of COLS) {
    doc.text(c.title, x + 3, y + 4, { width: c.width - 6, lineBreak: false });
    x += c.width;
  }
  doc.y = y + 16;
}

function section(doc: Doc, s: AccessSection): void {
  if (doc.y + 60 > BOTTOM) newPage(doc);
  doc.moveDown(0.6);
  doc.font(FONT.bold).fontSize(11.5).fillColor('black').text(s.title, M, doc.y, { width: W });
  doc.moveDown(0.2);
  if (s.entries.length === 0) {
    paragraph(doc, s.empty, 9.5, GREY);
    return;
  }
  headerRow(doc);
  for (const e of s.entries) {
    const cells = [e.label, e.value, e.date, e.detail];
    // Measured in the font each cell is drawn in (the first column is bold, hence wider).
    const heights = cells.map((text, i) => {
      if (!text) return 0;
      doc.font(i === 0 ? FONT.bold : FONT.regular).fontSize(8.5);
      return doc.heightOfString(text, { width: COLS[i]!.width - 6 });
    });
    const h = Math.max(...heights) + 6;
    if (doc.y + h > BOTTOM) {
      newPage(doc);
      headerRow(doc);
    }
    const y = doc.y;
    let x = M;
    cells.forEach((text, i) => {
      doc
        .font(i === 0 ? FONT.bold : FONT.regular)
        .fontSize(8.5)
        .fillColor('black');
      if (text) doc.text(text, x + 3, y + 3, { width: COLS[i]!.width - 6 });
      x += COLS[i]!.width;
    });
    doc
      .lineWidth(0.4)
      .strokeColor('#bbbbbb')
      .moveTo(M, y + h)
      .lineTo(M + W, y + h)
      .stroke();
    doc.y = y + h;
  }
}

export async function renderAccessReport(input: AccessDocument): Promise<Buffer> {
  const { doc, bytes } = newDocument(
    `Données personnelles — ${input.studentName}`,
    input.controller.legalName,
  );
  newPage(doc);
  doc.font(FONT.bold).fontSize(16).fillColor('black');
  doc.text(`Données personnelles de ${input.studentName}`, M, M, { width: W });
  doc.font(FONT.regular).fontSize(10).fillColor(GREY);
  doc.text(`Réponse à une demande d’accès (RGPD, article 15) — établie le ${input.madeOn}`, { width: W });
  doc.moveDown(0.6);
  const school = input.school.town ? `${input.school.name} (${input.school.town})` : input.school.name;
  const top = doc.y;
  doc.font(FONT.regular).fontSize(9.5).fillColor('black');
  const controller = `Responsable du traitement : ${input.controller.legalName}${input.controller.contact ? ` (${input.controller.contact})` : ''}`;
  const lines = [
    controller,
    `Photos scolaires ${input.school.schoolYear} — ${school}`,
    'Finalité : préparer, vendre et livrer les photos scolaires commandées, et ouvrir la galerie en ligne privée de l’élève. Aucune reconnaissance faciale.',
  ];
  const boxH = lines.reduce((n, l) => n + doc.heightOfString(l, { width: W - 20 }) + 2, 0) + 14;
  doc.lineWidth(1).strokeColor('black').roundedRect(M, top, W, boxH, 5).stroke();
  let y = top + 7;
  lines.forEach((l, i) => {
    doc.font(i === 0 ? FONT.bold : FONT.regular).text(l, M + 10, y, { width: W - 20 });
    y = doc.y + 2;
  });
  doc.y = top + boxH + 4;

  for (const s of input.sections) section(doc, s);

  section(doc, {
    title: 'Durées de conservation',
    empty: '',
    entries: [
      { label: 'Galerie en ligne', value: 'fermée', date: input.retention.galleryCloses, detail: '' },
      {
        label: 'Photos en haute définition',
        value: 'supprimées au plus tard',
        date: input.retention.hdFilesDeleted,
        detail: 'originaux, copies de sauvegarde, aperçus',
      },
      {
        label: 'Pièces comptables',
        value: 'conservées jusqu’au',
        date: input.retention.bookkeepingDeleted,
        detail: 'sans aucune image (obligation comptable)',
      },
    ],
  });

  doc.moveDown(0.8);
  if (doc.y + 80 > BOTTOM) newPage(doc);
  doc.font(FONT.bold).fontSize(11.5).text('Vos droits', M, doc.y, { width: W });
  const contact = input.controller.contact ? ` (${input.controller.contact})` : '';
  paragraph(
    doc,
    `Vous pouvez faire rectifier ou effacer ces données, vous opposer à leur utilisation et retirer à tout moment ` +
      `votre autorisation, aussi simplement que vous l’avez donnée : écrivez à ${input.controller.legalName}${contact} ` +
      'ou adressez-vous à l’enseignant(e). Le retrait prend effet partout (vente, galerie en ligne, fichiers). ' +
      'Vous pouvez aussi saisir la CNIL (www.cnil.fr). Les photos où figure l’élève sont jointes à ce document ' +
      '(dossier « Photos »), ainsi que la liste de ces enregistrements au format tableur.',
  );
  doc.end();
  return bytes;
}
