/**
 * Images never travel over RPC: the UI loads them from a media route by opaque ids, and the host
 * resolves the id to a file inside the job folder. Same route shape in both hosts:
 * `<base>/media/<jobId>/<kind>/<id>` (Electron base `preau-media://app`, browser base the host's origin).
 */
export const MEDIA_KINDS = ['thumb', 'preview', 'proof', 'original'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaRef {
  jobId: string;
  kind: MediaKind;
  id: string;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function mediaPath(ref: MediaRef): string {
  return `/media/${ref.jobId}/${ref.kind}/${ref.id}`;
}

/** Parses a media route path; anything that is not exactly the expected shape is refused. */
export function parseMediaPath(pathname: string): MediaRef | null {
  const parts = pathname.split('/');
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== 'media') return null;
  const [, , jobId, kind, id] = parts;
  if (!jobId || !kind || !id) return null;
  if (!SAFE_ID.test(jobId) || !SAFE_ID.test(id)) return null;
  if (!(MEDIA_KINDS as readonly string[]).includes(kind)) return null;
  return { jobId, kind: kind as MediaKind, id };
}
