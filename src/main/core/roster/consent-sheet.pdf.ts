/**
 * The consent sheet of a class, to print and hand out before the shoot: one row per child in roster
 * order, a « oui / non » box per use and per holder of parental authority — the same columns as the
 * consent grid, so the returned sheet is typed in as it reads — and a signature line per holder. It
 * is made out in the name of the association that organises the shoot, as the order forms are
 * (circulaire 2003-091: no studio or software brand), says that each use is authorised separately,
 * that authorising a photo commits no one to buy, and how to withdraw. A4 landscape, embedded fonts,
 * built in memory and written atomically.
 */
import { CONSENT_USES, type ConsentUse } from '../../../shared/domain/consent';
import { formatDate } from '../../../shared/i18n';
import { FONT, fitText, newDocument, type Doc } from '../forms/pdf-document';

export interface ConsentSheetStudent {
  /** Not printed: which student the row is, so the export registry knows who the sheet names. */
  studentId: string;
  order: number;
  name: string;
  /** Who signs in the first and second column: `['parent1', 'parent2']`, `['parent1']`, `['self']`. */
  holders: readonly string[];
}

export interface ConsentSheetClass {
  label: string;
  students: ConsentSheetStudent[];
}

export interface ConsentSheetHeader {
  associationName: string;
  /** E-mail and phone of the association's contact, for a withdrawal. */
  contact: string;
  schoolName: string;
  town: string;
  schoolYear: string;
  shootDates: string[];
  galleryCloses: string;
  /** Studio setting: one signature per use suffices (one column per use). */
  oneSignatureSuffices: boolean;
}

const PAGE = { width: 841.89, height: 595.28 } as const;
const M = 30;
const W = PAGE.width - 2 * M;
const ROW = 26;
const HEAD_ROW = 16;
const GREY = '#555555';

const USE_LABEL: Record<ConsentUse, string> = {
  photo: 'Photo individuelle',
  class_photo: 'Photo de classe',
  online_gallery: 'Galerie en ligne',
  other: 'Autres usages',
};

function layout(oneSignature: boolean) {
  const slots = oneSignature ? 1 : 2;
  const order = 22;
  const name = 128;
  const signature = oneSignature ? 150 : 85;
  const cell = (W - order - name - signature * slots) / (CONSENT_USES.length * slots);
  return { slots, order, name, signature, cell };
}

function box(doc: Doc, x: number, y: number): void {
  doc.lineWidth(0.8).strokeColor('black').rect(x, y, 7.5, 7.5).stroke();
}

