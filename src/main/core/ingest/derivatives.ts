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
 *
 * HEIF/HEIC (and AVIF, the same container) are decoded once by libheif in a worker thread
 * (`heif-decoder.ts`); the preview and thumbnail are made from those RGBA pixels. libheif applies the
 * container's rotation and mirror (irot/imir) while decoding, as the HEIF standard asks readers to,
 * and every HEIF reader ignores the EXIF Orientation tag: so no orientation is applied again here.
 * Only when libheif has no decoder for the codec (AV1) is the image library tried.
 *
 * A failure is told in words: « endommagée » only when the bytes are damaged, « format non pris en
 * charge » naming the format or codec when nothing here decodes it, and never with a file path.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import type { FramePixels } from './frame-codes.port';
import { jobPaths } from '../jobs/job-paths';
import { heifDecoders, HeifDecodeError, type DecodedRgba } from './heif-decoder';

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
  'jxl',
]);

/** The HEIF family: one container (ISO BMFF), decoded by libheif. */
export const HEIF_EXTENSIONS = new Set(['heic', 'heif', 'hif', 'avif']);

export type PhotoKind = 'jpeg' | 'raw' | 'heif' | 'tiff' | 'image' | 'other';

export function kindOf(fileName: string): PhotoKind {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  if (RAW_EXTENSIONS.has(ext)) return 'raw';
  if (ext === 'jpg' || ext === 'jpeg' || ext === 'jpe') return 'jpeg';
  if (HEIF_EXTENSIONS.has(ext)) return 'heif';
  if (ext === 'tif' || ext === 'tiff') return 'tiff';
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  return 'other';
}

export function previewEdgeFor(longEdge: number): number {
  return Math.min(longEdge, Math.max(PREVIEW_MIN, Math.min(PREVIEW_MAX, Math.floor(longEdge / 4))));
}

