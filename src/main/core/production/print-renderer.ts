/**
 * The print engine: an original read once and checked against its ingest SHA-256 while it is read
 * (a damaged job copy falls back to an intact backup copy, never to the preview), decoded once —
 * EXIF orientation, then the proofing rotation — into pixels kept in memory, and every print of
 * that photo cut from those pixels: the crop stored for the print's ratio, resized to the print's
 * pixel size, 8-bit sRGB with its ICC profile, high-quality JPEG, no personal metadata (nothing of
 * the original's EXIF, XMP or IPTC is copied). Small formats sold several times are imposed on a
 * lab sheet with thin cut lines.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { PrintFormat } from '../../../shared/domain/price-list';
import { printPixels, sheetGrid } from '../../../shared/domain/production';
import type { CropRect, Rotation } from '../../../shared/domain/proofing';

export interface ReadOriginal {
  bytes: Buffer;
  /** The backup copy read because the job's own copy no longer held the ingest bytes, or null. */
  fromBackup: string | null;
}

export type OriginalProblem = { problem: 'damaged' | 'missing'; file: string };

/**
 * The original's bytes, proven to be those hashed at ingest: the job's copy first, then each other
 * registered copy. Damaged when a copy exists but none matches, missing when none can be read.
 */
export async function readOriginal(
  jobCopy: string,
  otherCopies: readonly string[],
  sha256: string,
): Promise<ReadOriginal | OriginalProblem> {
  let found = false;
  for (const file of [jobCopy, ...otherCopies.filter((c) => c !== jobCopy)]) {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch {
      continue;
    }
    found = true;
    if (createHash('sha256').update(bytes).digest('hex') === sha256)
      return { bytes, fromBackup: file === jobCopy ? null : file };
  }
  return { problem: found ? 'damaged' : 'missing', file: jobCopy };
}

/** An original as pixels, oriented as the photo is shown (EXIF orientation, then the proofing rotation). */
export interface Decoded {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

/** Counts decodes so a run (and its benchmark) can prove one decode per original. */
export interface DecodeCounter {
  decodes: number;
}

export async function decodeOriginal(
  bytes: Buffer,
  rotation: Rotation,
  counter?: DecodeCounter,
): Promise<Decoded> {
  if (counter) counter.decodes += 1;
  const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: 200_000_000 })
    .autoOrient()
    .rotate(rotation)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** A centred crop at the format's proportions, in the photo's orientation (fractions of the photo). */
export function centredCrop(format: PrintFormat, width: number, height: number): CropRect {
  const value = Math.max(format.widthCm, format.heightCm) / Math.min(format.widthCm, format.heightCm);
  const aspect = width >= height ? value : 1 / value;
  const photoAspect = width / height;
  if (photoAspect > aspect) {
    const w = aspect / photoAspect;
    return { x: (1 - w) / 2, y: 0, w, h: 1 };
  }
  const h = photoAspect / aspect;
  return { x: 0, y: (1 - h) / 2, w: 1, h };
}

/** The crop in pixels of the decoded image (inside it, at least 1 × 1). */
export function cropPixels(d: Pick<Decoded, 'width' | 'height'>, rect: CropRect) {
  const left = Math.min(d.width - 1, Math.max(0, Math.round(rect.x * d.width)));
  const top = Math.min(d.height - 1, Math.max(0, Math.round(rect.y * d.height)));
  const width = Math.max(1, Math.min(d.width - left, Math.round(rect.w * d.width)));
  const height = Math.max(1, Math.min(d.height - top, Math.round(rect.h * d.height)));
  return { left, top, width, height };
}

/** Output size of a print of `format` for a crop: landscape when the crop is. */
export function printSize(crop: { width: number; height: number }, format: PrintFormat, ppi: number) {
  const px = printPixels(format, ppi);
  return crop.width > crop.height
    ? { width: px.long, height: px.short }
    : { width: px.short, height: px.long };
}

function pixels(d: Decoded) {
  return sharp(d.data, { raw: { width: d.width, height: d.height, channels: d.channels } });
}

function jpeg(image: Sharp, quality: number): Promise<Buffer> {
  // 4:4:4 keeps thin coloured edges (a red sweater, text on a board) as sharp as the lab prints them.
  return image
    .withIccProfile('srgb')
    .jpeg({ quality, chromaSubsampling: '4:4:4', mozjpeg: false })
    .toBuffer();
}

/** One print: the crop of the decoded image at the print's pixel size, as JPEG. */
export async function renderPrint(
  d: Decoded,
  stored: CropRect | null,
  format: PrintFormat,
  ppi: number,
  quality: number,
): Promise<Buffer> {
  const rect = stored ?? centredCrop(format, d.width, d.height);
  const crop = cropPixels(d, rect);
  const size = printSize(crop, format, ppi);
  return jpeg(
    pixels(d).extract(crop).resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' }),
    quality,
  );
}

