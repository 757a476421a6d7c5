/**
 * The shoot-day list as an A4 PDF: one section per class, students in roster order, a loud red
 * « REFUSÉ — ne pas photographier » on every child whose photo consent is refused or withdrawn, an
 * amber « EN ATTENTE — récupérer le formulaire le jour J » on every child whose form is missing (the
 * two are not the same job on the day), the counts of both in each class's header, and an empty
 * box per student to tick absences by hand. Built in memory and written atomically: a half-printed list is
 * worse than none. Uses the PDF standard fonts (WinAnsi), which cover French names.
 */
import PDFDocument from 'pdfkit';
import type { Language } from '../../../shared/domain/settings';
import type { ShootList } from '../../../shared/domain/roster';
import { shootDayCounts, shootDayMark } from '../../../shared/domain/consent';
import { formatDate, translate } from '../../../shared/i18n';
import { writeFileAtomic } from '../../lib/atomic';

export interface ShootListHeader {
  schoolName: string;
  town: string;
  schoolYear: string;
  shootDates: string[];
}

const A4_WIDTH = 595.28;
const MARGIN = 40;
const ROW = 20;
const RED = '#b00020';
const AMBER = '#8a5300';
/** Row background and text colour of each mark: red for « do not photograph », amber for « collect the form ». */
const MARK_STYLE = {
  refused: { fill: '#fde2e4', text: RED },
  withdrawn: { fill: '#fde2e4', text: RED },
  pending: { fill: '#fff1d6', text: AMBER },
} as const;

const COLUMNS = [
  { key: 'order', width: 28 },
  { key: 'familyName', width: 145 },
  { key: 'firstName', width: 115 },
  { key: 'absent', width: 44 },
  { key: 'notes', width: A4_WIDTH - 2 * MARGIN - 332 },
] as const;

