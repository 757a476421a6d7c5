/**
 * The student data owners of the features on main: consent (records and removal requests),
 * sibling links, publications and the audit trail's subject column. The student row itself is
 * erased last by the erasure service, once every other owner let go of it.
 */
import type { Db } from '../db/sqlite';
import type { StudentDataOwner, StudentDataRegistry } from './student-data-registry';

function tableOwner(name: string, table: string, where: string, params: number): StudentDataOwner {
  const args = (id: string) => Array.from({ length: params }, () => id);
  return {
    name,
    rows: (db: Db, id: string) =>
      db.prepare(`SELECT * FROM ${table} WHERE ${where}`).all(...args(id)) as Record<string, unknown>[],
    erase: (db: Db, id: string) => db.prepare(`DELETE FROM ${table} WHERE ${where}`).run(...args(id)).changes,
  };
}

export function registerBuiltinOwners(registry: StudentDataRegistry): void {
  registry.register(tableOwner('consent', 'consent_record', 'student_id = ?', 1));
  registry.register(tableOwner('removalRequests', 'removal_request', 'student_id = ?', 1));
  registry.register(tableOwner('siblings', 'sibling_link', 'student_a = ? OR student_b = ?', 2));
  registry.register(tableOwner('studentPublication', 'student_publication', 'student_id = ?', 1));
  registry.register({
    name: 'publications',
    rows: (db, id) =>
      db
        .prepare(
          `SELECT p.gallery_ref AS galleryRef, p.platform_url AS platformUrl, p.version, p.published_at AS publishedAt,
                  p.closed_at AS closedAt, ps.student_ref AS studentRef, ps.photos
             FROM publication_student ps JOIN publication p ON p.id = ps.publication_id
            WHERE ps.student_id = ? ORDER BY p.published_at`,
        )
        .all(id) as Record<string, unknown>[],
    erase: (db, id) => db.prepare('DELETE FROM publication_student WHERE student_id = ?').run(id).changes,
  });
  registry.register({
    name: 'audit',
    rows: (db, id) =>
      db
        .prepare('SELECT at, actor, action, summary FROM audit_event WHERE subject_id = ? ORDER BY id')
        .all(id) as Record<string, unknown>[],
    // The events stay (they prove what was done) but no longer point at anyone.
    erase: (db, id) =>
      db.prepare('UPDATE audit_event SET subject_id = NULL WHERE subject_id = ?').run(id).changes,
  });
}
