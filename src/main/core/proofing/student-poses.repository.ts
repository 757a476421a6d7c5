/** The poses chosen for one student (`proof_pose`), as erasure and the right of access read them. */
import type { Db } from '../../lib/sqlite';

export class StudentPosesRepository {
  constructor(private readonly db: Db) {}

  rows(studentId: string): Record<string, unknown>[] {
    return this.db
      .prepare(
        `SELECT pp.photo_id AS photoId, pp.position, COALESCE(q.stars, 0) AS stars,
                COALESCE(q.rotation, 0) AS rotation, pp.updated_at AS updatedAt
           FROM proof_pose pp LEFT JOIN photo_proofing q ON q.photo_id = pp.photo_id
          WHERE pp.student_id = ? ORDER BY pp.position`,
      )
      .all(studentId) as Record<string, unknown>[];
  }

  inWords(studentId: string): { fileName: string; position: number; stars: number }[] {
    return this.db
      .prepare(
        `SELECT p.file_name AS fileName, pp.position, COALESCE(q.stars, 0) AS stars
           FROM proof_pose pp JOIN photo p ON p.id = pp.photo_id
           LEFT JOIN photo_proofing q ON q.photo_id = pp.photo_id
          WHERE pp.student_id = ? ORDER BY pp.position`,
      )
      .all(studentId) as { fileName: string; position: number; stars: number }[];
  }

  erase(studentId: string): number {
    return this.db.prepare('DELETE FROM proof_pose WHERE student_id = ?').run(studentId).changes;
  }
}
