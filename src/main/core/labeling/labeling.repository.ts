/**
 * SQLite access for sorting and labeling: split cuts, session → class anchors, photo marks, labels,
 * the undo/redo log and the job's thresholds. The only code that knows these snake_case columns.
 * Every write goes through `applyRow`, so an edit, its undo and its redo change rows the same way.
 */
import type { PhotoLabels, PhotoMark } from '../../../shared/domain/labeling';
import type { Cut, CutKind, CutLevel, Thresholds, TimedPhoto } from '../../../shared/domain/sessions';
import type { Db } from '../../lib/sqlite';

/** A label row's state: a person's (no source) or a card's. */
export interface LabelState {
  source?: 'card';
}

/** One row of one table, before or after an edit (null: no row). */
export type RowChange =
  | {
      table: 'split_cut';
      key: { level: CutLevel; photoId: string };
      before: { kind: CutKind } | null;
      after: { kind: CutKind } | null;
    }
  | {
      table: 'session_class';
      key: { photoId: string };
      before: { classId: string } | null;
      after: { classId: string } | null;
    }
  | {
      table: 'photo_mark';
      key: { photoId: string };
      before: { mark: PhotoMark; reason: string } | null;
      after: { mark: PhotoMark; reason: string } | null;
    }
  | {
      table: 'photo_label';
      key: { photoId: string; studentId: string };
      /** `{}`: a person's label; `{ source: 'card' }`: a label a printed card gave. */
      before: LabelState | null;
      after: LabelState | null;
    }
  | {
      table: 'absent_skip';
      key: { studentId: string };
      before: Record<string, never> | null;
      after: Record<string, never> | null;
    };

export interface EditEntry {
  seq: number;
  action: string;
  changes: RowChange[];
}

export function photoIdsOf(changes: readonly RowChange[]): string[] {
  return [...new Set(changes.flatMap((c) => ('photoId' in c.key ? [c.key.photoId] : [])))];
}

