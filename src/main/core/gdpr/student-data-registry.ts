/**
 * Who holds personal data about a student. Each feature that keeps rows about a student (roster,
 * consent, labels, order forms, access codes, publications…) registers an owner here that can list
 * and delete them; each feature that writes files naming or showing a student (order forms, proof
 * sheets, shoot-day lists, bookkeeping, XMP sidecars, web copies) declares them through `files`,
 * with how erasure removes or regenerates each. Erasure and the access export walk the registry, so
 * a feature added later (packing lists, labels, print files) is covered as soon as it registers,
 * and one that forgets to is the only place to look.
 */
import type { StudentFileKind } from '../../../shared/domain/gdpr';
import type { Db } from '../../lib/sqlite';
import type { OpenJob } from '../jobs/job-folder';

/** A photo linked to the student; `shared` when other students are on it too (class photo). */
export interface StudentPhotoLink {
  photoId: string;
  shared: boolean;
}

/** A file of the job naming or showing the student, and what erasure does with it. */
export interface StudentFile {
  kind: StudentFileKind;
  /** Absolute path; the file exists when it is listed. */
  path: string;
  /** `delete` when the file is the student's own; `regenerate` when it also shows others. */
  action: 'delete' | 'regenerate';
  /** A file that does not name the student but changes too: a sibling's form moves into it. */
  siblingForm?: boolean;
  /**
   * For `regenerate`: the new content without the student (made from the database as it is before
   * the erasure, leaving the student out), or null when nothing would be left in it (the file is
   * deleted instead). Called before anything is erased; it leaves nothing behind on disk. The
   * erasure writes the content atomically (temporary file + rename) over the file.
   */
  remake?: () => Promise<Buffer | string | null>;
}

export interface StudentFilesContext {
  job: OpenJob;
  studentId: string;
  /** Photos of the student that erasure deletes (not shared with other students). */
  ownPhotoIds: ReadonlySet<string>;
}

/**
 * One part of the right-of-access document, in French words a family reads: no internal id, no
 * code name (`online_gallery`), dates as dd/mm/yyyy. The PDF shows the sections in registry order;
 * the CSV has one line per entry.
 */
export interface AccessSection {
  title: string;
  /** Said when there is no entry (« Aucune commande enregistrée. »). */
  empty: string;
  entries: AccessEntry[];
}

export interface AccessEntry {
  label: string;
  value: string;
  /** dd/mm/yyyy (or with the time), or empty. */
  date: string;
  /** Where it comes from or anything that explains it (« formulaire papier »). */
  detail: string;
}

export interface StudentDataOwner {
  /** Short stable name used in reports (`consent`, `labels`, `forms`). */
  readonly name: string;
  /** Every row this owner keeps about the student, as plain objects (right of access). */
  rows(db: Db, studentId: string): Record<string, unknown>[];
  /** What these rows say, in French words, for the right-of-access document; null when it has nothing to add. */
  describe?(db: Db, studentId: string): AccessSection | null;
  /** Photos this owner links to the student (the labels feature); others leave it out. */
  photos?(db: Db, studentId: string): StudentPhotoLink[];
  /** Deletes (or anonymises) the student's rows; runs inside the erasure transaction. Returns how many. */
  erase(db: Db, studentId: string): number;
  /**
   * Files of the job this feature wrote that name or show the student (existing ones only). Listed
   * by the dry run; the erasure remakes every `regenerate` file first, then replaces or deletes
   * them all, then erases the rows.
   */
  files?(ctx: StudentFilesContext): Promise<StudentFile[]>;
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
