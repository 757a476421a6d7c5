/**
 * SQLite access of printed photo cards: the job's card settings and random key, one token per
 * printed card, and what the ingest read on each frame. The only code that knows these columns.
 */
import type { CardKind, FrameReadStatus } from '../../../shared/domain/cards';
import type { Db } from '../../lib/sqlite';

export interface CardSettingsRow {
  jobKey: string;
  cardAfterChild: boolean;
  autoAccept: boolean;
}

export interface CardCodeRow {
  token: string;
  kind: CardKind;
  studentId: string | null;
  classId: string | null;
}

export interface FrameRow {
  photoId: string;
  cameraId: string;
  timeMs: number | null;
  fileName: string;
  status: FrameReadStatus | null;
  codes: string[];
}

export class CardsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Whether any card was ever printed for this job. */
  hasCodes(): boolean {
    return this.db.prepare('SELECT 1 FROM card_code LIMIT 1').get() !== undefined;
  }

  settings(): CardSettingsRow | null {
    const r = this.db
      .prepare('SELECT job_key, card_after_child, auto_accept FROM card_settings WHERE id = 1')
      .get() as { job_key: string; card_after_child: number; auto_accept: number } | undefined;
    return r
      ? { jobKey: r.job_key, cardAfterChild: r.card_after_child === 1, autoAccept: r.auto_accept === 1 }
      : null;
  }

  createSettings(jobKey: string, now: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO card_settings (id, job_key, updated_at) VALUES (1, ?, ?)')
      .run(jobKey, now);
  }

  saveSettings(s: { cardAfterChild: boolean; autoAccept: boolean }, now: string): void {
    this.db
      .prepare('UPDATE card_settings SET card_after_child = ?, auto_accept = ?, updated_at = ? WHERE id = 1')
      .run(s.cardAfterChild ? 1 : 0, s.autoAccept ? 1 : 0, now);
  }

  codes(): CardCodeRow[] {
    return (
      this.db
        .prepare('SELECT token, kind, student_id, class_id FROM card_code ORDER BY created_at, token')
        .all() as {
        token: string;
        kind: CardKind;
        student_id: string | null;
        class_id: string | null;
      }[]
    ).map((r) => ({ token: r.token, kind: r.kind, studentId: r.student_id, classId: r.class_id }));
  }

  insertCode(row: CardCodeRow, now: string): void {
    this.db
      .prepare('INSERT INTO card_code (token, kind, student_id, class_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(row.token, row.kind, row.studentId, row.classId, now);
  }

  saveFrame(photoId: string, status: FrameReadStatus, codes: readonly string[], now: string): void {
    this.db
      .prepare(
        `INSERT INTO photo_code (photo_id, status, codes, read_at) SELECT id, ?, ?, ? FROM photo WHERE id = ?
         ON CONFLICT (photo_id) DO UPDATE SET status = excluded.status, codes = excluded.codes, read_at = excluded.read_at`,
      )
      .run(status, JSON.stringify(codes), now, photoId);
  }

  /** How many readable photos of one memory card were read, by what was read (null: not yet). */
  statusCountsOfCard(cardId: string): { status: FrameReadStatus | null; n: number }[] {
    return this.db
      .prepare(
        `SELECT pc.status AS status, COUNT(*) AS n FROM photo p LEFT JOIN photo_code pc ON pc.photo_id = p.id
          WHERE p.card_id = ? AND p.readable = 1 GROUP BY pc.status`,
      )
      .all(cardId) as { status: FrameReadStatus | null; n: number }[];
  }

  /** Every frame of the job with what was read on it (null: not read yet), camera offsets applied. */
  frames(): FrameRow[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, COALESCE(p.camera_id, '') AS camera_id, p.capture_ms, COALESCE(c.offset_ms, 0) AS offset_ms,
                p.file_name, pc.status, pc.codes
           FROM photo p LEFT JOIN camera c ON c.id = p.camera_id LEFT JOIN photo_code pc ON pc.photo_id = p.id
          WHERE p.readable = 1`,
      )
      .all() as {
      id: string;
      camera_id: string;
      capture_ms: number | null;
      offset_ms: number;
      file_name: string;
      status: FrameReadStatus | null;
      codes: string | null;
    }[];
    return rows.map((r) => ({
      photoId: r.id,
      cameraId: r.camera_id,
      timeMs: r.capture_ms === null ? null : r.capture_ms + r.offset_ms,
      fileName: r.file_name,
      status: r.status,
      codes: r.codes ? (JSON.parse(r.codes) as string[]) : [],
    }));
  }

  /** Frames showing one of these tokens (a child's card shows their name: erasure deletes it). */
  framesWithTokens(tokens: readonly string[]): string[] {
    if (tokens.length === 0) return [];
    const stmt = this.db.prepare(
      "SELECT photo_id FROM photo_code WHERE status = 'card' AND instr(codes, ?) > 0",
    );
    return [
      ...new Set(tokens.flatMap((t) => (stmt.all(t) as { photo_id: string }[]).map((r) => r.photo_id))),
    ];
  }

  studentCodes(studentId: string): CardCodeRow[] {
    return this.codes().filter((c) => c.studentId === studentId);
  }

  eraseStudent(studentId: string): number {
    return this.db.prepare('DELETE FROM card_code WHERE student_id = ?').run(studentId).changes;
  }
}
