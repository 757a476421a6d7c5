/**
 * Proofing as a holder of per-student data (erasure, right of access): the poses chosen for the
 * student. Stars, rotations and crops belong to photos: the student's own photos are deleted by the
 * erasure and take those rows with them (foreign keys), group photos keep theirs.
 */
import type { StudentDataOwner } from '../gdpr/student-data-registry';

interface PoseRow {
  fileName: string;
  position: number;
  stars: number;
}

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
  describe: (db, id) => {
    const rows = db
      .prepare(
        `SELECT p.file_name AS fileName, pp.position, COALESCE(q.stars, 0) AS stars
           FROM proof_pose pp JOIN photo p ON p.id = pp.photo_id
           LEFT JOIN photo_proofing q ON q.photo_id = pp.photo_id
          WHERE pp.student_id = ? ORDER BY pp.position`,
      )
      .all(id) as PoseRow[];
    return {
      title: 'Poses choisies pour le bon de commande',
      empty:
        'Aucune pose choisie à la main : les poses proposées sont les photos les mieux notées, dans l’ordre de prise de vue.',
      entries: rows.map((r) => ({
        label: `Pose ${r.position + 1}${r.position === 0 ? ' (préférée)' : ''}`,
        value: r.fileName,
        date: '',
        detail: r.stars > 0 ? `${r.stars} étoile(s)` : '',
      })),
    };
  },
  erase: (db, id) => db.prepare('DELETE FROM proof_pose WHERE student_id = ?').run(id).changes,
};