/** Pixels of a print, upright in the sheet's cells (turned a quarter when the crop is the other way). */
async function cellPixels(d: Decoded, rect: CropRect, cellW: number, cellH: number): Promise<Buffer> {
  const crop = cropPixels(d, rect);
  const turn = crop.height >= crop.width !== cellH >= cellW;
  // Cut and size first, then turn in a second pipeline: sharp would otherwise rotate before extracting.
  const sized = await pixels(d)
    .extract(crop)
    .resize(turn ? cellH : cellW, turn ? cellW : cellH, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  if (!turn) return sized;
  return sharp(sized, { raw: { width: cellH, height: cellW, channels: 3 } })
    .rotate(90)
    .raw()
    .toBuffer();
}

/**
 * A lab sheet (portrait) with `count` identical prints of `format` in a grid and thin grey cut lines
 * between them; cells beyond `count` stay white.
 */
export async function renderSheet(
  d: Decoded,
  stored: CropRect | null,
  format: PrintFormat,
  sheet: PrintFormat,
  count: number,
  ppi: number,
  quality: number,
): Promise<Buffer> {
  const sheetPx = printPixels(sheet, ppi);
  const grid = sheetGrid(format, sheet);
  const cell = printPixels(format, ppi);
  const cellW = grid.turned ? cell.long : cell.short;
  const cellH = grid.turned ? cell.short : cell.long;
  const tile = await cellPixels(d, stored ?? centredCrop(format, d.width, d.height), cellW, cellH);
  const composites: OverlayOptions[] = [];
  for (let i = 0; i < Math.min(count, grid.cols * grid.rows); i += 1)
    composites.push({
      input: tile,
      raw: { width: cellW, height: cellH, channels: 3 },
      left: (i % grid.cols) * cellW,
      top: Math.floor(i / grid.cols) * cellH,
    });
  const lines: string[] = [];
  for (let c = 1; c < grid.cols; c += 1)
    lines.push(`<rect x="${c * cellW - 1}" y="0" width="2" height="${sheetPx.long}" fill="#9a9a9a"/>`);
  for (let r = 1; r < grid.rows; r += 1)
    lines.push(`<rect x="0" y="${r * cellH - 1}" width="${sheetPx.short}" height="2" fill="#9a9a9a"/>`);
  if (lines.length > 0)
    composites.push({
      input: Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${sheetPx.short}" height="${sheetPx.long}">${lines.join('')}</svg>`,
      ),
      left: 0,
      top: 0,
    });
  const canvas = sharp({
    create: {
      width: sheetPx.short,
      height: sheetPx.long,
      channels: 3,
      background: { r: 255, g: 255, b: 255 },
    },
  }).composite(composites);
  // Composite into flat pixels first (the SVG of cut lines brings an alpha channel, dropped here),
  // so the ICC conversion and the encoder see the final RGB sheet only.
  const flat = await canvas.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return jpeg(
    sharp(flat.data, {
      raw: { width: flat.info.width, height: flat.info.height, channels: flat.info.channels },
    }),
    quality,
  );
}

/** What `shrinkForPrints` needs of a planned file. */
export interface PrintNeed {
  kind: string;
  format: PrintFormat | null;
  rect: CropRect | null;
}

/**
 * The decoded pixels shrunk once to the scale the most demanding print of the photo needs (never
 * enlarged): crops are fractions of the photo, so they stay where they were. Resampling 24 MP
 * for every print would cost as much as the decode each time.
 */
export async function shrinkForPrints(
  d: Decoded,
  prints: readonly PrintNeed[],
  ppi: number,
): Promise<Decoded> {
  let scale = 0;
  for (const p of prints) {
    if (p.kind === 'digital' || !p.format) continue;
    const rect = p.rect ?? centredCrop(p.format, d.width, d.height);
    const crop = cropPixels(d, rect);
    const px = printPixels(p.format, ppi);
    scale = Math.max(
      scale,
      px.long / Math.max(crop.width, crop.height),
      px.short / Math.min(crop.width, crop.height),
    );
  }
  // A margin of resolution for the final resampling; nothing to gain under 20 % smaller.
  scale = Math.min(1, scale * 1.1);
  if (scale === 0 || scale > 0.8) return d;
  const width = Math.max(1, Math.round(d.width * scale));
  const height = Math.max(1, Math.round(d.height * scale));
  const data = await pixels(d).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  return { data, width, height, channels: 3 };
}

/** A digital file: the whole photo as shown (rotation applied, no crop), full resolution. */
export function renderDigital(d: Decoded, quality: number): Promise<Buffer> {
  return jpeg(pixels(d), quality);
}
