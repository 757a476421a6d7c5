/**
 * What a grid cell shows about a photo beyond its image: the students on it, its mark, and the
 * warnings a person must see before the photo is sold or published — a student whose consent
 * refuses this use, a "do not photograph" student, a student whose consent form has not come back
 * (pending: shown while labeling, before anything is sold), a student of another class than the session's.
 * Pure (no React), so every cell of a 20,000-photo grid computes it the same cheap way.
 */
import { labelingConsent, labelUse } from '../../../shared/domain/consent';
import type { PhotoMark } from '../../../shared/domain/labeling';
import type { SchoolClass, Student } from '../../../shared/domain/roster';

export type BadgeTone = 'danger' | 'warning' | 'neutral';
export type BadgeKind = 'doNotPhotograph' | 'consent' | 'pending' | 'otherClass' | 'class' | 'card';

export interface PhotoBadge {
  kind: BadgeKind;
  tone: BadgeTone;
  /** Class label for `otherClass` and `class`; empty otherwise. */
  text: string;
}

export interface PhotoFacts {
  /** Students' names, joined for the caption; empty when nobody is on the photo. */
  names: string;
  mark: PhotoMark | null;
  badges: PhotoBadge[];
}

const NO_BADGES: PhotoBadge[] = [];

export function studentName(s: Pick<Student, 'firstName' | 'displayName'>): string {
  return `${s.firstName} ${s.displayName}`;
}

/**
 * `sessionClassId`: the class of the session the photo is shown in (null when none, or in views
 * across classes: then each student's class is shown as a neutral badge instead of a warning).
 */
export function photoFacts(
  state:
    { studentIds: readonly string[]; mark: PhotoMark | null; cardStudentIds?: readonly string[] } | undefined,
  studentsById: ReadonlyMap<string, Student>,
  classesById: ReadonlyMap<string, SchoolClass>,
  sessionClassId: string | null,
  showClass: boolean,
): PhotoFacts {
  if (!state) return { names: '', mark: null, badges: NO_BADGES };
  const badges: PhotoBadge[] = [];
  const names: string[] = [];
  const use = labelUse(state.mark);
  const classes = new Set<string>();
  for (const id of state.studentIds) {
    const s = studentsById.get(id);
    if (!s) {
      names.push('?');
      continue;
    }
    names.push(studentName(s));
    if (state.mark === 'rejected') continue;
    const consent = labelingConsent(s.consent, use);
    const kind: BadgeKind | null =
      consent.verdict === 'forbidden'
        ? consent.use === 'photo'
          ? 'doNotPhotograph'
          : 'consent'
        : consent.verdict === 'pending'
          ? 'pending'
          : null;
    if (kind && !badges.some((b) => b.kind === kind))
      badges.push({ kind, tone: kind === 'pending' ? 'warning' : 'danger', text: '' });
    if (s.classId) classes.add(s.classId);
  }
  for (const classId of classes) {
    const label = classesById.get(classId)?.label ?? '?';
    if (showClass) badges.push({ kind: 'class', tone: 'neutral', text: label });
    else if (sessionClassId !== null && classId !== sessionClassId)
      badges.push({ kind: 'otherClass', tone: 'warning', text: label });
  }
  // A label a printed card gave, not yet confirmed by a person.
  if ((state.cardStudentIds?.length ?? 0) > 0) badges.push({ kind: 'card', tone: 'neutral', text: '' });
  return { names: names.join(', '), mark: state.mark, badges };
}
