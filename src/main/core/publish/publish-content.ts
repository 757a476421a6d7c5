/**
 * From a job to what goes online: the school's manifest (classes, one private gallery per printed
 * access code, files by SHA-256, order forms, retention dates) and the local file of every SHA-256.
 * The consent gate is applied here, on the job's own data, so nothing reaches the upload engine
 * that a family did not allow: a student without an "online gallery" consent is left out and
 * listed with the reason; a class photo goes online only when everyone on it allows it.
 *
 * A gallery follows the order forms: the code printed on a form opens it, so siblings sharing a
 * form share a gallery (their photos together). References sent to the platform are hashes of ids,
 * never names; only a first name is sent, as a greeting (data minimisation).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import pLimit from 'p-limit';
import type { ClassPhotoPick, OrderFormInput } from '../../../shared/domain/order-form';
import type { ExcludedStudent, HeldBackClassPhoto } from '../../../shared/domain/publish';
import { retentionDates, type RetentionPolicy } from '../../../shared/domain/retention';
import type { Student } from '../../../shared/domain/roster';
import type { Manifest, ManifestFile, PutGalleryRequest } from '../../../shared/publish/protocol';
import { ownerKey } from '../forms/access-code.service';
import { renderOrderForms } from '../forms/order-form.pdf';
import type { PoseSource } from '../forms/pose-source';
import type { FormsService } from '../forms/forms.service';
import { ProofCache, proofKey } from '../forms/proof-images';
import type { OpenJob } from '../jobs/job-folder';
import type { RosterService } from '../roster/roster.service';
import { readSchool } from '../roster/school.service';
import { applyConsentGate, classPhotoAllowed } from './consent-gate';
import { AppError } from '../../lib/errors';
import { orderFormFile, webCopy, type PreparedFile } from './publish-files';

/** A web copy, or a message saying which image could not be read (a preview missing or damaged). */
async function webCopyOf(
  jobDir: string,
  source: Parameters<typeof webCopy>[1],
  watermark: string,
): Promise<PreparedFile> {
  try {
    return await webCopy(jobDir, source, watermark);
  } catch (error) {
    throw new AppError(
      'publish_failed',
      { cause: 'image', file: path.basename(source.imagePath) },
      { cause: error },
    );
  }
}

export interface GalleryEntry {
  studentRef: string;
  /** The roster students this gallery shows (one, or siblings sharing a form). */
  studentIds: string[];
  photos: number;
}

export interface PreparedPublication {
  galleryRef: string;
  gallery: PutGalleryRequest;
  manifest: Manifest;
  /** Local file of every SHA-256 of the manifest. */
  localPaths: Map<string, string>;
  entries: GalleryEntry[];
  excluded: ExcludedStudent[];
  heldBack: HeldBackClassPhoto[];
  counts: { photos: number; classPhotos: number; orderForms: number };
}

export interface ContentDeps {
  roster: RosterService;
  forms: FormsService;
  poses: PoseSource;
  retentionPolicy: () => RetentionPolicy;
}

