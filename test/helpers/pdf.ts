/**
 * Reads back the PDFs the app writes, with pdf.js from npm (no poppler on the machine needed): the
 * text of each page as lines (items on the same baseline joined left to right, as a reader sees
 * them), the page count and size, the document's metadata, and a page rendered to PNG so a test can
 * save it to be looked at or decode a QR code from it.
 */
import { readFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
}

async function open(file: string): Promise<PDFDocumentProxy> {
  const data = new Uint8Array(await readFile(file));
  return getDocument({ data, verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
}

/** French money uses narrow no-break spaces (12,50 €); tests compare with plain spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, ' ');
}

/** Groups a page's text items into lines: same baseline (within 2 pt), sorted by x, gaps as spaces. */
function linesOf(items: readonly TextItemLike[]): string[] {
  const rows: { y: number; parts: { x: number; end: number; str: string }[] }[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    let row = rows.find((r) => Math.abs(r.y - y) <= 2);
    if (!row) {
      row = { y, parts: [] };
      rows.push(row);
    }
    row.parts.push({ x, end: x + item.width, str: item.str });
  }
  rows.sort((a, b) => b.y - a.y);
  return rows.map((row) => {
    row.parts.sort((a, b) => a.x - b.x);
    let line = '';
    let end = -Infinity;
    for (const part of row.parts) {
      if (line && part.x - end > 1 && !line.endsWith(' ') && !part.str.startsWith(' ')) line += ' ';
      line += part.str;
      end = part.end;
    }
    return line.trimEnd();
  });
}

/** The text of every page, one string per page, lines separated by "\n". */
export async function pdfPages(file: string): Promise<string[]> {
  const doc = await open(file);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(linesOf(content.items as TextItemLike[]).join('\n'));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The whole document's text (pages separated by a form feed, as pdftotext does). */
export async function pdfText(file: string): Promise<string> {
  return (await pdfPages(file)).join('\f');
}

export interface PdfInfo {
  pages: number;
  /** Size of each page in PDF points (1/72 inch); A4 is 595.28 × 841.89. */
  sizes: { width: number; height: number }[];
  title?: string;
  author?: string;
  creator?: string;
  producer?: string;
}

export async function pdfInfo(file: string): Promise<PdfInfo> {
  const doc = await open(file);
  try {
    const sizes: PdfInfo['sizes'] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = (await doc.getPage(n)).view;
      sizes.push({ width: x1 - x0, height: y1 - y0 });
    }
    const meta = (await doc.getMetadata()).info as Record<string, unknown>;
    const str = (key: string) => (typeof meta[key] === 'string' ? meta[key] : undefined);
    const info: PdfInfo = { pages: doc.numPages, sizes };
    for (const [key, field] of [
      ['Title', 'title'],
      ['Author', 'author'],
      ['Creator', 'creator'],
      ['Producer', 'producer'],
    ] as const) {
      const value = str(key);
      if (value !== undefined) info[field] = value;
    }
    return info;
  } finally {
    await doc.destroy();
  }
}

/** Renders one page (1-based) to PNG at `dpi` (72 = one pixel per point). */
export async function renderPdfPage(file: string, pageNumber = 1, dpi = 100): Promise<Buffer> {
  const doc = await open(file);
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js is typed against the DOM canvas; @napi-rs/canvas implements the same 2D API in Node.
    const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<
      PDFPageProxy['render']
    >[0];
    await page.render(params).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await doc.destroy();
  }
}