export function renderShootListPdf(
  lists: ShootList[],
  header: ShootListHeader,
  lang: Language,
): Promise<Buffer> {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) =>
    translate(lang, key, params);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: t('shootList.title'), Creator: 'Préau Studio' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const bottom = () => doc.page.height - MARGIN - 20;

  /** Draws one line in a cell: long names shrink a little, then are cut with « … », never wrapped over the next row. */
  const cell = (value: string, x: number, y: number, width: number, size = 10) => {
    let fontSize = size;
    doc.fontSize(fontSize);
    while (doc.widthOfString(value) > width && fontSize > 7) doc.fontSize((fontSize -= 0.5));
    let shown = value;
    while (shown.length > 1 && doc.widthOfString(shown) > width) shown = `${shown.slice(0, -2)}…`;
    doc.text(shown, x, y + (size - fontSize) / 2, { lineBreak: false });
    doc.fontSize(size);
  };

  const tableHeader = () => {
    const y = doc.y;
    doc.rect(MARGIN, y, A4_WIDTH - 2 * MARGIN, ROW).fill('#e8e8e8');
    doc.fillColor('black').font('Helvetica-Bold').fontSize(9);
    let x = MARGIN;
    const labels: Record<(typeof COLUMNS)[number]['key'], string> = {
      order: t('shootList.col.order'),
      familyName: t('shootList.col.familyName'),
      firstName: t('shootList.col.firstName'),
      absent: t('shootList.col.absent'),
      notes: t('shootList.col.notes'),
    };
    for (const c of COLUMNS) {
      doc.text(labels[c.key], x + 4, y + 6, { width: c.width - 8, lineBreak: false });
      x += c.width;
    }
    doc.y = y + ROW;
  };

  lists.forEach((list, index) => {
    if (index > 0) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(16).fillColor('black');
    doc.text(t('shootList.heading', { class: list.classLabel }), MARGIN, MARGIN);
    doc.font('Helvetica').fontSize(10);
    const dates = header.shootDates.map((d) => formatDate(lang, d)).join(', ');
    doc.text(
      [header.schoolName, header.town, header.schoolYear, dates ? t('shootList.dates', { dates }) : '']
        .filter(Boolean)
        .join(' — '),
    );
    if (list.staff.length > 0)
      doc.text(`${t('shootList.staff')} ${list.staff.map((s) => s.name).join(', ')}`);
    const counts = shootDayCounts(list.rows);
    doc.moveDown(0.3);
    doc.font('Helvetica-Bold').text(t('shootList.summary', { students: list.rows.length, ...counts }));
    doc.moveDown(0.6);
    tableHeader();

    list.rows.forEach((row, i) => {
      if (doc.y + ROW > bottom()) {
        doc.addPage();
        doc.font('Helvetica-Bold').fontSize(10).fillColor('black');
        doc.text(t('shootList.continued', { class: list.classLabel }), MARGIN, MARGIN);
        doc.moveDown(0.4);
        tableHeader();
      }
      const y = doc.y;
      const mark = shootDayMark(row.photoStatus);
      if (mark) doc.rect(MARGIN, y, A4_WIDTH - 2 * MARGIN, ROW).fill(MARK_STYLE[mark].fill);
      else if (i % 2 === 1) doc.rect(MARGIN, y, A4_WIDTH - 2 * MARGIN, ROW).fill('#f6f6f6');
      let x = MARGIN;
      doc.fillColor('black').font('Helvetica').fontSize(10);
      for (const c of COLUMNS) {
        switch (c.key) {
          case 'order':
            doc.text(String(row.order), x + 4, y + 6, { width: c.width - 8, lineBreak: false });
            break;
          case 'familyName':
            doc.font('Helvetica-Bold');
            cell(row.familyName, x + 4, y + 6, c.width - 8);
            doc.font('Helvetica');
            break;
          case 'firstName':
            cell(row.firstName, x + 4, y + 6, c.width - 8);
            break;
          case 'absent':
            doc
              .lineWidth(1)
              .strokeColor('black')
              .rect(x + c.width / 2 - 6, y + 4, 12, 12)
              .stroke();
            break;
          case 'notes':
            if (mark) {
              // « REFUSÉ » in bold, then what to do, on the student's own line (shrunk, never wrapped).
              const [status = '', todo = ''] = t(`shootList.${mark}`).split(' — ');
              doc.fillColor(MARK_STYLE[mark].text).font('Helvetica-Bold').fontSize(9);
              doc.text(status, x + 4, y + 6, { lineBreak: false });
              const used = doc.widthOfString(status) + 4;
              doc.font('Helvetica');
              cell(`— ${todo}`, x + 4 + used, y + 6.8, c.width - 8 - used, 7.5);
              doc.fillColor('black').font('Helvetica').fontSize(10);
            } else if (row.classPhotoStatus !== 'allowed') {
              doc.fontSize(8).text(t('shootList.noClassPhoto'), x + 4, y + 6, {
                width: c.width - 8,
                lineBreak: false,
              });
              doc.fontSize(10);
            }
            break;
        }
        x += c.width;
      }
      doc
        .lineWidth(0.5)
        .strokeColor('#bbbbbb')
        .moveTo(MARGIN, y + ROW)
        .lineTo(A4_WIDTH - MARGIN, y + ROW)
        .stroke();
      doc.y = y + ROW;
    });
    if (list.rows.length === 0) {
      doc.moveDown(0.5);
      doc.font('Helvetica').fontSize(10).text(t('shootList.empty'), MARGIN);
    }
  });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#666666');
    doc.text(
      t('shootList.page', { page: i + 1, pages: range.count }),
      MARGIN,
      doc.page.height - MARGIN - 10,
      {
        width: A4_WIDTH - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      },
    );
  }
  doc.end();
  return done;
}

export async function writeShootListPdf(
  target: string,
  lists: ShootList[],
  header: ShootListHeader,
  lang: Language,
): Promise<void> {
  await writeFileAtomic(target, await renderShootListPdf(lists, header, lang));
}
