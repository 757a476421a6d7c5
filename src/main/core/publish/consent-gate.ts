/**
 * The consent gate: what may go online, decided in the core so no UI path can skip it. A
 * student's photos go online only with an "online gallery" consent; a class photo only when every
 * student on it has that consent — otherwise it is held back and listed with the reason, for the
 * photographer to decide (retake the class photo without them, or wait for the consent).
 */
import type { Student } from '../../../shared/domain/roster';

/**
 * Whether a class photo may show this student online: the online-gallery consent, and the class
 * photo not refused or withdrawn. The gate below holds back a class photo with anyone failing it.
 */
export function classPhotoAllowed(s: Pick<Student, 'consent'>): boolean {
  return (
    s.consent.online_gallery === 'allowed' &&
    s.consent.class_photo !== 'refused' &&
    s.consent.class_photo !== 'withdrawn'
  );
}

export interface ConsentGateInput {
  /** Every student of the school, with whether online display is allowed for them. */
  students: readonly { studentRef: string; onlineGallery: boolean }[];
  /** Every class photo with the students on it. */
  classPhotos: readonly { photoRef: string; studentRefs: readonly string[] }[];
}

export type StudentExclusionReason = 'no_online_consent';
export type ClassPhotoHoldReason =
  'students_without_online_consent' | 'unknown_students' | 'no_students_listed';

export interface ConsentGateResult {
  allowedStudents: string[];
  excludedStudents: { studentRef: string; reason: StudentExclusionReason }[];
  allowedClassPhotos: string[];
  heldBackClassPhotos: {
    photoRef: string;
    reason: ClassPhotoHoldReason;
    /** The students who block it (no consent, or not on the roster). */
    studentRefs: string[];
  }[];
}

export function applyConsentGate(input: ConsentGateInput): ConsentGateResult {
  const consent = new Map(input.students.map((s) => [s.studentRef, s.onlineGallery]));
  const result: ConsentGateResult = {
    allowedStudents: [],
    excludedStudents: [],
    allowedClassPhotos: [],
    heldBackClassPhotos: [],
  };
  for (const s of input.students) {
    if (s.onlineGallery) result.allowedStudents.push(s.studentRef);
    else result.excludedStudents.push({ studentRef: s.studentRef, reason: 'no_online_consent' });
  }
  for (const photo of input.classPhotos) {
    // A student the roster does not know cannot have consented: the photo is held back too.
    const unknown = photo.studentRefs.filter((ref) => !consent.has(ref));
    const refused = photo.studentRefs.filter((ref) => consent.get(ref) === false);
    // Nobody listed means nobody checked who is on it: not proof that everyone consented.
    if (photo.studentRefs.length === 0)
      result.heldBackClassPhotos.push({
        photoRef: photo.photoRef,
        reason: 'no_students_listed',
        studentRefs: [],
      });
    else if (unknown.length > 0)
      result.heldBackClassPhotos.push({
        photoRef: photo.photoRef,
        reason: 'unknown_students',
        studentRefs: unknown,
      });
    else if (refused.length > 0)
      result.heldBackClassPhotos.push({
        photoRef: photo.photoRef,
        reason: 'students_without_online_consent',
        studentRefs: refused,
      });
    else result.allowedClassPhotos.push(photo.photoRef);
  }
  return result;
}
