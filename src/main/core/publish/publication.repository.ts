/**
 * The job's record of what went online: each finalized publish with its gallery and platform, and
 * which student went out under which opaque reference. Retention and erasure read it to reach the
 * platform; the publish feature writes it after each finalize (`record`).
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../../lib/sqlite';
import { count } from '../../../shared/i18n';

export interface PublicationInput {
  platformUrl: string;
  galleryRef: string;
  manifestRef: string;
  version: number;
  publishedAt: string;
  files: number;
  students: { studentId: string; studentRef: string; photos: number }[];
  /** What this publish actually sent (the rest the platform already held). */
  sent?: { files: number; bytes: number };
}

export interface GalleryRecord {
  platformUrl: string;
  galleryRef: string;
  closedAt: string | null;
}

export class PublicationRepository {
  constructor(private readonly db: Db) {}

  /** Records a finalized publish (and its audit trace when `audit` is given, in the same transaction). */
  record(input: PublicationInput, audit?: AuditLog): string {
    const id = randomUUID();
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO publication (id, platform_url, gallery_ref, manifest_ref, version, published_at, files) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          id,
          input.platformUrl,
          input.galleryRef,
          input.manifestRef,
          input.version,
          input.publishedAt,
          input.files,
        );
      const insert = this.db.prepare(
        'INSERT INTO publication_student (publication_id, student_id, student_ref, photos) VALUES (?, ?, ?, ?)',
      );
      const mark = this.db.prepare(
        'INSERT INTO student_publication (student_id, published_at) VALUES (?, ?) ON CONFLICT (student_id) DO UPDATE SET published_at = excluded.published_at',
      );
      for (const s of input.students) {
        insert.run(id, s.studentId, s.studentRef, s.photos);
        if (this.db.prepare('SELECT 1 FROM student WHERE id = ?').get(s.studentId))
          mark.run(s.studentId, input.publishedAt);
      }
      audit?.record(
        this.db,
        'publish.done',
        `Galerie publiée (version ${input.version}) : ${count(input.students.length, 'élève', 'élèves')}, ${count(input.files, 'fichier', 'fichiers')}`,
        {
          gallery: input.galleryRef,
          platform: input.platformUrl,
          version: input.version,
          students: input.students.length,
          files: input.files,
          ...(input.sent ? { filesSent: input.sent.files, bytesSent: input.sent.bytes } : {}),
        },
      );
    })();
    return id;
  }

  /** Every gallery this job published to, once per platform and gallery. */
  galleries(): GalleryRecord[] {
    return this.db
      .prepare(
        `SELECT platform_url AS platformUrl, gallery_ref AS galleryRef, MAX(closed_at) AS closedAt
             FROM publication GROUP BY platform_url, gallery_ref ORDER BY MIN(published_at)`,
      )
      .all() as GalleryRecord[];
  }

  /** Who each platform reference of a gallery stands for (every publish so far; the latest wins). */
  studentsByRef(platformUrl: string, galleryRef: string): Map<string, string[]> {
    const rows = this.db
      .prepare(
        `SELECT ps.student_ref AS ref, ps.student_id AS id, p.published_at AS at
           FROM publication_student ps JOIN publication p ON p.id = ps.publication_id
          WHERE p.platform_url = ? AND p.gallery_ref = ? ORDER BY p.published_at, ps.student_id`,
      )
      .all(platformUrl, galleryRef) as { ref: string; id: string; at: string }[];
    const latest = new Map<string, { at: string; ids: string[] }>();
    for (const r of rows) {
      const seen = latest.get(r.ref);
      if (!seen || seen.at < r.at) latest.set(r.ref, { at: r.at, ids: [r.id] });
      else if (!seen.ids.includes(r.id)) seen.ids.push(r.id);
    }
    return new Map([...latest].map(([ref, v]) => [ref, v.ids]));
  }

  /** Where a student went online: each gallery with the reference the platform knows them by. */
  placesOf(studentId: string): { platformUrl: string; galleryRef: string; studentRef: string }[] {
    return this.db
      .prepare(
        `SELECT DISTINCT p.platform_url AS platformUrl, p.gallery_ref AS galleryRef, ps.student_ref AS studentRef
           FROM publication_student ps JOIN publication p ON p.id = ps.publication_id
          WHERE ps.student_id = ?`,
      )
      .all(studentId) as { platformUrl: string; galleryRef: string; studentRef: string }[];
  }

  /** Forgets that the student went online (after their content was taken off every gallery). */
  forgetStudentPublication(studentId: string): void {
    this.db.prepare('DELETE FROM student_publication WHERE student_id = ?').run(studentId);
  }

  markClosed(platformUrl: string, galleryRef: string, at: string): void {
    this.db
      .prepare(
        'UPDATE publication SET closed_at = ? WHERE platform_url = ? AND gallery_ref = ? AND closed_at IS NULL',
      )
      .run(at, platformUrl, galleryRef);
  }
}