export function cachePaths(jobDir: string, photoId: string): { thumb: string; preview: string } {
  return {
    thumb: jobPaths(jobDir).thumb(photoId),
    preview: jobPaths(jobDir).preview(photoId),
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

/** The format of a file in words, for « format non pris en charge (…) ». */
export function formatName(fileName: string): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const names: Record<string, string> = {
    jxl: 'JPEG XL',
    heic: 'HEIC',
    heif: 'HEIF',
    hif: 'HEIF',
    avif: 'AVIF',
    tif: 'TIFF',
    tiff: 'TIFF',
    webp: 'WebP',
    png: 'PNG',
    jpg: 'JPEG',
    jpeg: 'JPEG',
    jpe: 'JPEG',
  };
  return names[ext] ?? (RAW_EXTENSIONS.has(ext) ? `RAW ${ext.toUpperCase()}` : ext.toUpperCase() || '?');
}

/**
 * The codec a HEIF file declares in its `ftyp` brands (`heic` → HEVC, `avif` → AV1…), to say which
 * one is not supported; null when the brands do not tell.
 */
export function heifCodecOf(head: Buffer): string | null {
  if (head.length < 16 || head.toString('latin1', 4, 8) !== 'ftyp') return null;
  const size = Math.min(head.readUInt32BE(0), head.length);
  const brands = [head.toString('latin1', 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(head.toString('latin1', at, at + 4));
  const codecs: [RegExp, string][] = [
    [/^(heic|heix|heim|heis|hevc|hevx)$/, 'HEVC'],
    [/^(avif|avis)$/, 'AV1'],
    [/^(vvic|vvis)$/, 'VVC'],
    [/^(avci|avcs)$/, 'H.264'],
    [/^(jpeg|jpgs)$/, 'JPEG'],
  ];
  for (const brand of brands) for (const [re, codec] of codecs) if (re.test(brand)) return codec;
  return null;
}

/** A library's message without any file path in it (the user sees it). */
export function plainDetail(message: string, input?: string | Buffer): string {
  let text = message.split('\n')[0] ?? '';
  if (typeof input === 'string' && input) text = text.split(input).join('');
  text = text
    .replace(/(?:[A-Za-z]:)?(?:[\\/][^\\/\s:;,()]+){2,}[\\/]?/g, '')
    .replace(/^[\s:;,-]+/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return text.slice(0, 160) || '?';
}

async function heifHead(file: string): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Upright pixels of a HEIF file: libheif first; the image library only for codecs libheif lacks. */
async function decodeHeif(file: string): Promise<DecodedRgba | null> {
  try {
    return await heifDecoders().decode(file);
  } catch (error) {
    if (!(error instanceof HeifDecodeError)) throw error;
    if (error.kind === 'damaged')
      throw new UnreadableImageError('ingest.unreadable.corrupt', plainDetail(error.detail, file));
    return null; // this codec: let the image library try (it reads AV1)
  }
}

/**
 * Writes the thumbnail and preview of `input` (a file path, or the embedded JPEG of a RAW) into the
 * job's cache. `kind` says how the file is decoded (HEIF through libheif, upright as it comes).
 */
export async function makeDerivatives(
  input: string | Buffer,
  orientation: number,
  targets: { thumb: string; preview: string },
  kind: PhotoKind = 'jpeg',
  /** Given the preview's pixels (upright, sRGB) while they are encoded: the cards' code reading. */
  onPixels?: (pixels: FramePixels) => Promise<void>,
): Promise<DerivativeResult> {
  let decoded: { data: Buffer; info: OutputInfo };
  const heif = kind === 'heif' && typeof input === 'string';
  // Outside the try below: a file that cannot be read (the disk) is not a verdict on the photo.
  const rgba = heif ? await decodeHeif(input) : null;
  try {
    if (rgba) {
      const edge = previewEdgeFor(Math.max(rgba.width, rgba.height));
      decoded = await sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } })
        .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
    } else {
      const meta = await sharp(input).metadata();
      const longEdge = Math.max(meta.width, meta.height);
      const edge = previewEdgeFor(longEdge);
      // failOn 'error': a truncated JPEG is refused rather than shown half grey. A HEIF read by the
      // image library comes upright from its libheif too: its EXIF orientation is not applied.
      decoded = await orient(sharp(input, { failOn: 'error', sequentialRead: true }), heif ? 1 : orientation)
        .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
    }
  } catch (error) {
    if (error instanceof UnreadableImageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // A HEIF here is one libheif has no decoder for, and the image library could not read either;
    // otherwise the image library's "unsupported image format" says nothing here decodes it.
    if (heif) {
      const codec = heifCodecOf(await heifHead(input).catch(() => Buffer.alloc(0)));
      throw new UnreadableImageError(
        'ingest.unreadable.unsupported',
        codec ? `${formatName(input)} (${codec})` : formatName(input),
      );
    }
    if (/unsupported|not a known file format|no decoder/i.test(message))
      throw new UnreadableImageError(
        'ingest.unreadable.unsupported',
        typeof input === 'string' ? formatName(input) : 'JPEG',
      );
    throw new UnreadableImageError('ingest.unreadable.corrupt', plainDetail(message, input));
  }
  const { data, info } = decoded;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [preview, thumb] = await Promise.all([
    sharp(data, raw).jpeg({ quality: 82, mozjpeg: false }).toBuffer(),
    sharp(data, raw)
      .resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78 })
      .toBuffer(),
    onPixels?.({ data, width: info.width, height: info.height, channels: info.channels }),
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

/**
 * The upright pixels of an image at `edge` px on its long side: the second, sharper look a card
 * reader asks for when a frame looks like a card but its code was not read at the preview's size.
 */
export async function decodeAt(
  input: string | Buffer,
  orientation: number,
  edge: number,
): Promise<FramePixels> {
  const { data, info } = await orient(sharp(input, { failOn: 'none' }), orientation)
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
