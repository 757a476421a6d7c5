/**
 * A digital file delivered as the camera made it: when the original is a JPEG that shows upright
 * as stored (no EXIF turn, no proofing rotation) and is sRGB, the family receives the camera's own
 * compressed image — no second JPEG generation, every pixel as shot — with every metadata block
 * removed (EXIF with its GPS, serial numbers and maker notes, XMP, IPTC, comments, thumbnails,
 * trailers) by exiftool, and the sRGB ICC profile kept or embedded. Anything else (a turned photo,
 * another colour space, HEIC or TIFF, exiftool refusing the file) returns null and the caller
 * re-encodes from the decoded pixels instead.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExifTool, WriteTags } from 'exiftool-vendored';
import sharp from 'sharp';
import type { Rotation } from '../../../shared/domain/proofing';
import { tempNameFor } from '../../lib/atomic';

let srgbProfile: Promise<Buffer> | undefined;

/** The sRGB ICC profile sharp embeds in prints, as bytes. */
function srgbIcc(): Promise<Buffer> {
  srgbProfile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('srgb')
    .jpeg()
    .toBuffer()
    .then(async (b) => (await sharp(b).metadata()).icc!);
  return srgbProfile;
}

/**
 * The original's size and whether it embeds a colour profile, when its own bytes can be the
 * digital file (an upright sRGB JPEG), else null.
 */
async function deliverableAsShot(bytes: Buffer, rotation: Rotation) {
  if (rotation !== 0) return null;
  const meta = await sharp(bytes).metadata();
  const upright = (meta.orientation ?? 1) === 1;
  return meta.format === 'jpeg' && upright && meta.space === 'srgb' && meta.channels === 3
    ? { width: meta.width, height: meta.height, embedded: meta.icc !== undefined }
    : null;
}

/**
 * The digital file's bytes without re-encoding, or null when it must be re-encoded. `workDir` is a
 * private folder of the run where the temporary files live (removed before returning).
 */
export async function losslessDigital(
  exiftool: ExifTool,
  bytes: Buffer,
  rotation: Rotation,
  workDir: string,
): Promise<Buffer | null> {
  const size = await deliverableAsShot(bytes, rotation);
  if (!size) return null;
  // Named as atomic writes name their temporary files, so a killed run's leftovers are swept.
  const temp = tempNameFor(path.join(workDir, 'fichier-numerique.jpg'));
  const icc = tempNameFor(path.join(workDir, 'srgb.icc'));
  try {
    await fsp.writeFile(temp, bytes, { mode: 0o600 });
    const { embedded } = size;
    if (embedded) {
      // A profile other than sRGB (Adobe RGB, Display P3): the pixels are converted by re-encoding.
      const { ProfileDescription } = await exiftool.read(temp, {
        readArgs: ['-ICC_Profile:ProfileDescription'],
      });
      if (!/^srgb\b/i.test(String(ProfileDescription ?? '').trim())) return null;
    }
    if (!embedded) await fsp.writeFile(icc, await srgbIcc(), { mode: 0o600 });
    // `-all=` given as the tag to write: with no tag, exiftool-vendored adds a tag copy that would
    // turn the exclusions below into exclusions from that copy instead of from the deletion.
    await exiftool.write(temp, { all: null } as WriteTags, {
      // Without the MWG module, which would rebuild metadata blocks this call removes.
      useMWG: false,
      writeArgs: [
        '-overwrite_original',
        '--ICC_Profile:all',
        // The Adobe segment says how the colour channels are coded: removing it can change colours.
        '--Adobe:all',
        ...(embedded ? [] : [`-ICC_Profile<=${icc}`]),
      ],
    });
    const out = await fsp.readFile(temp);
    const after = await sharp(out).metadata();
    const clean = !after.exif && !after.xmp && !after.iptc && after.icc !== undefined;
    return clean && after.width === size.width && after.height === size.height ? out : null;
  } catch {
    // exiftool refused the file (a damaged segment, a camera's odd block): the pixels are re-encoded.
    return null;
  } finally {
    await Promise.all([fsp.rm(temp, { force: true }), fsp.rm(icc, { force: true })]);
  }
}
