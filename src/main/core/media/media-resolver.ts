/**
 * Resolves a media reference to a file inside its job folder. Feature modules register one resolver
 * per media kind (thumbnails, previews…); the containment check here is the last line of defence:
 * whatever a resolver returns, a file outside the kind's own folder of the job (through `..` or a
 * symbolic link — `cache/thumb/x.jpg` linked to `job.preau.sqlite`, or a `cache/thumb` that is itself
 * a link) is never served, and the refusal is logged.
 */
import path from 'node:path';
import type { MediaKind, MediaRef } from '../../../shared/media';
import { isContained, resolveWithin } from '../../lib/contained-path';
import { silentLogger, type Logger } from '../../lib/logger';
import { JOB_LAYOUT } from '../jobs/job-paths';

export interface MediaFile {
  /** The real path of the file (links followed): what the host opens. */
  file: string;
  contentType: string;
}

export type MediaKindResolver = (
  ref: MediaRef,
  jobDir: string,
) => Promise<MediaFile | null> | MediaFile | null;

/** The folder of the job each kind of media lives in; nothing of that kind is served from elsewhere. */
export const MEDIA_FOLDERS: Record<MediaKind, string> = {
  thumb: path.normalize(JOB_LAYOUT.thumb),
  preview: path.normalize(JOB_LAYOUT.preview),
  proof: path.normalize(JOB_LAYOUT.proof),
  original: path.normalize(JOB_LAYOUT.originals),
};

export class MediaResolver {
  private readonly kinds = new Map<MediaKind, MediaKindResolver>();

  constructor(
    private readonly jobDirOf: (jobId: string) => string | undefined,
    private readonly logger: Logger = silentLogger,
  ) {}

  register(kind: MediaKind, resolver: MediaKindResolver): void {
    this.kinds.set(kind, resolver);
  }

  async resolve(ref: MediaRef): Promise<MediaFile | null> {
    const jobDir = this.jobDirOf(ref.jobId);
    const resolver = this.kinds.get(ref.kind);
    if (!jobDir || !resolver) return null;
    const found = await resolver(ref, jobDir);
    if (!found) return null;
    const checked = await resolveWithin(jobDir, MEDIA_FOLDERS[ref.kind], found.file);
    if (isContained(checked)) return { ...found, file: checked.real };
    if (checked.refused !== 'missing')
      this.logger.warn(
        `media: ${ref.kind} ${ref.id} refused (${checked.refused === 'outside' ? `leads out of ${MEDIA_FOLDERS[ref.kind]}` : checked.refused})`,
      );
    return null;
  }
}

/** True when `file` exists and, once every link is followed, is a file inside `root`. */
export async function containedRealPath(root: string, file: string): Promise<boolean> {
  return isContained(await resolveWithin(root, '', file));
}
