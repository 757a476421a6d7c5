/**
 * Common ground of the family and treasurer PDFs: an A4 pdfkit document with embedded DejaVu fonts
 * (the standard 14 PDF fonts only cover WinAnsi: no Polish ł, Romanian ș, Turkish ğ, Vietnamese ơ,
 * nor the narrow no-break space French money formatting uses), built in memory. The font files ship
 * with the app (`src/main/assets/fonts`, copied to `dist/main/assets/fonts` by the build); pdfkit
 * embeds only the glyphs used, so a form stays small.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export const FONT = { regular: 'Body', bold: 'Body-Bold', code: 'Code' } as const;

const FILES = {
  [FONT.regular]: 'DejaVuSans.ttf',
  [FONT.bold]: 'DejaVuSans-Bold.ttf',
  [FONT.code]: 'DejaVuSansMono-Bold.ttf',
} as const;

function moduleDir(): string {
  // ESM (CLI, tests) has import.meta.url; the Electron main bundle is CommonJS and has __dirname.
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/** The fonts folder: next to the bundle in dist/, or in the sources when run from them. */
export function fontsDir(): string {
  const here = moduleDir();
  const candidates = [
    process.env.PREAU_FONTS_DIR,
    path.join(here, 'assets', 'fonts'),
    path.resolve(here, '..', '..', 'assets', 'fonts'),
  ].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => existsSync(path.join(c, FILES[FONT.regular])));
  if (!found) throw new Error(`Fonts not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** A parsed font as pdfkit holds it (a fontkit font): anything with `layout` is accepted by `registerFont`. */
type ParsedFont = { layout: (...args: never[]) => unknown };

let fontCache: Map<string, ParsedFont> | undefined;

/**
 * The fonts, parsed once per process. pdfkit parses a font file again for every document (~20 ms
 * each for DejaVu) and `registerFont` also accepts an already parsed font, so the parsed fonts of a
 * first document are kept and handed to every later one.
 */
function fonts(): Map<string, ParsedFont> {
  if (!fontCache) {
    const dir = fontsDir();
    const probe = new PDFDocument({ autoFirstPage: false });
    fontCache = new Map();
    for (const [name, file] of Object.entries(FILES)) {
      probe.registerFont(name, readFileSync(path.join(dir, file)));
      probe.font(name);
      // pdfkit keeps the parsed font of its current font object in `font` (not in its typings).
      const parsed = (probe as unknown as { _font: { font: ParsedFont } })._font.font;
      fontCache.set(name, parsed);
    }
  }
  return fontCache;
}

export type Doc = PDFKit.PDFDocument;

export const A4 = { width: 595.28, height: 841.89 } as const;

/** A new A4 document with the fonts registered, and a promise of its bytes once `doc.end()` is called. */
export function newDocument(title: string, author: string): { doc: Doc; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 36,
    autoFirstPage: false,
    compress: true,
    // Neutral metadata: nothing names the studio or the photographer (circulaire 2003-091).
    info: { Title: title, Author: author, Creator: '', Producer: '' },
  });
  for (const [name, parsed] of fonts()) doc.registerFont(name, parsed as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}

/** Writes one line in `width`, shrinking then cutting with « … » rather than wrapping onto what is below. */
export function fitText(
  doc: Doc,
  value: string,
  x: number,
  y: number,
  width: number,
  size: number,
  options: PDFKit.Mixins.TextOptions = {},
): void {
  let fontSize = size;
  doc.fontSize(fontSize);
  while (doc.widthOfString(value) > width && fontSize > size * 0.7) doc.fontSize((fontSize -= 0.5));
  let shown = value;
  while (shown.length > 1 && doc.widthOfString(shown) > width) shown = `${shown.slice(0, -2)}…`;
  doc.text(shown, x, y + (size - fontSize) / 2, { ...options, width, lineBreak: false });
  doc.fontSize(size);
}

/**
 * A QR code drawn as vectors (sharp at any print size), `size` points square, quiet zone included:
 * one rectangle per horizontal run of dark modules, a third of the drawing operations.
 * `level` is the error correction (Q for cards photographed in a hand, M for paper read by a
 * scanner); `quiet` the margin in modules (4 is the standard's, 2 enough where white surrounds it).
 */
export function drawQr(
  doc: Doc,
  text: string,
  at: { x: number; y: number; size: number },
  options: { level: 'M' | 'Q'; quiet: number },
): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: options.level });
  const n = qr.modules.size;
  const { quiet } = options;
  const cell = at.size / (n + 2 * quiet);
  doc.rect(at.x, at.y, at.size, at.size).fill('white');
  for (let r = 0; r < n; r += 1) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c += 1;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c += 1;
      doc.rect(at.x + (start + quiet) * cell, at.y + (r + quiet) * cell, (c - start) * cell, cell);
    }
  }
  doc.fill('black');
}

/** Quiet zone on each side of a Code 128 barcode, in modules (the standard asks for at least 10). */
const CODE128_QUIET = 10;

/**
 * A Code 128 barcode drawn as vectors, `width` × `height` points, quiet zones included: what the
 * handheld laser and CCD scanners of a packing table read (most of them read no QR code). The bars
 * come from bwip-js (the symbology, its character sets and check digit); bars only, no text.
 * Returns false, drawing nothing, for a text Code 128 cannot hold (beyond ASCII, or empty).
 */
export function drawCode128(
  doc: Doc,
  text: string,
  at: { x: number; y: number; width: number; height: number },
): boolean {
  let widths: number[];
  try {
    // The default export's raw() gives bars and spaces; the module's named `raw` is another symbology.
    const [symbol] = bwipjs.raw('code128', text, {});
    widths = symbol && 'sbs' in symbol ? symbol.sbs : [];
  } catch {
    return false;
  }
  if (widths.length === 0) return false;
  const modules = widths.reduce((a, b) => a + b, 0);
  const unit = at.width / (modules + 2 * CODE128_QUIET);
  doc.rect(at.x, at.y, at.width, at.height).fill('white');
  let x = at.x + CODE128_QUIET * unit;
  widths.forEach((w, i) => {
    // Bars and spaces alternate, starting with a bar.
    if (i % 2 === 0) doc.rect(x, at.y, w * unit, at.height);
    x += w * unit;
  });
  doc.fill('black');
  return true;
}
