/**
 * Thumbnail and preview of a photo from ONE decode: the original is decoded once, straight at the
 * preview size (libjpeg's shrink-on-load does most of the downscale inside the decoder), orientation
 * applied and converted to sRGB; the preview is encoded from those pixels and the thumbnail is
 * resized from the same pixels, never from the file again.
 *
 * Preview size: a quarter of the long edge, kept between 1280 and 2048 px. For a 24 MP body
 * (6000 px) that is exactly 1500 px, so the JPEG decoder can decode at 1/4 scale (its cheapest step
 * that still leaves enough pixels) and the final resize is almost nothing; a 2048 px preview would
 * force a 1/2-scale decode (four times the pixels), about 20 % slower per photo on these machines.
 * 1500 px still fills a laptop screen for checking focus and expressions.
 *
 * RAW files are never decoded: their embedded JPEG (extracted by exiftool) is the source, oriented
 * with the RAW's own Orientation tag.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';

export const THUMB_EDGE = 320;
export const PREVIEW_MIN = 1280;
export const PREVIEW_MAX = 2048;

export const RAW_EXTENSIONS = new Set([
  'cr2',
  'cr3',
  'nef',
  'nrw',
  'arw',
  'srf',
  'sr2',
  'raf',
  'orf',
  'rw2',
  'dng',
  'pef',
  'srw',
  'x3f',
  'iiq',
  '3fr',
]);
export const IMAGE_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'heic',
  'heif',
  'hif',
  'tif',
  'tiff',
  'png',
  'webp',
  'avif',
]);

export type PhotoKind = 'jpeg' | 'raw' | 'heif' | 'tiff' | 'image' | 'other';

export function kindOf(fileName: string): PhotoKind {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  if (RAW_EXTENSIONS.has(ext)) return 'raw';
  if (ext === 'jpg' || ext === 'jpeg' || ext === 'jpe') return 'jpeg';
  if (ext === 'heic' || ext === 'heif' || ext === 'hif') return 'heif';
  if (ext === 'tif' || ext === 'tiff') return 'tiff';
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  return 'other';
}

export function previewEdgeFor(longEdge: number): number {
  return Math.min(longEdge, Math.max(PREVIEW_MIN, Math.min(PREVIEW_MAX, Math.floor(longEdge / 4))));
}

export function cachePaths(jobDir: string, photoId: string): { thumb: string; preview: string } {
  return {
    thumb: path.join(jobDir, 'cache', 'thumb', `${photoId}.jpg`),
    preview: path.join(jobDir, 'cache', 'preview', `${photoId}.jpg`),
  };
}

/**
 * EXIF orientation → the mirror and rotation that display the stored pixels upright. sharp applies
 * flip/flop before the rotation, whatever the call order: 5 (transpose) is a mirror then 270°,
 * 7 (transverse) a mirror then 90°.
 */
function orient(image: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.rotate(270).flop();
    case 6:
      return image.rotate(90);
    case 7:
      return image.rotate(90).flop();
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}

export interface DerivativeResult {
  width: number;
  height: number;
}

/** A decoding failure with the reason to show for this file (the ingest goes on). */
export class UnreadableImageError extends Error {
  constructor(
    readonly reasonKey:
      | 'ingest.unreadable.empty'
      | 'ingest.unreadable.notImage'
      | 'ingest.unreadable.corrupt'
      | 'ingest.unreadable.unsupported'
      | 'ingest.unreadable.noPreview',
    readonly detail: string,
  ) {
    super(`${reasonKey}: ${detail}`);
    this.name = 'UnreadableImageError';
  }
}

/**
 * Writes the thumbnail and preview of `input` (a file path, or the embedded JPEG of a RAW) into the
 * job's cache. `size` is the stored pixel size when known (it picks the preview size).
 */
export async function makeDerivatives(
  input: string | Buffer,
  orientation: number,
  targets: { thumb: string; preview: string },
): Promise<DerivativeResult> {
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    const meta = await sharp(input).metadata();
    const longEdge = Math.max(meta.width, meta.height);
    const edge = previewEdgeFor(longEdge);
    // failOn 'error': a truncated JPEG is refused rather than shown half grey.
    decoded = await orient(sharp(input, { failOn: 'error', sequentialRead: true }), orientation)
      .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    // "unsupported image format", libheif's "Unsupported codec" (HEVC HEIC without a decoder)…
    if (/unsupported|not a known file format|no decoder/i.test(message))
      throw new UnreadableImageError('ingest.unreadable.unsupported', message);
    throw new UnreadableImageError('ingest.unreadable.corrupt', message);
  }
  const { data, info } = decoded;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [preview, thumb] = await Promise.all([
    sharp(data, raw).jpeg({ quality: 82, mozjpeg: false }).toBuffer(),
    sharp(data, raw)
      .resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78 })
      .toBuffer(),
  ]);
  await ensurePrivateDir(path.dirname(targets.thumb));
  await ensurePrivateDir(path.dirname(targets.preview));
  // Derivatives can always be rebuilt from the original: atomic, but no directory fsync needed
  // beyond what writeFileAtomic does.
  await writeFileAtomic(targets.thumb, thumb);
  await writeFileAtomic(targets.preview, preview);
  return { width: info.width, height: info.height };
}

/** Writes the camera's embedded thumbnail as the photo's thumbnail until the real one is made. */
export async function writePlaceholderThumb(
  jpeg: Buffer,
  orientation: number,
  target: string,
): Promise<void> {
  const data =
    orientation === 1
      ? jpeg
      : await orient(sharp(jpeg, { failOn: 'error' }), orientation)
          .jpeg()
          .toBuffer();
  if (orientation === 1) await sharp(jpeg, { failOn: 'error' }).metadata(); // refuse a damaged one
  await ensurePrivateDir(path.dirname(target));
  await writeFileAtomic(target, data);
}