function ref(prefix: string, id: string): string {
  return `${prefix}-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

/** The job's gallery on the platform: stable, opaque. */
export function galleryRefOf(jobId: string): string {
  return ref('g', jobId);
}

/** The reference a single student's gallery goes out under. */
export function studentRefOf(studentId: string): string {
  return ref('s', studentId);
}

const fullName = (s: Student) => `${s.firstName} ${s.displayName}`;

export async function prepareContent(
  deps: ContentDeps,
  job: OpenJob,
  options: {
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
    /** A preview (`publish.plan`): codes not yet issued are stand-ins, nothing is written to the job. */
    preview?: boolean;
  } = {},
): Promise<PreparedPublication> {
  const school = readSchool(job);
  const classes = deps.roster.classes(job);
  const classById = new Map(classes.map((c) => [c.id, c]));
  const students = deps.roster.students(job, {});
  const studentById = new Map(students.map((s) => [s.id, s]));
  const settings = deps.forms.settings(job, { preview: options.preview ?? false });
  // The forms plan decides who gets a code and which poses; it issues the codes the forms print
  // (a preview issues none).
  const plan = await deps.forms.plan(job, { preview: options.preview ?? false });
  const picks = await deps.poses.classPhotosOf(job);
  const withForms = await deps.forms.built(job);
  options.signal?.throwIfAborted();

  const excluded: ExcludedStudent[] = plan.skipped.map((s) => ({
    studentId: s.studentId,
    name: s.name,
    classLabel: s.classLabel,
    reason: s.reason === 'no_class' ? 'no_class' : s.reason === 'consent' ? 'no_photo_consent' : 'no_photos',
  }));

  // Everything to make, counted first so progress means something on a large school.
  const forms: { input: OrderFormInput; members: Student[]; owner: string }[] = [];
  for (const form of plan.forms) {
    const members: Student[] = [];
    for (const fs of form.input.students) {
      const s = studentById.get(fs.id);
      if (!s) continue;
      if (s.consent.online_gallery === 'allowed') members.push(s);
      else
        excluded.push({
          studentId: s.id,
          name: fullName(s),
          classLabel: fs.classLabel,
          reason: 'no_online_consent',
        });
    }
    const owner = ownerKey({
      kind: form.input.students.length > 1 ? 'family' : 'student',
      studentIds: form.input.students.map((s) => s.id),
    });
    if (members.length > 0) forms.push({ input: form.input, members, owner });
  }
  const gate = applyConsentGate({
    students: students.map((s) => ({ studentRef: s.id, onlineGallery: classPhotoAllowed(s) })),
    classPhotos: picks.map((p) => ({ photoRef: p.photoId, studentRefs: p.studentIds })),
  });
  const heldBack: HeldBackClassPhoto[] = gate.heldBackClassPhotos.map((h) => {
    const pick = picks.find((p) => p.photoId === h.photoRef)!;
    return {
      classId: pick.classId,
      classLabel: classById.get(pick.classId)?.label ?? '',
      photoId: pick.photoId,
      reason: h.reason,
      students: h.studentRefs.map((id) => {
        const s = studentById.get(id);
        return s ? fullName(s) : 'élève inconnu du registre';
      }),
    };
  });
  const allowedPicks = picks.filter((p) => gate.allowedClassPhotos.includes(p.photoId));

  const total =
    forms.reduce(
      (n, f) =>
        n +
        f.input.students
          .filter((s) => f.members.some((m) => m.id === s.id))
          .reduce((m, s) => m + s.poses.length, 0),
      0,
    ) +
    allowedPicks.length +
    (withForms ? forms.filter((f) => f.members.length === f.input.students.length).length : 0);
  let done = 0;
  const step = () => {
    options.signal?.throwIfAborted();
    done += 1;
    options.onProgress?.(done, total);
  };
  options.onProgress?.(0, total);
  const limit = pLimit(4);
  const files = new Map<string, ManifestFile>();
  const localPaths = new Map<string, string>();
  const keep = (f: PreparedFile) => {
    files.set(f.sha256, { sha256: f.sha256, size: f.size, mediaType: f.mediaType });
    localPaths.set(f.sha256, f.path);
    return f.sha256;
  };
  const proofs = new ProofCache(settings.watermark);

  const entries: GalleryEntry[] = [];
  const manifestStudents: Manifest['students'] = [];
  let photoCount = 0;
  let formCount = 0;
  const built = await Promise.all(
    forms.map(async (f) => {
      const online = new Set(f.members.map((m) => m.id));
      const poses = f.input.students.filter((s) => online.has(s.id)).flatMap((s) => s.poses);
      const photos = await Promise.all(
        poses.map((p) =>
          limit(async () => {
            const file = await webCopyOf(job.dir, p, settings.watermark);
            step();
            return file;
          }),
        ),
      );
      let orderForm: PreparedFile | undefined;
      // The form shows every sibling's proofs: online only when all of them allow online display.
      if (withForms && f.members.length === f.input.students.length)
        orderForm = await limit(async () => {
          const formPoses = f.input.students.flatMap((s) => s.poses);
          const images = formPoses.map((p) => p.imagePath);
          const file = await orderFormFile(job.dir, f.owner, f.input, images, async () => {
            await proofs.warm(formPoses);
            const ready = new Map<string, Buffer | null>();
            for (const p of formPoses) ready.set(proofKey(p), await proofs.get(p));
            return renderOrderForms([f.input], (p) => ready.get(proofKey(p)) ?? null, 'Bon de commande');
          });
          step();
          return file;
        });
      return { f, photos, orderForm, poses };
    }),
  );
  for (const { f, photos, orderForm, poses: onlinePoses } of built) {
    const family = f.input.students.length > 1;
    const studentRef = family ? ref('f', f.owner) : studentRefOf(f.members[0]!.id);
    const first = f.members[0]!;
    entries.push({ studentRef, studentIds: f.members.map((m) => m.id), photos: photos.length });
    photoCount += photos.length;
    if (orderForm) formCount += 1;
    manifestStudents.push({
      studentRef,
      classRef: ref('c', first.classId!),
      accessCode: f.input.code,
      displayName: f.members
        .map((m) => m.firstName)
        .join(' et ')
        .slice(0, 80),
      // The pose numbers printed on the paper form, so a family orders the same numbers online.
      photos: photos.map((p, i) => ({ sha256: keep(p), pose: onlinePoses[i]?.number ?? i + 1 })),
      products: f.input.products.map((p) => ({
        ref: p.ref,
        label: p.label,
        priceCents: p.priceCents,
        perPose: p.kind !== 'class_photo' && p.kind !== 'sibling_photo',
      })),
      ...(orderForm ? { orderFormSha256: keep(orderForm) } : {}),
    });
  }

  // A class photo is listed on the gallery of everyone on it who is online.
  const refsOf = (pick: ClassPhotoPick) =>
    entries.filter((e) => e.studentIds.some((id) => pick.studentIds.includes(id))).map((e) => e.studentRef);
  const classPhotos = new Map<string, Manifest['classes'][number]['classPhotos']>();
  let classPhotoCount = 0;
  for (const pick of allowedPicks) {
    const studentRefs = refsOf(pick);
    const file = await webCopyOf(job.dir, pick, settings.watermark);
    step();
    // Nobody on it has a gallery: no family could see it, so it stays here.
    if (studentRefs.length === 0) continue;
    const list = classPhotos.get(pick.classId) ?? [];
    if (!list.some((p) => p.sha256 === file.sha256)) list.push({ sha256: keep(file), studentRefs });
    classPhotos.set(pick.classId, list);
    classPhotoCount += 1;
  }
  const usedClasses = new Set([
    ...manifestStudents.map((s) => s.classRef),
    ...[...classPhotos.keys()].map((id) => ref('c', id)),
  ]);
  const dates = retentionDates(school.schoolYear, deps.retentionPolicy());
  const manifest: Manifest = {
    protocolVersion: 1,
    retention: { closeDate: dates.galleryCloses, deleteDate: dates.hdFilesDeleted },
    // Families order online until the forms' return date (the gallery's closing day without one).
    orderDeadline:
      settings.returnDeadline && settings.returnDeadline <= dates.galleryCloses
        ? settings.returnDeadline
        : dates.galleryCloses,
    classes: classes
      .filter((c) => usedClasses.has(ref('c', c.id)))
      .map((c) => ({
        classRef: ref('c', c.id),
        label: (c.label.trim() || 'Classe').slice(0, 80),
        classPhotos: classPhotos.get(c.id) ?? [],
      })),
    students: manifestStudents,
    files: [...files.values()],
  };
  return {
    galleryRef: galleryRefOf(job.id),
    gallery: {
      schoolName: (school.schoolName.trim() || 'École').slice(0, 200),
      town: school.town.slice(0, 200),
      schoolYear: school.schoolYear,
      // Whom a family asks when its gallery is not online: the association, as the forms name it.
      ...(school.association.legalName.trim()
        ? {
            contact: {
              name: school.association.legalName.trim().slice(0, 200),
              ...(school.association.contactEmail
                ? { email: school.association.contactEmail.slice(0, 200) }
                : {}),
              ...(school.association.contactPhone
                ? { phone: school.association.contactPhone.slice(0, 40) }
                : {}),
            },
          }
        : {}),
    },
    manifest,
    localPaths,
    entries,
    excluded,
    heldBack,
    counts: { photos: photoCount, classPhotos: classPhotoCount, orderForms: formCount },
  };
}
