/**
 * The access codes of a job (`access_code`, one live code per owner: a student or a sibling group)
 * and the studio-wide registry of every code ever drawn (`access_code_registry` in the studio
 * index, whose primary key keeps a code unique in the studio and never drawn twice). Orders typed
 * from returned forms belong to the order book (core/orders).
 */
import type { Db } from '../../lib/sqlite';

export type CodeOwnerKind = 'student' | 'family';

export interface CodeRow {
  code: string;
  owner_key: string;
  kind: CodeOwnerKind;
  student_ids: string;
  issued_at: string;
  revoked_at: string | null;
}

/** A code naming a student, as the right of access and erasure read it. */
export interface StudentCodeRow {
  code: string;
  kind: CodeOwnerKind;
  studentIds: string;
  issuedAt: string;
  revokedAt: string | null;
}

export interface NewCode {
  code: string;
  ownerKey: string;
  kind: CodeOwnerKind;
  studentIds: string;
  issuedAt: string;
}

export class AccessCodeRepository {
  constructor(private readonly db: Db) {}

  live(): CodeRow[] {
    return this.db.prepare('SELECT * FROM access_code WHERE revoked_at IS NULL').all() as CodeRow[];
  }

  /** Stores new codes in one transaction. */
  insertMany(codes: readonly NewCode[]): void {
    const insert = this.db.prepare(
      `INSERT INTO access_code (code, owner_key, kind, student_ids, issued_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const c of codes) insert.run(c.code, c.ownerKey, c.kind, c.studentIds, c.issuedAt);
    })();
  }

  /** Every code, revoked ones included. */
  all(): CodeRow[] {
    return this.db.prepare('SELECT * FROM access_code ORDER BY issued_at, code').all() as CodeRow[];
  }

  byCode(code: string): CodeRow | undefined {
    return this.db.prepare('SELECT * FROM access_code WHERE code = ?').get(code) as CodeRow | undefined;
  }

  revoke(code: string, at: string, reason: string): void {
    this.db
      .prepare('UPDATE access_code SET revoked_at = ?, revoked_reason = ? WHERE code = ?')
      .run(at, reason, code);
  }

  /** The codes naming the student (their own, and their sibling group's). */
  ofStudent(studentId: string): StudentCodeRow[] {
    return this.db
      .prepare(
        `SELECT code, kind, student_ids AS studentIds, issued_at AS issuedAt, revoked_at AS revokedAt
           FROM access_code WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?)`,
      )
      .all(studentId) as StudentCodeRow[];
  }

  /** The owner keys of every code naming the student (the order forms made for them). */
  ownerKeysOf(studentId: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT owner_key AS owner FROM access_code
            WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?)`,
        )
        .all(studentId) as { owner: string }[]
    ).map((r) => r.owner);
  }

  /** The classes of the student's siblings under a live family code (their forms name the student). */
  siblingClassesOf(studentId: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT s.class_id AS classId FROM access_code c, json_each(c.student_ids) j
             JOIN student s ON s.id = j.value
            WHERE c.kind = 'family' AND c.revoked_at IS NULL AND j.value <> ?
              AND EXISTS (SELECT 1 FROM json_each(c.student_ids) WHERE value = ?)`,
        )
        .all(studentId, studentId) as { classId: string | null }[]
    ).flatMap((r) => (r.classId ? [r.classId] : []));
  }

  delete(code: string): number {
    return this.db.prepare('DELETE FROM access_code WHERE code = ?').run(code).changes;
  }

  /** A sibling group's code no longer names an erased student, and stops working (the others get a new one). */
  dropFromFamily(code: string, remaining: readonly string[], at: string): number {
    return this.db
      .prepare(
        `UPDATE access_code SET student_ids = ?, revoked_at = COALESCE(revoked_at, ?),
                revoked_reason = CASE WHEN revoked_at IS NULL THEN 'erasure' ELSE revoked_reason END
          WHERE code = ?`,
      )
      .run(JSON.stringify(remaining), at, code).changes;
  }
}

/** The studio-wide registry of drawn codes (in the studio index database). */
export class AccessCodeRegistryRepository {
  constructor(private readonly db: Db) {}

  /** Reserves `code` for the job; false when the studio already drew it once. */
  reserve(code: string, jobId: string, at: string): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO access_code_registry (code, job_id, issued_at) VALUES (?, ?, ?)')
        .run(code, jobId, at).changes === 1
    );
  }

  /** Runs `work` in one transaction of the registry. */
  inTransaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  revoke(code: string, at: string): void {
    this.db.prepare('UPDATE access_code_registry SET revoked_at = ? WHERE code = ?').run(at, code);
  }
}
