/**
 * Labels written where other software finds them: an XMP sidecar `<photo file name>.xmp` next to
 * the photo's copy in the job's `originals` folder, with `Iptc4xmpExt:PersonInImage` (the IPTC
 * field for people shown). The photo itself is never opened for writing. The sidecar is written to
 * a temporary file (starting from the existing sidecar, so tags another program added are kept)
 * and renamed over the old one: a crash leaves the old sidecar or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExifTool } from 'exiftool-vendored';
import { jobPaths } from '../jobs/job-paths';

export function sidecarPath(jobDir: string, fileName: string): string {
  return jobPaths(jobDir).xmpSidecar(fileName);
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(
    () => true,
    () => false,
  );
}

/** Writes (or, with no people, removes the people from) one sidecar. Returns whether a file was changed. */
export async function writeSidecar(
  exiftool: ExifTool,
  jobDir: string,
  fileName: string,
  people: readonly string[],
): Promise<'written' | 'removed' | 'unchanged'> {
  const target = sidecarPath(jobDir, fileName);
  const had = await exists(target);
  if (people.length === 0 && !had) return 'unchanged';
  // exiftool picks the output format from the extension: the temporary name must end in .xmp.
  const temp = path.join(path.dirname(target), `.${fileName}.${randomBytes(4).toString('hex')}.tmp.xmp`);
  try {
    if (had) await fsp.copyFile(target, temp);
    await exiftool.write(temp, { PersonInImage: people.length > 0 ? [...people] : null }, [
      '-overwrite_original',
    ]);
    await fsp.rename(temp, target);
  } finally {
    await fsp.rm(temp, { force: true });
  }
  return people.length > 0 ? 'written' : 'removed';
}

/**
 * What the sidecar would hold with `people` as the people shown (the other tags kept), made in a
 * temporary file that is removed before returning: for a caller that writes the bytes itself, in
 * its own order (erasure remakes every file first, then replaces them all).
 */
export async function sidecarWithPeople(
  exiftool: ExifTool,
  jobDir: string,
  fileName: string,
  people: readonly string[],
): Promise<Buffer> {
  const target = sidecarPath(jobDir, fileName);
  const temp = path.join(path.dirname(target), `.${fileName}.${randomBytes(4).toString('hex')}.tmp.xmp`);
  try {
    if (await exists(target)) await fsp.copyFile(target, temp);
    await exiftool.write(temp, { PersonInImage: people.length > 0 ? [...people] : null }, [
      '-overwrite_original',
    ]);
    return await fsp.readFile(temp);
  } finally {
    await fsp.rm(temp, { force: true });
  }
}
