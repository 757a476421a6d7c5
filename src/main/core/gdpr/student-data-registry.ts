/**
 * Who holds personal data about a student. Each feature that keeps rows about a student (roster,
 * consent, labels, order forms, access codes, publications…) registers an owner here that can list
 * and delete them; erasure and the access export walk the registry, so a feature added later is
 * covered as soon as it registers, and one that forgets to is the only place to look.
 */
import type { Db } from '../db/sqlite';

/** A photo linked to the student; `shared` when other students are on it too (class photo). */
export interface StudentPhotoLink {
  photoId: string;
  shared: boolean;
}

export interface StudentDataOwner {
  /** Short stable name used in reports (`consent`, `labels`, `forms`). */
  readonly name: string;
  /** Every row this owner keeps about the student, as plain objects (right of access). */
  rows(db: Db, studentId: string): Record<string, unknown>[];
  /** Photos this owner links to the student (the labels feature); others leave it out. */
  photos?(db: Db, studentId: string): StudentPhotoLink[];
  /** Deletes (or anonymises) the student's rows; runs inside the erasure transaction. Returns how many. */
  erase(db: Db, studentId: string): number;
}

export class StudentDataRegistry {
  private readonly list: StudentDataOwner[] = [];

  register(owner: StudentDataOwner): void {
    if (this.list.some((o) => o.name === owner.name))
      throw new Error(`Student data owner ${owner.name} registered twice`);
    this.list.push(owner);
  }

  /** Registration order; the roster's own row is erased after every other owner ran. */
  owners(): readonly StudentDataOwner[] {
    return this.list;
  }
}
