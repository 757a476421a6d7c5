/**
 * The only code that reads and writes the school, classes, staff, students and sibling links of a
 * job database. Rows are snake_case; they are mapped to camelCase records here and nowhere else.
 */
import { randomUUID } from 'node:crypto';
import type { AssociationType, SchoolType } from '../../../shared/domain/school';
import type { Db } from '../../lib/sqlite';

export interface SchoolRecord {
  uai: string;
  schoolType: SchoolType;
  associationType: AssociationType;
  associationLegalName: string;
  chequePayee: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  siblingPhotos: boolean;
}

export interface ClassRecord {
  id: string;
  label: string;
  code: string;
  level: string;
  sortOrder: number;
}

export interface StaffRecord {
  id: string;
  classId: string;
  name: string;
  role: 'teacher' | 'assistant' | 'other';
}

export interface StudentRecord {
  id: string;
  classId: string | null;
  familyName: string;
  usageName: string;
  firstName: string;
  level: string;
  birthDate: string | null;
  ine: string | null;
  archived: boolean;
  rosterOrder: number;
  authorityHolders: 1 | 2;
  photoHint: 'yes' | 'no' | null;
}

interface SchoolRow {
  uai: string;
  school_type: SchoolType;
  association_type: AssociationType;
  association_legal_name: string;
  cheque_payee: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  sibling_photos: number;
}

interface ClassRow {
  id: string;
  label: string;
  code: string;
  level: string;
  sort_order: number;
}

interface StudentRow {
  id: string;
  class_id: string | null;
  family_name: string;
  usage_name: string;
  first_name: string;
  level: string;
  birth_date: string | null;
  ine: string | null;
  archived: number;
  roster_order: number;
  authority_holders: number;
  photo_hint: 'yes' | 'no' | null;
}

const toClass = (r: ClassRow): ClassRecord => ({
  id: r.id,
  label: r.label,
  code: r.code,
  level: r.level,
  sortOrder: r.sort_order,
});

const toStudent = (r: StudentRow): StudentRecord => ({
  id: r.id,
  classId: r.class_id,
  familyName: r.family_name,
  usageName: r.usage_name,
  firstName: r.first_name,
  level: r.level,
  birthDate: r.birth_date,
  ine: r.ine,
  archived: r.archived === 1,
  rosterOrder: r.roster_order,
  authorityHolders: r.authority_holders === 1 ? 1 : 2,
  photoHint: r.photo_hint,
});

export type NewStudent = Omit<StudentRecord, 'id' | 'archived' | 'authorityHolders'>;

