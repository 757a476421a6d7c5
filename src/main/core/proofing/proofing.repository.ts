/**
 * SQLite access for proofing: settings, chosen poses, per-photo stars/rotation/crops and class photo
 * picks, plus the read-only view of labels and marks proofing builds on. The only code that knows
 * these snake_case columns.
 */
import type { PhotoMark } from '../../../shared/domain/labeling';
import type { CropRect, PrintRatioId, Rotation } from '../../../shared/domain/proofing';
import type { Db } from '../../lib/sqlite';

export interface PhotoRow {
  id: string;
  captureMs: number | null;
  fileName: string;
  /** Size as shown upright (camera orientation applied), before the proofing rotation. */
  width: number | null;
  height: number | null;
  mark: PhotoMark | null;
  stars: number;
  rotation: Rotation;
  cameraId: string | null;
  /** Capture time with the camera's clock offset applied (the shared timeline of every camera). */
  correctedMs: number | null;
}

export class ProofingRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  maxPoses(): number | null {
    const r = this.db.prepare('SELECT max_poses FROM proofing_settings WHERE id = 1').get() as
      { max_poses: number } | undefined;
    return r?.max_poses ?? null;
  }

  setMaxPoses(max: number, now: string): void {
    this.db
      .prepare(
        `INSERT INTO proofing_settings (id, max_poses, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET max_poses = excluded.max_poses, updated_at = excluded.updated_at`,
      )
      .run(max, now);
  }

  /** Every photo with its mark, stars and rotation (capture order). */
  photos(): PhotoRow[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.capture_ms, p.file_name, p.width, p.height, p.orientation, m.mark,
                COALESCE(q.stars, 0) AS stars, COALESCE(q.rotation, 0) AS rotation,
                p.camera_id, COALESCE(c.offset_ms, 0) AS offset_ms
           FROM photo p
           LEFT JOIN photo_mark m ON m.photo_id = p.id
           LEFT JOIN photo_proofing q ON q.photo_id = p.id
           LEFT JOIN camera c ON c.id = p.camera_id
          -- A frame showing a printed card (a child's name on it) is never a pose nor a class photo.
          WHERE NOT EXISTS (SELECT 1 FROM photo_code pc WHERE pc.photo_id = p.id AND pc.status IN ('card', 'partial'))
          ORDER BY p.capture_ms IS NULL, p.capture_ms, p.file_name`,
      )
      .all() as {
      id: string;
      capture_ms: number | null;
      file_name: string;
      width: number | null;
      height: number | null;
      orientation: number;
      mark: PhotoMark | null;
      stars: number;
      rotation: number;
      camera_id: string | null;
      offset_ms: number;
    }[];
    // EXIF orientations 5 to 8 turn the stored pixels a quarter: the photo is shown the other way.
    return rows.map((r) => ({
      id: r.id,
      captureMs: r.capture_ms,
      fileName: r.file_name,
      width: r.orientation >= 5 ? r.height : r.width,
      height: r.orientation >= 5 ? r.width : r.height,
      mark: r.mark,
      stars: r.stars,
      rotation: r.rotation as Rotation,
      cameraId: r.camera_id,
      correctedMs: r.capture_ms === null ? null : r.capture_ms + r.offset_ms,
    }));
  }

  photoExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM photo WHERE id = ?').get(id) !== undefined;
  }

  studentExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM student WHERE id = ?').get(id) !== undefined;
  }

  classExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM class WHERE id = ?').get(id) !== undefined;
  }

  /** Labels as student → photos. */
  photosByStudent(): Map<string, string[]> {
    const rows = this.db.prepare('SELECT photo_id, student_id FROM photo_label').all() as {
      photo_id: string;
      student_id: string;
    }[];
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.student_id, [...(map.get(r.student_id) ?? []), r.photo_id]);
    return map;
  }

  /** Labels as photo → students. */
  studentsByPhoto(): Map<string, string[]> {
    const rows = this.db.prepare('SELECT photo_id, student_id FROM photo_label').all() as {
      photo_id: string;
      student_id: string;
    }[];
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.photo_id, [...(map.get(r.photo_id) ?? []), r.student_id]);
    return map;
  }

  /** Chosen poses as student → photo ids in order. */
  chosenPoses(): Map<string, string[]> {
    const rows = this.db
      .prepare('SELECT student_id, photo_id FROM proof_pose ORDER BY student_id, position')
      .all() as { student_id: string; photo_id: string }[];
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.student_id, [...(map.get(r.student_id) ?? []), r.photo_id]);
    return map;
  }

  setPoses(studentId: string, photoIds: readonly string[], now: string): void {
    this.db.prepare('DELETE FROM proof_pose WHERE student_id = ?').run(studentId);
    const insert = this.db.prepare(
      'INSERT INTO proof_pose (student_id, photo_id, position, updated_at) VALUES (?, ?, ?, ?)',
    );
    photoIds.forEach((photoId, i) => insert.run(studentId, photoId, i, now));
  }

  private upsertPhoto(photoId: string, column: 'stars' | 'rotation', value: number, now: string): void {
    this.db
      .prepare(
        `INSERT INTO photo_proofing (photo_id, ${column}, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (photo_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`,
      )
      .run(photoId, value, now);
  }

  setStars(photoId: string, stars: number, now: string): void {
    this.upsertPhoto(photoId, 'stars', stars, now);
  }

  rotation(photoId: string): Rotation {
    const r = this.db.prepare('SELECT rotation FROM photo_proofing WHERE photo_id = ?').get(photoId) as
      { rotation: number } | undefined;
    return (r?.rotation ?? 0) as Rotation;
  }

  setRotation(photoId: string, rotation: Rotation, now: string): void {
    this.upsertPhoto(photoId, 'rotation', rotation, now);
  }

  crops(photoId?: string): { photoId: string; ratio: PrintRatioId; rect: CropRect }[] {
    const rows = (
      photoId
        ? this.db.prepare('SELECT * FROM photo_crop WHERE photo_id = ? ORDER BY ratio').all(photoId)
        : this.db.prepare('SELECT * FROM photo_crop ORDER BY photo_id, ratio').all()
    ) as { photo_id: string; ratio: PrintRatioId; x: number; y: number; w: number; h: number }[];
    return rows.map((r) => ({
      photoId: r.photo_id,
      ratio: r.ratio,
      rect: { x: r.x, y: r.y, w: r.w, h: r.h },
    }));
  }

  setCrop(photoId: string, ratio: PrintRatioId, rect: CropRect | null, now: string): void {
    if (!rect) {
      this.db.prepare('DELETE FROM photo_crop WHERE photo_id = ? AND ratio = ?').run(photoId, ratio);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO photo_crop (photo_id, ratio, x, y, w, h, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (photo_id, ratio) DO UPDATE SET x = excluded.x, y = excluded.y, w = excluded.w,
           h = excluded.h, updated_at = excluded.updated_at`,
      )
      .run(photoId, ratio, rect.x, rect.y, rect.w, rect.h, now);
  }

  classPicks(): Map<string, string> {
    const rows = this.db.prepare('SELECT class_id, photo_id FROM class_photo_pick').all() as {
      class_id: string;
      photo_id: string;
    }[];
    return new Map(rows.map((r) => [r.class_id, r.photo_id]));
  }

  pickClassPhoto(classId: string, photoId: string | null, now: string): void {
    if (photoId === null) {
      this.db.prepare('DELETE FROM class_photo_pick WHERE class_id = ?').run(classId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO class_photo_pick (class_id, photo_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (class_id) DO UPDATE SET photo_id = excluded.photo_id, updated_at = excluded.updated_at`,
      )
      .run(classId, photoId, now);
  }

  /** Students of the roster (not archived) as id → class, in class and roster order. */
  students(): { id: string; classId: string | null }[] {
    return (
      this.db
        .prepare('SELECT id, class_id FROM student WHERE archived = 0 ORDER BY class_id, roster_order')
        .all() as { id: string; class_id: string | null }[]
    ).map((r) => ({ id: r.id, classId: r.class_id }));
  }
}
