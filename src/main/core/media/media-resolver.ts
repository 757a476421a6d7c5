/**
 * Resolves a media reference to a file inside its job folder. Feature modules register one resolver
 * per media kind (thumbnails, previews…); the containment check here is the last line of defence:
 * whatever a resolver returns, a file outside the job folder (through `..` or a symbolic link) is
 * never served.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { MediaKind, MediaRef } from '../../../shared/media';
import { isInside } from '../fs/user-path';

export interface MediaFile {
  file: string;
  contentType: string;
}

export type MediaKindResolver = (
  ref: MediaRef,
  jobDir: string,
) => Promise<MediaFile | null> | MediaFile | null;

export class MediaResolver {
  private readonly kinds = new Map<MediaKind, MediaKindResolver>();

  constructor(private readonly jobDirOf: (jobId: string) => string | undefined) {}

  register(kind: MediaKind, resolver: MediaKindResolver): void {
    this.kinds.set(kind, resolver);
  }

  async resolve(ref: MediaRef): Promise<MediaFile | null> {
    const jobDir = this.jobDirOf(ref.jobId);
    const resolver = this.kinds.get(ref.kind);
    if (!jobDir || !resolver) return null;
    const found = await resolver(ref, jobDir);
    if (!found) return null;
    return (await containedRealPath(jobDir, found.file)) ? found : null;
  }
}

/** True when `file` exists and, once every link is followed, is inside `root`. */
export async function containedRealPath(root: string, file: string): Promise<boolean> {
  try {
    const [realRoot, realFile] = await Promise.all([
      fsp.realpath(root),
      fsp.realpath(path.resolve(root, file)),
    ]);
    return isInside(realRoot, realFile) && (await fsp.stat(realFile)).isFile();
  } catch {
    return false;
  }
}