export class RosterRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  school(): SchoolRecord {
    this.db
      .prepare(`INSERT OR IGNORE INTO school (id, updated_at) VALUES (1, ?)`)
      .run(new Date().toISOString());
    const r = this.db.prepare('SELECT * FROM school WHERE id = 1').get() as SchoolRow;
    return {
      uai: r.uai,
      schoolType: r.school_type,
      associationType: r.association_type,
      associationLegalName: r.association_legal_name,
      chequePayee: r.cheque_payee,
      contactName: r.contact_name,
      contactEmail: r.contact_email,
      contactPhone: r.contact_phone,
      siblingPhotos: r.sibling_photos === 1,
    };
  }

  saveSchool(s: SchoolRecord): void {
    this.school();
    this.db
      .prepare(
        `UPDATE school SET uai = @uai, school_type = @schoolType, association_type = @associationType,
           association_legal_name = @associationLegalName, cheque_payee = @chequePayee,
           contact_name = @contactName, contact_email = @contactEmail, contact_phone = @contactPhone,
           sibling_photos = @siblingPhotos, updated_at = @now
         WHERE id = 1`,
      )
      .run({ ...s, siblingPhotos: s.siblingPhotos ? 1 : 0, now: new Date().toISOString() });
  }

  /** School name, town, year and shoot dates live on the job row (they name the job folder and the recent list). */
  saveJobIdentity(j: { schoolName: string; town: string; schoolYear: string; shootDates: string[] }): void {
    this.db
      .prepare('UPDATE job SET school_name = ?, town = ?, school_year = ?, shoot_dates = ?, updated_at = ?')
      .run(j.schoolName, j.town, j.schoolYear, JSON.stringify(j.shootDates), new Date().toISOString());
  }

  classes(): ClassRecord[] {
    return (this.db.prepare('SELECT * FROM class ORDER BY sort_order, label').all() as ClassRow[]).map(
      toClass,
    );
  }

  classById(id: string): ClassRecord | undefined {
    const r = this.db.prepare('SELECT * FROM class WHERE id = ?').get(id) as ClassRow | undefined;
    return r && toClass(r);
  }

  insertClass(c: Omit<ClassRecord, 'id' | 'sortOrder'>): ClassRecord {
    const id = randomUUID();
    const sortOrder = (
      this.db.prepare('SELECT COALESCE(MAX(sort_order), 0) + 1 AS n FROM class').get() as { n: number }
    ).n;
    this.db
      .prepare('INSERT INTO class (id, label, code, level, sort_order, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, c.label, c.code, c.level, sortOrder, new Date().toISOString());
    return { id, ...c, sortOrder };
  }

  updateClass(id: string, patch: Partial<Pick<ClassRecord, 'label' | 'code' | 'level'>>): void {
    const current = this.classById(id);
    if (!current) return;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE class SET label = ?, code = ?, level = ? WHERE id = ?')
      .run(next.label, next.code, next.level, id);
  }

  deleteClass(id: string): void {
    this.db.prepare('DELETE FROM class WHERE id = ?').run(id);
  }

  studentCounts(): Map<string, number> {
    const rows = this.db
      .prepare(
        'SELECT class_id, COUNT(*) AS n FROM student WHERE archived = 0 AND class_id IS NOT NULL GROUP BY class_id',
      )
      .all() as { class_id: string; n: number }[];
    return new Map(rows.map((r) => [r.class_id, r.n]));
  }

  staff(classId?: string): StaffRecord[] {
    const rows = (
      classId
        ? this.db.prepare('SELECT * FROM class_staff WHERE class_id = ? ORDER BY sort_order').all(classId)
        : this.db.prepare('SELECT * FROM class_staff ORDER BY class_id, sort_order').all()
    ) as { id: string; class_id: string; name: string; role: StaffRecord['role'] }[];
    return rows.map((r) => ({ id: r.id, classId: r.class_id, name: r.name, role: r.role }));
  }

  replaceStaff(classId: string, staff: { name: string; role: StaffRecord['role'] }[]): void {
    this.db.prepare('DELETE FROM class_staff WHERE class_id = ?').run(classId);
    const insert = this.db.prepare(
      'INSERT INTO class_staff (id, class_id, name, role, sort_order) VALUES (?, ?, ?, ?, ?)',
    );
    staff.forEach((s, i) => insert.run(randomUUID(), classId, s.name, s.role, i));
  }

  /** Students in class order, then roster order; students without a class last. */
  students(options: { classId?: string; includeArchived?: boolean } = {}): StudentRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (options.classId) {
      where.push('s.class_id = ?');
      args.push(options.classId);
    }
    if (!options.includeArchived) where.push('s.archived = 0');
    const sql = `SELECT s.* FROM student s LEFT JOIN class c ON c.id = s.class_id
                 ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY c.sort_order IS NULL, c.sort_order, s.roster_order, s.family_name, s.first_name`;
    return (this.db.prepare(sql).all(...args) as StudentRow[]).map(toStudent);
  }

  student(id: string): StudentRecord | undefined {
    const r = this.db.prepare('SELECT * FROM student WHERE id = ?').get(id) as StudentRow | undefined;
    return r && toStudent(r);
  }

  insertStudent(s: NewStudent): string {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO student (id, class_id, family_name, usage_name, first_name, level, birth_date, ine,
           roster_order, photo_hint, created_at, updated_at)
         VALUES (@id, @classId, @familyName, @usageName, @firstName, @level, @birthDate, @ine,
           @rosterOrder, @photoHint, @now, @now)`,
      )
      .run({ ...s, id, now });
    return id;
  }

  updateStudent(id: string, patch: Partial<Omit<StudentRecord, 'id'>>): void {
    const current = this.student(id);
    if (!current) return;
    const n = { ...current, ...patch };
    this.db
      .prepare(
        `UPDATE student SET class_id = @classId, family_name = @familyName, usage_name = @usageName,
           first_name = @firstName, level = @level, birth_date = @birthDate, ine = @ine,
           archived = @archived, roster_order = @rosterOrder, authority_holders = @authorityHolders,
           photo_hint = @photoHint, updated_at = @now
         WHERE id = @id`,
      )
      .run({ ...n, archived: n.archived ? 1 : 0, now: new Date().toISOString() });
  }

  nextRosterOrder(classId: string | null): number {
    return (
      this.db
        .prepare('SELECT COALESCE(MAX(roster_order), 0) + 1 AS n FROM student WHERE class_id IS ?')
        .get(classId) as { n: number }
    ).n;
  }

  /** Moves consent records, sibling links and publication marks from `from` to `into`, then deletes `from`. */
  mergeStudentInto(from: string, into: string): void {
    this.db.prepare('UPDATE consent_record SET student_id = ? WHERE student_id = ?').run(into, from);
    this.db.prepare('UPDATE removal_request SET student_id = ? WHERE student_id = ?').run(into, from);
    this.db
      .prepare(
        `INSERT OR IGNORE INTO student_publication (student_id, published_at)
         SELECT ?, published_at FROM student_publication WHERE student_id = ?`,
      )
      .run(into, from);
    const links = this.siblingsOf(from);
    this.db.prepare('DELETE FROM student WHERE id = ?').run(from);
    for (const other of links) if (other !== into) this.linkSiblings(into, other);
  }

  siblingsOf(id: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT student_b AS other FROM sibling_link WHERE student_a = ?
         UNION SELECT student_a AS other FROM sibling_link WHERE student_b = ?`,
      )
      .all(id, id) as { other: string }[];
    return rows.map((r) => r.other);
  }

  siblingPairs(): [string, string][] {
    return (
      this.db.prepare('SELECT student_a, student_b FROM sibling_link').all() as {
        student_a: string;
        student_b: string;
      }[]
    ).map((r) => [r.student_a, r.student_b]);
  }

  linkSiblings(a: string, b: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.db
      .prepare('INSERT OR IGNORE INTO sibling_link (student_a, student_b, confirmed_at) VALUES (?, ?, ?)')
      .run(x, y, new Date().toISOString());
  }

  unlinkSiblings(a: string, b: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.db.prepare('DELETE FROM sibling_link WHERE student_a = ? AND student_b = ?').run(x, y);
  }

  /** Deletes the student's row (erasure; the rows that point at it are gone or follow by cascade). */
  deleteStudent(id: string): number {
    return this.db.prepare('DELETE FROM student WHERE id = ?').run(id).changes;
  }
}