export class LabelingRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  timedPhotos(): TimedPhoto[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.file_name, p.capture_ms, p.capture_source, COALESCE(c.offset_ms, 0) AS offset_ms
         FROM photo p LEFT JOIN camera c ON c.id = p.camera_id`,
      )
      .all() as {
      id: string;
      file_name: string;
      capture_ms: number | null;
      capture_source: string;
      offset_ms: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      fileName: r.file_name,
      captureMs: r.capture_ms,
      offsetMs: r.offset_ms,
      // Same rule as the photo list's "time uncertain" flag: only DateTimeOriginal is trusted.
      uncertain: r.capture_source !== 'exif',
    }));
  }

  photoExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM photo WHERE id = ?').get(id) !== undefined;
  }

  missingPhotos(ids: readonly string[]): string[] {
    const stmt = this.db.prepare('SELECT 1 FROM photo WHERE id = ?');
    return ids.filter((id) => stmt.get(id) === undefined);
  }

  photoFiles(ids: readonly string[]): { id: string; fileName: string }[] {
    const stmt = this.db.prepare('SELECT id, file_name FROM photo WHERE id = ?');
    return ids.flatMap((id) => {
      const r = stmt.get(id) as { id: string; file_name: string } | undefined;
      return r ? [{ id: r.id, fileName: r.file_name }] : [];
    });
  }

  thresholds(): Thresholds | null {
    const r = this.db
      .prepare('SELECT session_gap_seconds, subject_gap_seconds FROM labeling_settings WHERE id = 1')
      .get() as { session_gap_seconds: number; subject_gap_seconds: number } | undefined;
    return r ? { sessionGapSeconds: r.session_gap_seconds, subjectGapSeconds: r.subject_gap_seconds } : null;
  }

  saveThresholds(t: Thresholds, now: string): void {
    this.db
      .prepare(
        `INSERT INTO labeling_settings (id, session_gap_seconds, subject_gap_seconds, updated_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET session_gap_seconds = excluded.session_gap_seconds,
           subject_gap_seconds = excluded.subject_gap_seconds, updated_at = excluded.updated_at`,
      )
      .run(t.sessionGapSeconds, t.subjectGapSeconds, now);
  }

  cuts(): Cut[] {
    return (
      this.db.prepare('SELECT level, photo_id, kind FROM split_cut').all() as {
        level: CutLevel;
        photo_id: string;
        kind: CutKind;
      }[]
    ).map((r) => ({ level: r.level, photoId: r.photo_id, kind: r.kind }));
  }

  cut(level: CutLevel, photoId: string): CutKind | null {
    const r = this.db
      .prepare('SELECT kind FROM split_cut WHERE level = ? AND photo_id = ?')
      .get(level, photoId) as { kind: CutKind } | undefined;
    return r?.kind ?? null;
  }

  /** Class anchors, most recently assigned first. */
  classAnchors(): { photoId: string; classId: string }[] {
    return (
      this.db
        .prepare('SELECT photo_id, class_id FROM session_class ORDER BY updated_at DESC, photo_id')
        .all() as { photo_id: string; class_id: string }[]
    ).map((r) => ({ photoId: r.photo_id, classId: r.class_id }));
  }

  classExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM class WHERE id = ?').get(id) !== undefined;
  }

  mark(photoId: string): { mark: PhotoMark; reason: string } | null {
    const r = this.db.prepare('SELECT mark, reason FROM photo_mark WHERE photo_id = ?').get(photoId) as
      { mark: PhotoMark; reason: string } | undefined;
    return r ?? null;
  }

  marks(): Map<string, PhotoMark> {
    const rows = this.db.prepare('SELECT photo_id, mark FROM photo_mark').all() as {
      photo_id: string;
      mark: PhotoMark;
    }[];
    return new Map(rows.map((r) => [r.photo_id, r.mark]));
  }

  labelsOf(photoId: string): string[] {
    return (
      this.db
        .prepare('SELECT student_id FROM photo_label WHERE photo_id = ? ORDER BY updated_at, student_id')
        .all(photoId) as {
        student_id: string;
      }[]
    ).map((r) => r.student_id);
  }

  /** Every label as photo → students. */
  labels(): Map<string, string[]> {
    const rows = this.db
      .prepare('SELECT photo_id, student_id FROM photo_label ORDER BY photo_id, updated_at, student_id')
      .all() as { photo_id: string; student_id: string }[];
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const list = map.get(r.photo_id);
      if (list) list.push(r.student_id);
      else map.set(r.photo_id, [r.student_id]);
    }
    return map;
  }

  /** Every label with its source, as photo → student → source. */
  labelSources(): Map<string, Map<string, 'person' | 'card'>> {
    const rows = this.db.prepare('SELECT photo_id, student_id, source FROM photo_label').all() as {
      photo_id: string;
      student_id: string;
      source: 'person' | 'card';
    }[];
    const map = new Map<string, Map<string, 'person' | 'card'>>();
    for (const r of rows) {
      let m = map.get(r.photo_id);
      if (!m) map.set(r.photo_id, (m = new Map<string, 'person' | 'card'>()));
      m.set(r.student_id, r.source);
    }
    return map;
  }

  /** Frames showing a printed card (read at ingest): never a photo of anyone. */
  cardFrames(): Set<string> {
    const rows = this.db
      .prepare("SELECT photo_id FROM photo_code WHERE status IN ('card', 'partial')")
      .all() as {
      photo_id: string;
    }[];
    return new Set(rows.map((r) => r.photo_id));
  }

  /** Labels and marks of every photo that has any. */
  photoLabels(): PhotoLabels[] {
    const rows = this.db
      .prepare(
        `SELECT id AS photo_id, m.mark, m.reason,
           (SELECT json_group_array(student_id) FROM (SELECT student_id FROM photo_label l WHERE l.photo_id = p.id ORDER BY l.updated_at, l.student_id)) AS students,
           (SELECT json_group_array(student_id) FROM (SELECT student_id FROM photo_label l WHERE l.photo_id = p.id AND l.source = 'card' ORDER BY l.updated_at, l.student_id)) AS card_students,
           MAX(COALESCE(m.updated_at, ''), COALESCE((SELECT MAX(updated_at) FROM photo_label l WHERE l.photo_id = p.id), '')) AS updated_at
         FROM photo p LEFT JOIN photo_mark m ON m.photo_id = p.id
         WHERE m.photo_id IS NOT NULL OR EXISTS (SELECT 1 FROM photo_label l WHERE l.photo_id = p.id)`,
      )
      .all() as {
      photo_id: string;
      mark: PhotoMark | null;
      reason: string | null;
      students: string;
      card_students: string;
      updated_at: string;
    }[];
    return rows.map((r) => ({
      photoId: r.photo_id,
      studentIds: JSON.parse(r.students) as string[],
      cardStudentIds: JSON.parse(r.card_students) as string[],
      mark: r.mark,
      reason: r.reason ?? '',
      updatedAt: r.updated_at,
    }));
  }

  /** Students marked absent in sequence mode, in the order they were marked. */
  absent(): string[] {
    return (
      this.db.prepare('SELECT student_id FROM absent_skip ORDER BY updated_at, student_id').all() as {
        student_id: string;
      }[]
    ).map((r) => r.student_id);
  }

  isAbsent(studentId: string): boolean {
    return this.db.prepare('SELECT 1 FROM absent_skip WHERE student_id = ?').get(studentId) !== undefined;
  }

  /** The class of each student given (null for a student without class). */
  classesOfStudents(ids: readonly string[]): Map<string, string | null> {
    const stmt = this.db.prepare('SELECT class_id FROM student WHERE id = ?');
    const out = new Map<string, string | null>();
    for (const id of ids) {
      const r = stmt.get(id) as { class_id: string | null } | undefined;
      if (r) out.set(id, r.class_id);
    }
    return out;
  }

  studentExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM student WHERE id = ?').get(id) !== undefined;
  }

  /**
   * Writes one row to its `after` (or `before` when undoing) state. Returns false when the row can
   * no longer exist (its photo, student or class was erased since): that part of the edit is skipped.
   */
  applyRow(change: RowChange, to: 'before' | 'after', now: string): boolean {
    const state = change[to];
    switch (change.table) {
      case 'split_cut': {
        const { level, photoId } = change.key;
        if (!state) {
          this.db.prepare('DELETE FROM split_cut WHERE level = ? AND photo_id = ?').run(level, photoId);
          return true;
        }
        if (!this.photoExists(photoId)) return false;
        this.db
          .prepare(
            `INSERT INTO split_cut (level, photo_id, kind, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (level, photo_id) DO UPDATE SET kind = excluded.kind, updated_at = excluded.updated_at`,
          )
          .run(level, photoId, (state as { kind: CutKind }).kind, now);
        return true;
      }
      case 'session_class': {
        const { photoId } = change.key;
        if (!state) {
          this.db.prepare('DELETE FROM session_class WHERE photo_id = ?').run(photoId);
          return true;
        }
        const classId = (state as { classId: string }).classId;
        if (!this.photoExists(photoId) || !this.classExists(classId)) return false;
        this.db
          .prepare(
            `INSERT INTO session_class (photo_id, class_id, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (photo_id) DO UPDATE SET class_id = excluded.class_id, updated_at = excluded.updated_at`,
          )
          .run(photoId, classId, now);
        return true;
      }
      case 'photo_mark': {
        const { photoId } = change.key;
        if (!state) {
          this.db.prepare('DELETE FROM photo_mark WHERE photo_id = ?').run(photoId);
          return true;
        }
        if (!this.photoExists(photoId)) return false;
        const { mark, reason } = state as { mark: PhotoMark; reason: string };
        this.db
          .prepare(
            `INSERT INTO photo_mark (photo_id, mark, reason, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (photo_id) DO UPDATE SET mark = excluded.mark, reason = excluded.reason, updated_at = excluded.updated_at`,
          )
          .run(photoId, mark, reason, now);
        return true;
      }
      case 'photo_label': {
        const { photoId, studentId } = change.key;
        if (!state) {
          this.db
            .prepare('DELETE FROM photo_label WHERE photo_id = ? AND student_id = ?')
            .run(photoId, studentId);
          return true;
        }
        if (!this.photoExists(photoId) || !this.studentExists(studentId)) return false;
        this.db
          .prepare(
            `INSERT INTO photo_label (photo_id, student_id, updated_at, source) VALUES (?, ?, ?, ?)
             ON CONFLICT (photo_id, student_id) DO UPDATE SET updated_at = excluded.updated_at, source = excluded.source`,
          )
          .run(photoId, studentId, now, (state as LabelState).source === 'card' ? 'card' : 'person');
        return true;
      }
      case 'absent_skip': {
        const { studentId } = change.key;
        if (!state) {
          this.db.prepare('DELETE FROM absent_skip WHERE student_id = ?').run(studentId);
          return true;
        }
        if (!this.studentExists(studentId)) return false;
        this.db
          .prepare(
            `INSERT INTO absent_skip (student_id, updated_at) VALUES (?, ?)
             ON CONFLICT (student_id) DO UPDATE SET updated_at = excluded.updated_at`,
          )
          .run(studentId, now);
        return true;
      }
    }
  }

  /** Records a new edit; a new edit drops the undone ones (no redo past a new decision). */
  logEdit(action: string, changes: readonly RowChange[], now: string): void {
    this.db.prepare('DELETE FROM edit_log WHERE undone = 1').run();
    this.db
      .prepare('INSERT INTO edit_log (at, action, changes) VALUES (?, ?, ?)')
      .run(now, action, JSON.stringify(changes));
  }

  private entry(sql: string): EditEntry | null {
    const r = this.db.prepare(sql).get() as { seq: number; action: string; changes: string } | undefined;
    return r ? { seq: r.seq, action: r.action, changes: JSON.parse(r.changes) as RowChange[] } : null;
  }

  lastDone(): EditEntry | null {
    return this.entry('SELECT seq, action, changes FROM edit_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1');
  }

  firstUndone(): EditEntry | null {
    return this.entry('SELECT seq, action, changes FROM edit_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1');
  }

  setUndone(seq: number, undone: boolean): void {
    this.db.prepare('UPDATE edit_log SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
  }
}
