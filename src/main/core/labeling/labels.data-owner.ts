/**
 * The labels feature as a holder of per-student data (erasure, right of access): which photos show
 * the student, the "absent" mark of sequence mode, and the undo history that could put a label back
 * after an erasure.
 */
import { frDateTime } from '../gdpr/access-words';
import type { StudentDataOwner } from '../gdpr/student-data-registry';

export const labelsDataOwner: StudentDataOwner = {
  name: 'photoLabels',
  rows: (db, id) =>
    db
      .prepare('SELECT photo_id AS photoId, updated_at AS updatedAt FROM photo_label WHERE student_id = ?')
      .all(id) as Record<string, unknown>[],
  describe: (db, id) => {
    const rows = db
      .prepare(
        `SELECT p.file_name AS fileName, p.captured_at AS capturedAt,
                EXISTS (SELECT 1 FROM photo_label o WHERE o.photo_id = p.id AND o.student_id <> l.student_id)
                OR EXISTS (SELECT 1 FROM photo_mark m WHERE m.photo_id = p.id AND m.mark IN ('class', 'staff'))
                AS shared
           FROM photo_label l JOIN photo p ON p.id = l.photo_id
          WHERE l.student_id = ? ORDER BY p.capture_ms, p.file_name`,
      )
      .all(id) as { fileName: string; capturedAt: string | null; shared: number }[];
    return {
      title: `Photos où figure l’élève (${rows.length})`,
      empty: 'Aucune photo n’est identifiée comme montrant l’élève.',
      entries: rows.map((r) => ({
        label: r.fileName,
        value: r.shared === 1 ? 'photo de groupe (avec d’autres élèves)' : 'photo individuelle',
        // Capture times are the camera's wall clock, stored without a zone: shown as they are.
        date: r.capturedAt ? frDateTime(`${r.capturedAt.slice(0, 19)}`) : '',
        detail: '',
      })),
    };
  },
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
