/**
 * Labels written where other software finds them: an XMP sidecar `<photo file name>.xmp` next to
 * the photo's copy in the job's `originals` folder, with `Iptc4xmpExt:PersonInImage` (the IPTC
 * field for people shown). The photo itself is never opened for writing. The sidecar is written to
 * a temporary file (starting from the existing sidecar, so tags another program added are kept)
 * and renamed over the old one: a crash leaves the old sidecar or the new one, never half of one.
 * `writeXmpSidecars` writes those of every photo of a job (the « Exporter les XMP » task).
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExifTool } from 'exiftool-vendored';
import pLimit from 'p-limit';
import type { OpenJob } from '../jobs/job-folder';
import { jobPaths } from '../jobs/job-paths';
import { RosterRepository } from '../roster/roster.repository';
import { displayName } from '../roster/roster.service';
import { LabelingRepository } from './labeling.repository';

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

/** XMP sidecars for every labeled photo; a sidecar whose photo lost its students loses them too. */
export async function writeXmpSidecars(
  job: OpenJob,
  exiftool: ExifTool,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ written: number; removed: number }> {
  const repo = job.repo(LabelingRepository);
  const labels = repo.labels();
  const names = new Map(
    job
      .repo(RosterRepository)
      .students({ includeArchived: true })
      .map((s) => [s.id, `${s.firstName} ${displayName(s)}`]),
  );
  const limit = pLimit(4);
  const photos = repo.timedPhotos();
  let done = 0;
  options.onProgress?.(0, photos.length);
  const outcomes = await Promise.all(
    photos.map((p) =>
      limit(async () => {
        // Stopped between sidecars: each one is whole (temporary file + rename), never half-written.
        options.signal?.throwIfAborted();
        const outcome = await writeSidecar(
          exiftool,
          job.dir,
          p.fileName,
          (labels.get(p.id) ?? []).flatMap((id) => names.get(id) ?? []),
        );
        done += 1;
        options.onProgress?.(done, photos.length);
        return outcome;
      }),
    ),
  );
  return {
    written: outcomes.filter((o) => o === 'written').length,
    removed: outcomes.filter((o) => o === 'removed').length,
  };
}
