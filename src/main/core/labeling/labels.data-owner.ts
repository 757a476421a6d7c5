/**
 * The labels feature as a holder of per-student data (erasure, right of access): which photos show
 * the student, the "absent" mark of sequence mode, and the undo history that could put a label back
 * after an erasure.
 */
import type { StudentDataOwner } from '../gdpr/student-data-registry';

export const labelsDataOwner: StudentDataOwner = {
  name: 'photoLabels',
  rows: (db, id) =>
    db
      .prepare('SELECT photo_id AS photoId, updated_at AS updatedAt FROM photo_label WHERE student_id = ?')
      .all(id) as Record<string, unknown>[],
  photos: (db, id) =>
    (
      db
        .prepare(
          `SELECT l.photo_id AS photoId,
                  EXISTS (SELECT 1 FROM photo_label o WHERE o.photo_id = l.photo_id AND o.student_id <> l.student_id)
                  OR EXISTS (SELECT 1 FROM photo_mark m WHERE m.photo_id = l.photo_id AND m.mark IN ('class', 'staff'))
                  AS shared
             FROM photo_label l WHERE l.student_id = ?`,
        )
        .all(id) as { photoId: string; shared: number }[]
    ).map((r) => ({ photoId: r.photoId, shared: r.shared === 1 })),
  erase: (db, id) => {
    const labels = db.prepare('DELETE FROM photo_label WHERE student_id = ?').run(id).changes;
    const absent = db.prepare('DELETE FROM absent_skip WHERE student_id = ?').run(id).changes;
    // An undo or redo step naming the student would label them again: such steps go too.
    const history = db
      .prepare('DELETE FROM edit_log WHERE instr(changes, ?) > 0')
      .run(JSON.stringify(id)).changes;
    return labels + absent + history;
  },
};
