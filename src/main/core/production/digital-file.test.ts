import { mkdtempSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { losslessDigital } from './digital-file';

const exiftool = new ExifTool({ maxProcs: 1 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'preau-digital-'));
afterAll(async () => {
  await exiftool.end();
  await fsp.rm(dir, { recursive: true, force: true });
});

/**
 * A camera-like JPEG: noisy pixels, EXIF naming the camera, its owner and where it was shot, an
 * XMP packet, a comment, and bytes after the image's end (as cameras append preview images).
 */
async function cameraJpeg(options: { orientation?: number; icc?: 'srgb' | 'p3' } = {}): Promise<Buffer> {
  const width = 640;
  const height = 480;
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i += 1) data[i] = (i * 7919) % 251;
  let image = sharp(data, { raw: { width, height, channels: 3 } }).withExif({
    IFD0: { Make: 'Canon', Model: 'EOS R6', Artist: 'Photographe Privé', Copyright: 'Studio Lumière' },
  });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  if (options.icc) image = image.withIccProfile(options.icc);
  const jpeg = await image.jpeg({ quality: 90 }).toBuffer();
  const file = path.join(dir, `camera-${Math.random().toString(36).slice(2)}.jpg`);
  await fsp.writeFile(file, jpeg);
  await exiftool.write(
    file,
    {
      GPSLatitude: 48.11,
      GPSLatitudeRef: 'N',
      GPSLongitude: 1.68,
      GPSLongitudeRef: 'W',
      Comment: 'Classe de Mme Durand',
    },
    { writeArgs: ['-overwrite_original'] },
  );
  return Buffer.concat([await fsp.readFile(file), Buffer.from('TRAILER-preview-of-camera')]);
}

const pixels = (bytes: Buffer) => sharp(bytes).raw().toBuffer();

describe('digital files delivered as the camera made them', () => {
  it('keeps every pixel of an upright sRGB JPEG, removes all its metadata and embeds the sRGB profile', async () => {
    const original = await cameraJpeg();
    const out = await losslessDigital(exiftool, original, 0, dir);
    expect(out).not.toBeNull();
    // Not re-encoded: the decoded pixels are exactly the original's.
    expect((await pixels(out!)).equals(await pixels(original))).toBe(true);
    const meta = await sharp(out!).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.comments ?? []).toEqual([]);
    expect(meta.icc?.toString('latin1').replace(/\0/g, '')).toContain('sRGB');
    const text = out!.toString('latin1');
    for (const word of ['Canon', 'Photographe', 'Lumi', 'Durand', 'TRAILER'])
      expect(text).not.toContain(word);
    const file = path.join(dir, 'out.jpg');
    await fsp.writeFile(file, out!);
    const tags = await exiftool.read(file);
    expect(tags.GPSLatitude).toBeUndefined();
    expect(tags.Make).toBeUndefined();
    // Nothing of the run's temporary files is left behind.
    expect((await fsp.readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('keeps an embedded sRGB profile as it is', async () => {
    const original = await cameraJpeg({ icc: 'srgb' });
    const out = await losslessDigital(exiftool, original, 0, dir);
    expect(out).not.toBeNull();
    expect((await sharp(out!).metadata()).icc?.equals((await sharp(original).metadata()).icc!)).toBe(true);
  });

  it('leaves to re-encoding a turned photo, a proofing rotation, another colour space and another format', async () => {
    expect(await losslessDigital(exiftool, await cameraJpeg({ orientation: 6 }), 0, dir)).toBeNull();
    expect(await losslessDigital(exiftool, await cameraJpeg(), 90, dir)).toBeNull();
    expect(await losslessDigital(exiftool, await cameraJpeg({ icc: 'p3' }), 0, dir)).toBeNull();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#abc' } })
      .png()
      .toBuffer();
    expect(await losslessDigital(exiftool, png, 0, dir)).toBeNull();
  });
});