export function renderConsentSheetPdf(
  classes: ConsentSheetClass[],
  header: ConsentSheetHeader,
): Promise<Buffer> {
  const { doc, bytes } = newDocument(
    `Autorisations d’utilisation de l’image — ${classes.map((c) => c.label).join(', ')}`,
    header.associationName,
  );
  // Pages are kept until the end so that each footer can say « page n / N ».
  (doc as unknown as { options: { bufferPages?: boolean } }).options.bufferPages = true;
  const L = layout(header.oneSignatureSuffices);
  const slotLabel = (slot: number) => (header.oneSignatureSuffices ? 'Signature' : `Titulaire ${slot + 1}`);
  const dates = header.shootDates.map((d) => formatDate('fr', d)).join(', ');
  const contact = header.contact ? ` (${header.contact})` : '';

  const newPage = () => {
    doc.addPage({ size: 'A4', layout: 'landscape', margin: M });
    // Text near the bottom edge must not make pdfkit start another page.
    doc.page.margins.bottom = 0;
  };

  const intro = (c: ConsentSheetClass) => {
    doc.font(FONT.bold).fontSize(14).fillColor('black');
    doc.text('Autorisation de photographier et d’utiliser l’image des élèves', M, M, { width: W });
    doc.font(FONT.regular).fontSize(10);
    doc.text(
      `Classe : ${c.label} — ${[header.schoolName, header.town].filter(Boolean).join(', ')} — année scolaire ${header.schoolYear}`,
      { width: W },
    );
    doc.text(
      `Photos scolaires organisées par ${header.associationName}${dates ? ` ; prise de vue le ${dates}` : ''}.`,
      { width: W },
    );
    doc.moveDown(0.3);
    doc.fontSize(7.6).fillColor('#222222');
    doc.text(
      'Chaque usage s’autorise séparément : cochez « oui » ou « non » pour chacun. ' +
        'Photo individuelle : le portrait de votre enfant, proposé à votre famille seulement. ' +
        'Photo de classe : la photo du groupe de la classe, proposée aux familles de la classe. ' +
        `Galerie en ligne : les photos visibles par votre seule famille, avec un code personnel, jusqu’au ${formatDate('fr', header.galleryCloses)}. ` +
        'Autres usages : tout autre usage (affichage dans l’école, journal de l’école), seulement si vous cochez « oui ». ' +
        'Un enfant sans autorisation n’est pas photographié. Autoriser la photo n’engage à aucun achat. ' +
        (header.oneSignatureSuffices
          ? 'Une signature d’un titulaire de l’autorité parentale suffit. '
          : 'Chaque titulaire de l’autorité parentale répond et signe dans sa colonne ; un refus suffit à ne pas photographier. ') +
        'Un élève majeur répond et signe pour lui-même. ' +
        `Vous pouvez retirer votre autorisation à tout moment, aussi simplement que vous l’avez donnée : écrivez à ${header.associationName}${contact} ou adressez-vous à l’enseignant(e).`,
      { width: W, align: 'justify' },
    );
    doc.fillColor('black');
    doc.moveDown(0.5);
  };

  const tableHeader = () => {
    const y = doc.y;
    doc.rect(M, y, W, HEAD_ROW * 2).fill('#ececec');
    doc.fillColor('black').font(FONT.bold).fontSize(8);
    fitText(doc, 'N°', M + 3, y + 12, L.order - 6, 8);
    fitText(doc, 'Élève', M + L.order + 4, y + 12, L.name - 8, 8);
    let x = M + L.order + L.name;
    for (const use of CONSENT_USES) {
      const groupW = L.cell * L.slots;
      // One signature: the use alone names its column; two: the holders under it.
      fitText(doc, USE_LABEL[use], x + 3, y + (header.oneSignatureSuffices ? 12 : 4), groupW - 6, 8, {
        align: 'center',
      });
      for (let slot = 0; slot < L.slots && !header.oneSignatureSuffices; slot += 1) {
        doc.font(FONT.regular);
        fitText(doc, slotLabel(slot), x + slot * L.cell + 2, y + HEAD_ROW + 4, L.cell - 4, 7, {
          align: 'center',
        });
        doc.font(FONT.bold);
      }
      doc
        .lineWidth(0.6)
        .strokeColor('#999999')
        .moveTo(x, y)
        .lineTo(x, y + HEAD_ROW * 2)
        .stroke();
      x += groupW;
    }
    for (let slot = 0; slot < L.slots; slot += 1) {
      fitText(
        doc,
        header.oneSignatureSuffices ? 'Signature' : `Signature titulaire ${slot + 1}`,
        x + 3,
        y + 12,
        L.signature - 6,
        8,
        { align: 'center' },
      );
      doc
        .lineWidth(0.6)
        .strokeColor('#999999')
        .moveTo(x, y)
        .lineTo(x, y + HEAD_ROW * 2)
        .stroke();
      x += L.signature;
    }
    doc.y = y + HEAD_ROW * 2;
  };

  const studentRow = (s: ConsentSheetStudent, i: number) => {
    const y = doc.y;
    if (i % 2 === 1) doc.rect(M, y, W, ROW).fill('#f7f7f7');
    doc.fillColor('black').font(FONT.regular).fontSize(9);
    fitText(doc, String(s.order), M + 3, y + 9, L.order - 6, 9);
    doc.font(FONT.bold);
    fitText(doc, s.name, M + L.order + 4, y + (s.holders[0] === 'self' ? 5 : 9), L.name - 8, 9);
    doc.font(FONT.regular);
    if (s.holders[0] === 'self') {
      doc.fillColor(GREY);
      fitText(doc, 'élève majeur : répond lui-même', M + L.order + 4, y + 16, L.name - 8, 6.5);
      doc.fillColor('black');
    }
    const applicable = (slot: number) => slot < s.holders.length;
    let x = M + L.order + L.name;
    for (let u = 0; u < CONSENT_USES.length; u += 1) {
      for (let slot = 0; slot < L.slots; slot += 1) {
        const cx = x + slot * L.cell;
        if (!applicable(slot)) {
          doc.rect(cx, y, L.cell, ROW).fill('#dddddd');
          doc.fillColor(GREY);
          fitText(doc, '—', cx, y + 9, L.cell, 8, { align: 'center' });
          doc.fillColor('black');
          continue;
        }
        // « oui ☐  non ☐ », centred in the cell.
        doc.fontSize(7);
        const part = doc.widthOfString('oui') + 3 + 7.5;
        const gap = 8;
        const total = part + gap + doc.widthOfString('non') + 3 + 7.5;
        let bx = cx + (L.cell - total) / 2;
        const by = y + (ROW - 7.5) / 2;
        doc.text('oui', bx, by + 0.5, { lineBreak: false });
        bx += doc.widthOfString('oui') + 3;
        box(doc, bx, by);
        bx += 7.5 + gap;
        doc.text('non', bx, by + 0.5, { lineBreak: false });
        bx += doc.widthOfString('non') + 3;
        box(doc, bx, by);
      }
      x += L.cell * L.slots;
    }
    for (let slot = 0; slot < L.slots; slot += 1) {
      if (!applicable(slot)) {
        doc.rect(x, y, L.signature, ROW).fill('#dddddd');
        doc.fillColor('black');
      } else
        doc
          .lineWidth(0.5)
          .strokeColor('#888888')
          .moveTo(x + 6, y + ROW - 6)
          .lineTo(x + L.signature - 6, y + ROW - 6)
          .stroke();
      x += L.signature;
    }
    // Column and row rules.
    doc.lineWidth(0.4).strokeColor('#bbbbbb');
    let cx = M + L.order + L.name;
    for (let u = 0; u < CONSENT_USES.length; u += 1) {
      doc
        .lineWidth(0.6)
        .moveTo(cx, y)
        .lineTo(cx, y + ROW)
        .stroke();
      for (let slot = 1; slot < L.slots; slot += 1)
        doc
          .lineWidth(0.3)
          .moveTo(cx + slot * L.cell, y)
          .lineTo(cx + slot * L.cell, y + ROW)
          .stroke();
      cx += L.cell * L.slots;
    }
    for (let slot = 0; slot < L.slots; slot += 1) {
      doc
        .lineWidth(0.6)
        .moveTo(cx, y)
        .lineTo(cx, y + ROW)
        .stroke();
      cx += L.signature;
    }
    doc
      .lineWidth(0.5)
      .moveTo(M, y + ROW)
      .lineTo(M + W, y + ROW)
      .stroke();
    doc.y = y + ROW;
  };

  const bottom = PAGE.height - M - 18;
  for (const c of classes) {
    newPage();
    intro(c);
    tableHeader();
    c.students.forEach((s, i) => {
      if (doc.y + ROW > bottom) {
        newPage();
        doc.font(FONT.bold).fontSize(10).fillColor('black');
        doc.text(`Autorisations — classe ${c.label} (suite)`, M, M, { width: W });
        doc.moveDown(0.4);
        tableHeader();
      }
      studentRow(s, i);
    });
    if (c.students.length === 0) {
      doc.moveDown(0.5);
      doc.font(FONT.regular).fontSize(10).text('Aucun élève dans cette classe.', M);
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc.font(FONT.regular).fontSize(7.5).fillColor('#666666');
    doc.text(
      `${header.associationName} — à rendre signée à l’enseignant(e) avant la prise de vue`,
      M,
      PAGE.height - M - 8,
      { width: W * 0.75, lineBreak: false },
    );
    doc.text(`Page ${i + 1} / ${range.count}`, M, PAGE.height - M - 8, {
      width: W,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return bytes;
}
