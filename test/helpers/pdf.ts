/**
 * Reads back the PDFs the app writes, with pdf.js from npm (no poppler on the machine needed): the
 * text of each page as lines (items on the same baseline joined left to right, as a reader sees
 * them), the page count and size, the document's metadata, a page rendered to PNG so a test can
 * save it to be looked at or decode a QR code from it, and the raster images a page draws (what
 * poppler's pdfimages extracts), decoded to pixels.
 */
import { readFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import {
  getDocument,
  ImageKind,
  OPS,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';

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

/** One raster image drawn on a page, decoded: raw pixels, row by row, `channels` bytes per pixel. */
export interface PdfImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Buffer;
}

interface DecodedImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** pdf.js keeps 1-bit images packed (8 pixels a byte, rows padded to a byte): one byte per pixel here. */
function unpackBits(image: DecodedImage & { data: Uint8Array | Uint8ClampedArray }): Buffer {
  const out = Buffer.alloc(image.width * image.height);
  const rowBytes = Math.ceil(image.width / 8);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const bit = ((image.data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      out[y * image.width + x] = bit ? 255 : 0;
    }
  }
  return out;
}

function toPdfImage(image: DecodedImage): PdfImage | undefined {
  if (!image.data) return undefined;
  const data = image.data;
  switch (image.kind) {
    case ImageKind.GRAYSCALE_1BPP:
      return { width: image.width, height: image.height, channels: 1, data: unpackBits({ ...image, data }) };
    case ImageKind.RGB_24BPP:
      return { width: image.width, height: image.height, channels: 3, data: Buffer.from(data) };
    case ImageKind.RGBA_32BPP:
      return { width: image.width, height: image.height, channels: 4, data: Buffer.from(data) };
    default:
      return undefined;
  }
}

/**
 * The raster images page `pageNumber` (1-based) draws, in drawing order, decoded to pixels at their
 * own size (not the size they are drawn at): what `pdfimages` extracts, as a test compares them.
 * Image masks (stencils) are not images of their own and are left out.
 */
export async function pdfImages(file: string, pageNumber: number): Promise<PdfImage[]> {
  const doc = await open(file);
  try {
    const page = await doc.getPage(pageNumber);
    const ops = await page.getOperatorList();
    const objectOf = (id: string) =>
      new Promise<DecodedImage>((resolve) => {
        (id.startsWith('g_') ? page.commonObjs : page.objs).get(id, (data: unknown) =>
          resolve(data as DecodedImage),
        );
      });
    const images: PdfImage[] = [];
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      let decoded: DecodedImage | undefined;
      let times = 1;
      if (fn === OPS.paintImageXObject) decoded = await objectOf(args[0] as string);
      else if (fn === OPS.paintImageXObjectRepeat) {
        decoded = await objectOf(args[0] as string);
        times = ((args[3] as ArrayLike<number> | undefined)?.length ?? 2) / 2;
      } else if (fn === OPS.paintInlineImageXObject) decoded = args[0] as DecodedImage;
      const image = decoded && toPdfImage(decoded);
      for (let n = 0; image && n < times; n++) images.push(image);
    }
    return images;
  } finally {
    await doc.destroy();
  }
}
