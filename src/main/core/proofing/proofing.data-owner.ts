/**
 * Proofing as a holder of per-student data (erasure, right of access): the poses chosen for the
 * student. Stars, rotations and crops belong to photos: the student's own photos are deleted by the
 * erasure and take those rows with them (foreign keys), group photos keep theirs.
 */
import type { StudentDataOwner } from '../gdpr/student-data-registry';

export const proofingDataOwner: StudentDataOwner = {
  name: 'proofing',
  rows: (db, id) =>
    db
      .prepare(
        `SELECT pp.photo_id AS photoId, pp.position, COALESCE(q.stars, 0) AS stars,
                COALESCE(q.rotation, 0) AS rotation, pp.updated_at AS updatedAt
           FROM proof_pose pp LEFT JOIN photo_proofing q ON q.photo_id = pp.photo_id
          WHERE pp.student_id = ? ORDER BY pp.position`,
      )
      .all(id) as Record<string, unknown>[],
  erase: (db, id) => db.prepare('DELETE FROM proof_pose WHERE student_id = ?').run(id).changes,
};
