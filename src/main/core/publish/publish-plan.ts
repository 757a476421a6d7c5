/**
 * The publish plan: what a publish will change, computed before anything is sent so the
 * photographer sees it (students added, changed, removed; files new and removed; what must
 * actually travel, which can be less than "new" because the platform keeps files by SHA-256 and
 * resumes half-sent ones).
 */
import { createHash } from 'node:crypto';
import type { FileStatus, Manifest } from '../../../shared/publish/protocol';

export interface PublishPlan {
  manifestRef: string;
  /** The platform already shows exactly this manifest: nothing to send, nothing to finalize. */
  upToDate: boolean;
  previousVersion: number | null;
  students: { added: string[]; changed: string[]; removed: string[]; unchanged: number };
  files: { total: number; added: number; removed: number; unchanged: number };
  /** Files the platform lacks (in full); `receivedBytes` of each is already there. */
  toSend: FileStatus[];
  bytesToSend: number;
  totalBytes: number;
}

/**
 * The manifest's identity: a hash of its content, so declaring the same content twice is the same
 * call (idempotent), and an unchanged school is recognised without sending anything.
 */
export function manifestRefOf(manifest: Manifest): string {
  return `m${createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 40)}`;
}

/**
 * What families of a student see. The access code is left out: the platform hands manifests back
 * with codes replaced by their keyed hashes, so codes cannot be compared here.
 */
function studentKey(s: Manifest['students'][number], classPhotos: Map<string, string[]>): string {
  return JSON.stringify([
    s.classRef,
    s.displayName ?? '',
    s.photos,
    s.orderFormSha256 ?? '',
    classPhotos.get(s.studentRef) ?? [],
  ]);
}

function classPhotosByStudent(m: Manifest): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of m.classes)
    for (const p of c.classPhotos)
      for (const ref of p.studentRefs) out.set(ref, [...(out.get(ref) ?? []), p.sha256]);
  return out;
}

export function buildPlan(
  local: Manifest,
  previous: { manifestRef: string; version: number; manifest: Manifest } | undefined,
  missing: FileStatus[] | undefined,
): PublishPlan {
  const manifestRef = manifestRefOf(local);
  const before = previous?.manifest;
  const prevStudents = new Map((before?.students ?? []).map((s) => [s.studentRef, s]));
  const prevPhotos = before ? classPhotosByStudent(before) : new Map<string, string[]>();
  const localPhotos = classPhotosByStudent(local);
  const students = { added: [] as string[], changed: [] as string[], removed: [] as string[], unchanged: 0 };
  const localRefs = new Set<string>();
  for (const s of local.students) {
    localRefs.add(s.studentRef);
    const p = prevStudents.get(s.studentRef);
    if (!p) students.added.push(s.studentRef);
    else if (studentKey(p, prevPhotos) !== studentKey(s, localPhotos)) students.changed.push(s.studentRef);
    else students.unchanged++;
  }
  for (const ref of prevStudents.keys()) if (!localRefs.has(ref)) students.removed.push(ref);
  const prevFiles = new Set((before?.files ?? []).map((f) => f.sha256));
  const localFiles = new Set(local.files.map((f) => f.sha256));
  const added = local.files.filter((f) => !prevFiles.has(f.sha256)).length;
  const removed = [...prevFiles].filter((sha) => !localFiles.has(sha)).length;
  const sameContent = previous?.manifestRef === manifestRef;
  const toSend =
    missing ??
    (sameContent
      ? []
      : local.files
          .filter((f) => !prevFiles.has(f.sha256))
          .map((f) => ({ sha256: f.sha256, size: f.size, receivedBytes: 0 })));
  // The same content can still lack files, when the platform lost some (a crash before its flush).
  const upToDate = sameContent && toSend.length === 0;
  return {
    manifestRef,
    upToDate,
    previousVersion: previous?.version ?? null,
    students,
    files: { total: local.files.length, added, removed, unchanged: local.files.length - added },
    toSend,
    bytesToSend: toSend.reduce((n, f) => n + f.size - f.receivedBytes, 0),
    totalBytes: local.files.reduce((n, f) => n + f.size, 0),
  };
}
