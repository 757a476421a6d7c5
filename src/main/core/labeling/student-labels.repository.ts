/**
 * The labeling tables seen from one student (erasure, right of access): the photos labelled with
 * them, whether each also shows someone else, the "absent" marks and the undo steps naming them.
 */
import type { Db } from '../../lib/sqlite';

export class StudentLabelsRepository {
  constructor(private readonly db: Db) {}

  labelRows(studentId: string): Record<string, unknown>[] {
    return this.db
      .prepare('SELECT photo_id AS photoId, updated_at AS updatedAt FROM photo_label WHERE student_id = ?')
      .all(studentId) as Record<string, unknown>[];
  }

  /** The student's photos in capture order, `shared` when another student or the class is on it too. */
  photosInWords(studentId: string): { fileName: string; capturedAt: string | null; shared: number }[] {
    return this.db
      .prepare(
        `SELECT p.file_name AS fileName, p.captured_at AS capturedAt,
                EXISTS (SELECT 1 FROM photo_label o WHERE o.photo_id = p.id AND o.student_id <> l.student_id)
                OR EXISTS (SELECT 1 FROM photo_mark m WHERE m.photo_id = p.id AND m.mark IN ('class', 'staff'))
                AS shared
           FROM photo_label l JOIN photo p ON p.id = l.photo_id
          WHERE l.student_id = ? ORDER BY p.capture_ms, p.file_name`,
      )
      .all(studentId) as { fileName: string; capturedAt: string | null; shared: number }[];
  }

  photos(studentId: string): { photoId: string; shared: boolean }[] {
    return (
      this.db
        .prepare(
          `SELECT l.photo_id AS photoId,
                  EXISTS (SELECT 1 FROM photo_label o WHERE o.photo_id = l.photo_id AND o.student_id <> l.student_id)
                  OR EXISTS (SELECT 1 FROM photo_mark m WHERE m.photo_id = l.photo_id AND m.mark IN ('class', 'staff'))
                  AS shared
             FROM photo_label l WHERE l.student_id = ?`,
        )
        .all(studentId) as { photoId: string; shared: number }[]
    ).map((r) => ({ photoId: r.photoId, shared: r.shared === 1 }));
  }

  /** The files of the photos labelled with the student. */
  labelledPhotos(studentId: string): { id: string; fileName: string }[] {
    return this.db
      .prepare(
        `SELECT p.id, p.file_name AS fileName FROM photo p
          WHERE EXISTS (SELECT 1 FROM photo_label l WHERE l.photo_id = p.id AND l.student_id = ?)`,
      )
      .all(studentId) as { id: string; fileName: string }[];
  }

  /** Deletes the student's labels, absent marks and the undo or redo steps that would label them again. */
  erase(studentId: string): number {
    const labels = this.db.prepare('DELETE FROM photo_label WHERE student_id = ?').run(studentId).changes;
    const absent = this.db.prepare('DELETE FROM absent_skip WHERE student_id = ?').run(studentId).changes;
    const history = this.db
      .prepare('DELETE FROM edit_log WHERE instr(changes, ?) > 0')
      .run(JSON.stringify(studentId)).changes;
    return labels + absent + history;
  }
}
