/**
 * SQLite access of production: the originals behind the photos to print (file name, ingest SHA-256,
 * EXIF orientation and the other registered copies), the students and classes printed on files and
 * labels, and the record of runs with their image files (what retention and erasure reach).
 */
import type { Db } from '../../lib/sqlite';

export interface OriginalRow {
  photoId: string;
  fileName: string;
  sha256: string;
  orientation: number;
  /** Registered copies of the same bytes (the job's copy and the backup copies), absolute paths. */
  copies: string[];
}

export interface StudentRow {
  id: string;
  firstName: string;
  displayName: string;
  classId: string | null;
  classLabel: string;
}

export type ProductionFileKind = 'print' | 'sheet' | 'class_photo' | 'digital' | 'document';

export interface ProductionFileRow {
  runId: string;
  path: string;
  kind: ProductionFileKind;
  studentIds: string[];
}

/** An item of a produced order, as the packing list shows it. */
export interface PackedItem {
  format: string;
  quantity: number;
  pose: number | null;
  photoId: string;
}

export interface ProducedOrder {
  runId: string;
  orderId: string;
  number: string;
  studentIds: string[];
  classId: string | null;
  items: PackedItem[];
}

export class ProductionRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** The originals of these photos with every registered copy of their bytes. */
  originals(photoIds: readonly string[]): Map<string, OriginalRow> {
    const out = new Map<string, OriginalRow>();
    const photo = this.db.prepare('SELECT id, file_name, sha256, orientation FROM photo WHERE id = ?');
    const copies = this.db.prepare(
      "SELECT destinations FROM card_file WHERE sha256 = ? AND status = 'verified'",
    );
    for (const id of photoIds) {
      const r = photo.get(id) as
        { id: string; file_name: string; sha256: string; orientation: number } | undefined;
      if (!r) continue;
      const rows = copies.all(r.sha256) as { destinations: string }[];
      out.set(id, {
        photoId: r.id,
        fileName: r.file_name,
        sha256: r.sha256,
        orientation: r.orientation,
        copies: [...new Set(rows.flatMap((row) => JSON.parse(row.destinations) as string[]))],
      });
    }
    return out;
  }

  /** Every student (archived ones included) with the name used in the school and their class. */
  students(): Map<string, StudentRow> {
    const rows = this.db
      .prepare(
        `SELECT s.id, s.first_name, CASE WHEN s.usage_name <> '' THEN s.usage_name ELSE s.family_name END AS display_name,
                s.class_id, COALESCE(c.label, '') AS class_label
           FROM student s LEFT JOIN class c ON c.id = s.class_id`,
      )
      .all() as {
      id: string;
      first_name: string;
      display_name: string;
      class_id: string | null;
      class_label: string;
    }[];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          firstName: r.first_name,
          displayName: r.display_name,
          classId: r.class_id,
          classLabel: r.class_label,
        },
      ]),
    );
  }

  /** The selling association's legal name (delivery slips), or ''. */
  association(): string {
    const r = this.db.prepare('SELECT association_legal_name AS name FROM school WHERE id = 1').get() as
      { name: string } | undefined;
    return r?.name ?? '';
  }

  /** Photos whose job copy or a backup copy the last check of originals found damaged or missing. */
  damagedPhotos(photoIds: readonly string[]): Set<string> {
    const q = this.db.prepare(
      "SELECT 1 FROM card_file f JOIN photo p ON p.sha256 = f.sha256 WHERE p.id = ? AND f.missing <> '[]' LIMIT 1",
    );
    return new Set(photoIds.filter((id) => q.get(id) !== undefined));
  }

  /** Classes in roster order. */
  classes(): { id: string; label: string }[] {
    return this.db.prepare('SELECT id, label FROM class ORDER BY rowid').all() as {
      id: string;
      label: string;
    }[];
  }

  /** Photos labeled with every one of these students (sibling photos), in capture order. */
  photosWithAll(studentIds: readonly string[]): string[] {
    if (studentIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT l.photo_id FROM photo_label l JOIN photo p ON p.id = l.photo_id
          WHERE l.student_id IN (SELECT value FROM json_each(?))
          GROUP BY l.photo_id HAVING COUNT(DISTINCT l.student_id) = ?
          ORDER BY MIN(p.capture_ms), MIN(p.file_name)`,
      )
      .all(JSON.stringify(studentIds), studentIds.length) as { photo_id: string }[];
    return rows.map((r) => r.photo_id);
  }

  startRun(id: string, startedAt: string, profile: unknown, outPath: string): void {
    this.db
      .prepare(
        `INSERT INTO production_run (id, started_at, profile, out_path) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(id, startedAt, JSON.stringify(profile), outPath);
  }

  finishRun(
    id: string,
    finishedAt: string,
    outPath: string,
    counts: { orders: number; prints: number },
    files: readonly Omit<ProductionFileRow, 'runId'>[],
  ): void {
    this.transaction(() => {
      this.db
        .prepare(
          'UPDATE production_run SET finished_at = ?, out_path = ?, orders = ?, prints = ?, files = ? WHERE id = ?',
        )
        .run(finishedAt, outPath, counts.orders, counts.prints, files.length, id);
      this.db.prepare('DELETE FROM production_file WHERE run_id = ?').run(id);
      const insert = this.db.prepare(
        'INSERT OR REPLACE INTO production_file (run_id, path, kind, student_ids) VALUES (?, ?, ?, ?)',
      );
      for (const f of files) insert.run(id, f.path, f.kind, JSON.stringify(f.studentIds));
    });
  }

  /** Records the orders a run produced (replacing what a resumed run recorded before). */
  recordOrders(runId: string, orders: readonly Omit<ProducedOrder, 'runId'>[]): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM production_order WHERE run_id = ?').run(runId);
      const insert = this.db.prepare(
        'INSERT INTO production_order (run_id, order_id, number, student_ids, class_id, items) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const o of orders)
        insert.run(
          runId,
          o.orderId,
          o.number,
          JSON.stringify(o.studentIds),
          o.classId,
          JSON.stringify(o.items),
        );
    });
  }

  /** Each order as its latest finished run produced it. */
  producedOrders(): ProducedOrder[] {
    const rows = this.db
      .prepare(
        `SELECT o.run_id, o.order_id, o.number, o.student_ids, o.class_id, o.items
           FROM production_order o JOIN production_run r ON r.id = o.run_id
          WHERE r.finished_at IS NOT NULL
          ORDER BY r.finished_at, o.number`,
      )
      .all() as {
      run_id: string;
      order_id: string;
      number: string;
      student_ids: string;
      class_id: string | null;
      items: string;
    }[];
    const latest = new Map<string, ProducedOrder>();
    for (const r of rows)
      latest.set(r.order_id, {
        runId: r.run_id,
        orderId: r.order_id,
        number: r.number,
        studentIds: JSON.parse(r.student_ids) as string[],
        classId: r.class_id,
        items: JSON.parse(r.items) as PackedItem[],
      });
    return [...latest.values()];
  }

  /** Forgets the produced orders of a student (erasure): the order book keeps its anonymous line. */
  eraseOrdersOf(studentId: string): number {
    return this.db
      .prepare(
        'DELETE FROM production_order WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?)',
      )
      .run(studentId).changes;
  }

  /** The last finished run, or null.*/
  lastRun(): {
    id: string;
    outPath: string;
    finishedAt: string;
    orders: number;
    prints: number;
    files: number;
  } | null {
    const r = this.db
      .prepare(
        `SELECT id, out_path, finished_at, orders, prints, files FROM production_run
          WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
      )
      .get() as
      | { id: string; out_path: string; finished_at: string; orders: number; prints: number; files: number }
      | undefined;
    return r
      ? {
          id: r.id,
          outPath: r.out_path,
          finishedAt: r.finished_at,
          orders: r.orders,
          prints: r.prints,
          files: r.files,
        }
      : null;
  }

  /** Files of every run showing or naming the student. */
  filesOf(studentId: string): ProductionFileRow[] {
    const rows = this.db
      .prepare(
        `SELECT f.run_id, f.path, f.kind, f.student_ids FROM production_file f
          WHERE EXISTS (SELECT 1 FROM json_each(f.student_ids) WHERE value = ?)`,
      )
      .all(studentId) as { run_id: string; path: string; kind: ProductionFileKind; student_ids: string }[];
    return rows.map((r) => ({
      runId: r.run_id,
      path: r.path,
      kind: r.kind,
      studentIds: JSON.parse(r.student_ids) as string[],
    }));
  }

  /** Every image file of every run (what a purge of high-definition files deletes). */
  imageFiles(): string[] {
    return (
      this.db.prepare("SELECT path FROM production_file WHERE kind <> 'document'").all() as { path: string }[]
    ).map((r) => r.path);
  }

  /** Forgets the files of a student (their own files are deleted; shared ones stop naming them). */
  eraseStudent(studentId: string): number {
    let n = 0;
    for (const f of this.filesOf(studentId)) {
      const rest = f.studentIds.filter((s) => s !== studentId);
      if (rest.length === 0)
        n += this.db
          .prepare('DELETE FROM production_file WHERE run_id = ? AND path = ?')
          .run(f.runId, f.path).changes;
      else
        n += this.db
          .prepare('UPDATE production_file SET student_ids = ? WHERE run_id = ? AND path = ?')
          .run(JSON.stringify(rest), f.runId, f.path).changes;
    }
    return n;
  }
}
