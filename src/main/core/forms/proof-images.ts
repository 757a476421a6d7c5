/**
 * Watermarked proof thumbnails for order forms and proof sheets: each pose is decoded once, reduced
 * to a small JPEG (~300 px) with the watermark text across it, and the result is reused by every
 * document of the batch (class PDF, school PDF, proof sheet). Small proofs keep forms light and are
 * useless as prints, which is the point of a proof. The rotation chosen at proofing is applied on
 * top of the preview's own orientation, so a proof shows the photo the way the studio turned it.
 */
import pLimit from 'p-limit';
import sharp from 'sharp';

export const PROOF_SIZE = 300;

/** Which proof: a preview on disk and the clockwise rotation chosen at proofing. */
export interface ProofRef {
  imagePath: string;
  rotation?: 0 | 90 | 180 | 270 | undefined;
}

/** One key per distinct proof (image and rotation), for tables of proofs already made. */
export function proofKey(ref: ProofRef): string {
  return `${ref.rotation ?? 0}:${ref.imagePath}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function watermarkSvg(width: number, height: number, text: string): Buffer {
  // Fit the text along the diagonal: a bold capital is about 0.72 em wide.
  const size = Math.round((Math.hypot(width, height) * 0.8) / (Math.max(4, text.length) * 0.72));
  const angle = (-Math.atan2(height, width) * 180) / Math.PI;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <g transform="translate(${width / 2} ${height / 2}) rotate(${angle.toFixed(1)})">
        <text x="0" y="0" text-anchor="middle" dominant-baseline="middle" font-family="DejaVu Sans, Arial, sans-serif"
          font-weight="bold" font-size="${Math.max(size, 10)}" fill="white" fill-opacity="0.55"
          stroke="black" stroke-opacity="0.35" stroke-width="1.5">${escapeXml(text)}</text>
      </g>
    </svg>`,
  );
}

const overlays = new Map<string, Promise<Buffer>>();

/**
 * The watermark as raw RGBA pixels of the given size, rendered once per size and text: rendering
 * the SVG (librsvg) or even decoding a PNG for every pose costs more than the rest of the proof.
 */
function overlay(width: number, height: number, text: string): Promise<Buffer> {
  const key = `${width}x${height}:${text}`;
  let found = overlays.get(key);
  if (!found) {
    found = sharp(watermarkSvg(width, height, text))
      .ensureAlpha()
      .raw()
      .toBuffer();
    overlays.set(key, found);
  }
  return found;
}

/**
 * One watermarked proof as a JPEG buffer: decoded once (with JPEG shrink-on-load), resized, stamped
 * and encoded. The stamp is blended here over the raw pixels with the overlay's alpha: libvips'
 * general-purpose composite (float, premultiplied) cost as much as the decode itself.
 */
export async function makeProof(
  imagePath: string | Buffer,
  watermark: string,
  size = PROOF_SIZE,
  rotation: ProofRef['rotation'] = 0,
): Promise<Buffer> {
  const image = sharp(imagePath).autoOrient();
  const { data, info } = await (rotation ? image.rotate(rotation) : image)
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const text = watermark.trim();
  if (text && info.channels === 3) {
    const stamp = await overlay(info.width, info.height, text);
    for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
      const alpha = stamp[j + 3]!;
      if (alpha === 0) continue;
      const k = alpha / 255;
      data[i] = data[i]! + (stamp[j]! - data[i]!) * k;
      data[i + 1] = data[i + 1]! + (stamp[j + 1]! - data[i + 1]!) * k;
      data[i + 2] = data[i + 2]! + (stamp[j + 2]! - data[i + 2]!) * k;
    }
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: 72 })
    .toBuffer();
}

/** Proofs made once per (image, rotation, watermark) for a batch; a failed image yields null (shown as a grey box). */
export class ProofCache {
  private readonly cache = new Map<string, Promise<Buffer | null>>();
  constructor(private readonly watermark: string) {}

  get(ref: ProofRef): Promise<Buffer | null> {
    const key = proofKey(ref);
    let found = this.cache.get(key);
    if (!found) {
      found = makeProof(ref.imagePath, this.watermark, PROOF_SIZE, ref.rotation).catch(() => null);
      this.cache.set(key, found);
    }
    return found;
  }

  /** Makes every proof of `refs` up front, with a bounded concurrency (sharp already uses threads). */
  async warm(refs: readonly ProofRef[], concurrency = 4): Promise<void> {
    const limit = pLimit(concurrency);
    const unique = new Map(refs.map((r) => [proofKey(r), r]));
    await Promise.all([...unique.values()].map((r) => limit(() => this.get(r))));
  }
}
