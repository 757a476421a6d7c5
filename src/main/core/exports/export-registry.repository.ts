/**
 * The registry of files the job wrote for people to read — order forms, proof sheets, shoot-day
 * lists, bookkeeping, access exports — with the students each names or shows and the recipe to
 * make it again, and every time one left the app (opened in another program, downloaded, written
 * outside the job folder). Erasure asks it which files name a student, so it regenerates exactly
 * those and tells the studio which copies are already out of its reach.
 */
import path from 'node:path';
import type { HandoutWay, StudentFileKind } from '../../../shared/domain/gdpr';
import type { OpenJob } from '../jobs/job-folder';

export interface ExportRecord {
  /** Absolute path. */
  path: string;
  /** The feature that wrote it and knows how to make it again (`forms`, `roster`, `gdpr`). */
  feature: string;
  kind: StudentFileKind;
  /** What the feature needs to make the same file again (its class, language, format…). */
  recipe: Record<string, unknown>;
  studentIds: string[];
  writtenAt: string;
  /** False when the file was written outside the job folder (`--out`): it is out of the app's hands. */
  insideJob: boolean;
}

export interface ExportHandout {
  path: string;
  kind: StudentFileKind;
  how: HandoutWay;
  at: string;
}

interface FileRow {
  path: string;
  feature: string;
  kind: StudentFileKind;
  recipe: string;
  student_ids: string;
  written_at: string;
}

const NAMING = `EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?)`;

export class ExportRegistry {
  constructor(private readonly job: Pick<OpenJob, 'db' | 'dir'>) {}

  /** The stored key: relative to the job folder (forward slashes) when inside it, absolute otherwise. */
  private key(file: string): string {
    const relative = path.relative(this.job.dir, path.resolve(file));
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
      ? relative.split(path.sep).join('/')
      : path.resolve(file);
  }

  private toRecord(row: FileRow): ExportRecord {
    const inside = !path.isAbsolute(row.path);
    return {
      path: inside ? path.join(this.job.dir, ...row.path.split('/')) : row.path,
      feature: row.feature,
      kind: row.kind,
      recipe: JSON.parse(row.recipe) as Record<string, unknown>,
      studentIds: JSON.parse(row.student_ids) as string[],
      writtenAt: row.written_at,
      insideJob: inside,
    };
  }

  /**
   * Records a file just written (replacing what was known of the same path). A file written outside
   * the job folder is handed out at once: the app will not touch it again.
   */
  record(file: Omit<ExportRecord, 'writtenAt' | 'insideJob'>): void {
    const key = this.key(file.path);
    const at = new Date().toISOString();
    const students = JSON.stringify([...new Set(file.studentIds)].sort());
    this.job.db
      .prepare(
        `INSERT INTO export_file (path, feature, kind, recipe, student_ids, written_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET feature = excluded.feature, kind = excluded.kind,
           recipe = excluded.recipe, student_ids = excluded.student_ids, written_at = excluded.written_at`,
      )
      .run(key, file.feature, file.kind, JSON.stringify(file.recipe), students, at);
    if (path.isAbsolute(key)) this.insertHandout(key, file.kind, 'outside', at, students);
  }

  /** Notes that a registered file left the app (`how`); an unregistered one names no one known. */
  handedOut(file: string, how: HandoutWay): void {
    const key = this.key(file);
    const row = this.job.db.prepare('SELECT * FROM export_file WHERE path = ?').get(key) as
      FileRow | undefined;
    if (row) this.insertHandout(key, row.kind, how, new Date().toISOString(), row.student_ids);
  }

  private insertHandout(key: string, kind: string, how: HandoutWay, at: string, students: string): void {
    this.job.db
      .prepare('INSERT INTO export_handout (path, kind, how, at, student_ids) VALUES (?, ?, ?, ?, ?)')
      .run(key, kind, how, at, students);
  }

  /** The registered files naming or showing the student, of one feature or of all. */
  naming(studentId: string, feature?: string): ExportRecord[] {
    const rows = (
      feature
        ? this.job.db
            .prepare(`SELECT * FROM export_file WHERE feature = ? AND ${NAMING} ORDER BY path`)
            .all(feature, studentId)
        : this.job.db.prepare(`SELECT * FROM export_file WHERE ${NAMING} ORDER BY path`).all(studentId)
    ) as FileRow[];
    return rows.map((r) => this.toRecord(r));
  }

  /** Every registered file of a feature (the school PDF is assembled from the class PDFs). */
  ofFeature(feature: string): ExportRecord[] {
    return (
      this.job.db
        .prepare('SELECT * FROM export_file WHERE feature = ? ORDER BY path')
        .all(feature) as FileRow[]
    ).map((r) => this.toRecord(r));
  }

  /** Every time a file naming the student left the app, oldest first. */
  /** The kind and date of each file naming the student, oldest first (the right of access's CSV). */
  rowsNaming(studentId: string): Record<string, unknown>[] {
    return this.job.db
      .prepare(
        `SELECT kind, written_at AS writtenAt FROM export_file
          WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?) ORDER BY written_at`,
      )
      .all(studentId) as Record<string, unknown>[];
  }

  handoutsOf(studentId: string): ExportHandout[] {
    const rows = this.job.db
      .prepare(`SELECT path, kind, how, at FROM export_handout WHERE ${NAMING} ORDER BY at, id`)
      .all(studentId) as ExportHandout[];
    return rows.map((r) => ({
      ...r,
      path: path.isAbsolute(r.path) ? r.path : path.join(this.job.dir, ...r.path.split('/')),
    }));
  }

  /**
   * Which of these files the registry does not know: written before it existed (an older version).
   * Their features look for them at their default names and treat them as naming anyone.
   */
  unknown(files: readonly string[]): string[] {
    const known = this.job.db.prepare('SELECT 1 FROM export_file WHERE path = ?');
    return files.filter((f) => !known.get(this.key(f)));
  }

  /** Forgets a file the app deleted. */
  forget(file: string): void {
    this.job.db.prepare('DELETE FROM export_file WHERE path = ?').run(this.key(file));
  }

  /**
   * Erasure: the student is no longer named anywhere in the registry. Files and hand-outs stay
   * known (the others are still in them), without this student.
   */
  dropStudent(studentId: string): number {
    let changes = 0;
    for (const table of ['export_file', 'export_handout'] as const)
      changes += this.job.db
        .prepare(
          `UPDATE ${table} SET student_ids = (SELECT COALESCE(json_group_array(value), '[]')
                                              FROM json_each(student_ids) WHERE value <> ?)
            WHERE ${NAMING}`,
        )
        .run(studentId, studentId).changes;
    return changes;
  }
}
