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
import sharp, { type Sharp } from 'sharp';
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
  /** Originals whose digital file was delivered without re-encoding (see digital-file.ts). */
  asShot?: number;
}

export async function decodeOriginal(
  bytes: Buffer,
  rotation: Rotation,
  counter?: DecodeCounter,
): Promise<Decoded> {
  if (counter) counter.decodes += 1;
  const { data, info } = await decoder(bytes, rotation).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** Larger than any camera's frame (a 200 MP medium format), so a hostile file cannot exhaust memory. */
const INPUT_PIXEL_LIMIT = 200_000_000;

/** An original turned upright (EXIF orientation, then the proofing rotation), as 8-bit sRGB. */
function decoder(bytes: Buffer, rotation: Rotation): Sharp {
  return sharp(bytes, { failOn: 'error', limitInputPixels: INPUT_PIXEL_LIMIT })
    .autoOrient()
    .rotate(rotation)
    .toColourspace('srgb')
    .removeAlpha();
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

/** Grey of the cut lines between the prints of a lab sheet. */
const CUT_LINE = 0x9a;

/**
 * A lab sheet (portrait) with `count` identical prints of `format` in a grid and thin grey cut lines
 * between them; cells beyond `count` stay white. The sheet is laid out directly in pixels (the
 * print is resampled once, copied into its cells row by row) and encoded once.
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
  const width = sheetPx.short;
  const height = sheetPx.long;
  const data = Buffer.alloc(width * height * 3, 0xff);
  const rowBytes = Math.min(cellW, width) * 3;
  for (let i = 0; i < Math.min(count, grid.cols * grid.rows); i += 1) {
    const left = (i % grid.cols) * cellW;
    const top = Math.floor(i / grid.cols) * cellH;
    for (let y = 0; y < cellH && top + y < height; y += 1)
      tile.copy(
        data,
        ((top + y) * width + left) * 3,
        y * cellW * 3,
        y * cellW * 3 + Math.min(rowBytes, (width - left) * 3),
      );
  }
  // Cut lines 2 px wide, centred on each boundary between cells, across the whole sheet.
  for (let c = 1; c < grid.cols; c += 1)
    for (let y = 0; y < height; y += 1)
      data.fill(CUT_LINE, (y * width + c * cellW - 1) * 3, (y * width + c * cellW + 1) * 3);
  for (let r = 1; r < grid.rows; r += 1)
    data.fill(CUT_LINE, (r * cellH - 1) * width * 3, (r * cellH + 1) * width * 3);
  return jpeg(sharp(data, { raw: { width, height, channels: 3 } }), quality);
}

/** What `shrinkForPrints` needs of a planned file. */
export interface PrintNeed {
  kind: string;
  format: PrintFormat | null;
  rect: CropRect | null;
}

/**
 * The scale (≤ 1) at which a photo of `width` × `height` keeps enough pixels for the most demanding
 * of its prints, with a margin for the final resampling; 1 when shrinking would gain little (under
 * 20 %) or when nothing but digital files is asked.
 */
export function printScale(width: number, height: number, prints: readonly PrintNeed[], ppi: number): number {
  let scale = 0;
  for (const p of prints) {
    if (p.kind === 'digital' || !p.format) continue;
    const rect = p.rect ?? centredCrop(p.format, width, height);
    const crop = cropPixels({ width, height }, rect);
    const px = printPixels(p.format, ppi);
    scale = Math.max(
      scale,
      px.long / Math.max(crop.width, crop.height),
      px.short / Math.min(crop.width, crop.height),
    );
  }
  scale = Math.min(1, scale * 1.1);
  return scale === 0 || scale > 0.8 ? 1 : scale;
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
  const scale = printScale(d.width, d.height, prints, ppi);
  if (scale === 1) return d;
  const width = Math.max(1, Math.round(d.width * scale));
  const height = Math.max(1, Math.round(d.height * scale));
  const data = await pixels(d).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  return { data, width, height, channels: 3 };
}

/**
 * Decoded and shrunk in one pass, for a photo without digital files: the same pixels as
 * `shrinkForPrints(decodeOriginal(…))`, without holding the full-size image in memory.
 */
export async function decodeForPrints(
  bytes: Buffer,
  rotation: Rotation,
  prints: readonly PrintNeed[],
  ppi: number,
  counter?: DecodeCounter,
): Promise<Decoded> {
  const meta = await sharp(bytes, { failOn: 'error', limitInputPixels: INPUT_PIXEL_LIMIT }).metadata();
  const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
  const quarter = rotation === 90 || rotation === 270;
  const fullW = quarter ? oriented.height : oriented.width;
  const fullH = quarter ? oriented.width : oriented.height;
  const scale = fullW && fullH ? printScale(fullW, fullH, prints, ppi) : 1;
  if (scale === 1) return decodeOriginal(bytes, rotation, counter);
  if (counter) counter.decodes += 1;
  const width = Math.max(1, Math.round(fullW * scale));
  const height = Math.max(1, Math.round(fullH * scale));
  const { data, info } = await decoder(bytes, rotation)
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** A digital file: the whole photo as shown (rotation applied, no crop), full resolution. */
export function renderDigital(d: Decoded, quality: number): Promise<Buffer> {
  return jpeg(pixels(d), quality);
}
