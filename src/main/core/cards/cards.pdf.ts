/**
 * Printed photo cards as A4 PDFs: several cards per page with dashed cut lines (2 × 4, 90 × 65 mm
 * each), or one card per page. A card shows who it stands for in large print and one big QR code
 * (a sibling card shows one code per child: several codes in one frame mean a group photo). The QR
 * holds only the card's opaque code (`cards.ts`), never a name or an access code. Every page says
 * how large to photograph the card: its code should fill at least 15 % of the frame's short side.
 */
import type { Language } from '../../../shared/domain/settings';
import { translate } from '../../../shared/i18n';
import { A4, FONT, drawQr, fitText, newDocument, type Doc } from '../forms/pdf-document';

export type PrintedCard =
  | { kind: 'student'; code: string; firstName: string; familyName: string; classLabel: string }
  | { kind: 'siblings'; codes: string[]; names: string[]; classLabel: string }
  | { kind: 'class'; code: string; classLabel: string }
  | { kind: 'staff'; code: string }
  | { kind: 'pause'; code: string }
  | { kind: 'walkup'; code: string; classLabel: string };

export interface CardSheet {
  schoolName: string;
  cards: PrintedCard[];
}

export type CardLayout = 'sheet' | 'single';

const MM = 72 / 25.4;
const COLS = 2;
const ROWS = 4;
const CARD_W = 90 * MM;
const CARD_H = 65 * MM;

function drawCard(
  doc: Doc,
  card: PrintedCard,
  school: string,
  x: number,
  y: number,
  w: number,
  h: number,
  lang: Language,
): void {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) =>
    translate(lang, key, params);
  const pad = 4 * MM;
  const codes = card.kind === 'siblings' ? card.codes : [card.code];
  // The codes fill the card's height on the left (side by side for siblings).
  const qrSize = Math.min(h - 2 * pad, (w * 0.52) / codes.length);
  codes.forEach((code, i) =>
    drawQr(doc, code, { x: x + pad + i * qrSize, y: y + pad, size: qrSize }, { level: 'Q', quiet: 4 }),
  );
  const tx = x + pad + codes.length * qrSize + 2 * MM;
  const tw = x + w - pad - tx;
  let ty = y + pad + 2;
  const line = (text: string, size: number, bold = false) => {
    doc.font(bold ? FONT.bold : FONT.regular).fillColor('black');
    fitText(doc, text, tx, ty, tw, size);
    ty += size * 1.35;
  };
  doc.font(FONT.regular).fillColor('#555555');
  fitText(doc, school, tx, ty, tw, 7);
  ty += 12;
  switch (card.kind) {
    case 'student':
      line(card.firstName, 16, true);
      line(card.familyName, 12, true);
      line(card.classLabel, 10);
      break;
    case 'siblings':
      line(t('cards.pdf.siblings'), 12, true);
      for (const name of card.names) line(name, 9);
      line(card.classLabel, 8);
      break;
    case 'class':
      line(t('cards.pdf.class'), 12, true);
      line(card.classLabel, 16, true);
      break;
    case 'staff':
      line(t('cards.pdf.staff'), 14, true);
      break;
    case 'pause':
      line(t('cards.pdf.pause'), 14, true);
      line(t('cards.pdf.pauseHint'), 8);
      break;
    case 'walkup':
      line(t('cards.pdf.walkup'), 12, true);
      line(card.classLabel, 10);
      // Lines to write the child's name on the day.
      for (let i = 0; i < 2; i += 1) {
        ty += 10;
        doc
          .moveTo(tx, ty)
          .lineTo(tx + tw, ty)
          .lineWidth(0.5)
          .strokeColor('#777777')
          .stroke();
      }
      break;
  }
}

function guidance(doc: Doc, lang: Language): void {
  doc.font(FONT.regular).fontSize(8).fillColor('#333333');
  doc.text(translate(lang, 'cards.pdf.guidance'), 36, A4.height - 40, {
    width: A4.width - 72,
    align: 'center',
    lineBreak: true,
  });
  doc.fillColor('black');
}

/** The cards as one PDF (bytes), in the order given. */
export async function renderCardsPdf(sheet: CardSheet, layout: CardLayout, lang: Language): Promise<Buffer> {
  const { doc, bytes } = newDocument(translate(lang, 'cards.pdf.title'), '');
  const perPage = layout === 'single' ? 1 : COLS * ROWS;
  const left = (A4.width - COLS * CARD_W) / 2;
  const top = (A4.height - 20 - ROWS * CARD_H) / 2;
  sheet.cards.forEach((card, i) => {
    if (i % perPage === 0) {
      doc.addPage({ size: 'A4', margin: 0 });
      guidance(doc, lang);
    }
    if (layout === 'single') {
      // One card across the page: bigger code, same proportions.
      const w = A4.width - 72;
      const h = w * (CARD_H / CARD_W);
      drawCard(doc, card, sheet.schoolName, 36, 120, w, h, lang);
      return;
    }
    const at = i % perPage;
    const x = left + (at % COLS) * CARD_W;
    const y = top + Math.floor(at / COLS) * CARD_H;
    doc.save();
    doc.rect(x, y, CARD_W, CARD_H).dash(3, { space: 3 }).lineWidth(0.4).strokeColor('#999999').stroke();
    doc.undash().restore();
    drawCard(doc, card, sheet.schoolName, x, y, CARD_W, CARD_H, lang);
  });
  doc.end();
  return bytes;
}
