/**
 * SQLite access for the memory cards read at ingest: each card (its number, its verdict) and its
 * manifest rows (`card_file`: one per file on the card, with its hash, its staged and registered
 * copies, its final name and what it is). The only code that knows their snake_case columns;
 * everything it returns is camelCase. Photos and cameras are in `photos.repository.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { Card, ManifestEntry } from '../../../shared/domain/ingest';
import type { Db } from '../../lib/sqlite';
import type { CardFileRole } from './card-files';

export interface CardRecord {
  id: string;
  number: number;
  fingerprint: string;
  sourcePath: string;
  cameraLabel: string | null;
}

export type CardFileStatus = 'verified' | 'duplicate' | 'failed';

export interface CardFileRecord {
  id: number;
  cardId: string;
  taskId: string | null;
  relPath: string;
  size: number;
  mtimeMs: number;
  sha256: string | null;
  status: CardFileStatus;
  reason: string | null;
  staged: string[];
  destinations: string[];
  verifyMode: string | null;
  verifiedAt: string | null;
  finalName: string | null;
  photoId: string | null;
  /** Registered copies the last re-check found missing or damaged and could not repair. */
  missing: string[];
  /** A photo, a sidecar attached to its photo (`photoId`), or another file. */
  role: CardFileRole;
}

interface CardFileRow {
  id: number;
  card_id: string;
  task_id: string | null;
  rel_path: string;
  size: number;
  mtime_ms: number;
  sha256: string | null;
  status: CardFileStatus;
  reason: string | null;
  staged: string;
  destinations: string;
  verify_mode: string | null;
  verified_at: string | null;
  final_name: string | null;
  photo_id: string | null;
  missing: string;
  role: CardFileRole;
}

function toCardFile(r: CardFileRow): CardFileRecord {
  return {
    id: r.id,
    cardId: r.card_id,
    taskId: r.task_id,
    relPath: r.rel_path,
    size: r.size,
    mtimeMs: r.mtime_ms,
    sha256: r.sha256,
    status: r.status,
    reason: r.reason,
    staged: JSON.parse(r.staged) as string[],
    destinations: JSON.parse(r.destinations) as string[],
    verifyMode: r.verify_mode,
    verifiedAt: r.verified_at,
    finalName: r.final_name,
    photoId: r.photo_id,
    missing: JSON.parse(r.missing) as string[],
    role: r.role,
  };
}

export class CardManifestRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Cards

  cardByFingerprint(fingerprint: string): CardRecord | undefined {
    const r = this.db
      .prepare('SELECT id, number, fingerprint, source_path, camera_label FROM card WHERE fingerprint = ?')
      .get(fingerprint) as
      | { id: string; number: number; fingerprint: string; source_path: string; camera_label: string | null }
      | undefined;
    return (
      r && {
        id: r.id,
        number: r.number,
        fingerprint: r.fingerprint,
        sourcePath: r.source_path,
        cameraLabel: r.camera_label,
      }
    );
  }

  /** The card with this fingerprint, created with the next number when new. */
  ensureCard(fingerprint: string, sourcePath: string): CardRecord {
    return this.transaction(() => {
      const now = new Date().toISOString();
      const found = this.cardByFingerprint(fingerprint);
      if (found) {
        this.db
          .prepare('UPDATE card SET last_ingest_at = ?, source_path = ? WHERE id = ?')
          .run(now, sourcePath, found.id);
        return found;
      }
      const next = (
        this.db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM card').get() as { n: number }
      ).n;
      const id = randomUUID();
      this.db
        .prepare(
          'INSERT INTO card (id, number, fingerprint, source_path, first_ingest_at, last_ingest_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, next, fingerprint, sourcePath, now, now);
      return { id, number: next, fingerprint, sourcePath, cameraLabel: null };
    });
  }

  /**
   * Withdraws a card's earlier verdict while its copies are checked again: until the check ends,
   * nothing may say it can be formatted (a kill during the check leaves it without a verdict).
   */
  clearCardVerdict(cardId: string): void {
    this.db.prepare('UPDATE card SET safe_to_format = 0, verdict = NULL WHERE id = ?').run(cardId);
  }

  setCardVerdict(cardId: string, safe: boolean, verdict: string, cameraLabel: string | null): void {
    this.db
      .prepare(
        'UPDATE card SET safe_to_format = ?, verdict = ?, verdict_at = ?, camera_label = COALESCE(?, camera_label) WHERE id = ?',
      )
      .run(safe ? 1 : 0, verdict, new Date().toISOString(), cameraLabel, cardId);
  }

  listCards(): Card[] {
    const rows = this.db
      .prepare(
        `SELECT c.*,
           (SELECT COUNT(*) FROM card_file f WHERE f.card_id = c.id) AS files,
           (SELECT COUNT(*) FROM card_file f WHERE f.card_id = c.id AND f.status = 'verified' AND f.missing = '[]') AS verified,
           (SELECT COUNT(*) FROM card_file f WHERE f.card_id = c.id AND f.status = 'duplicate' AND f.missing = '[]') AS duplicates,
           (SELECT COUNT(*) FROM card_file f WHERE f.card_id = c.id AND (f.status = 'failed' OR f.missing <> '[]')) AS failed
         FROM card c ORDER BY c.number`,
      )
      .all() as {
      id: string;
      number: number;
      source_path: string;
      camera_label: string | null;
      first_ingest_at: string;
      last_ingest_at: string;
      safe_to_format: number;
      verdict: string | null;
      files: number;
      verified: number;
      duplicates: number;
      failed: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      sourcePath: r.source_path,
      cameraLabel: r.camera_label,
      firstIngestAt: r.first_ingest_at,
      lastIngestAt: r.last_ingest_at,
      files: r.files,
      verified: r.verified,
      duplicates: r.duplicates,
      failed: r.failed,
      safeToFormat: r.safe_to_format === 1,
      verdict: r.verdict,
    }));
  }

  // Manifest rows

  cardFile(cardId: string, relPath: string, size: number, mtimeMs: number): CardFileRecord | undefined {
    const r = this.db
      .prepare('SELECT * FROM card_file WHERE card_id = ? AND rel_path = ? AND size = ? AND mtime_ms = ?')
      .get(cardId, relPath, size, mtimeMs) as CardFileRow | undefined;
    return r && toCardFile(r);
  }

  cardFiles(cardId: string): CardFileRecord[] {
    return this.filesWhere('card_id', cardId);
  }

  taskFiles(taskId: string): CardFileRecord[] {
    return this.filesWhere('task_id', taskId);
  }

  private filesWhere(column: 'card_id' | 'task_id', value: string): CardFileRecord[] {
    return (
      this.db
        .prepare(`SELECT * FROM card_file WHERE ${column} = ? ORDER BY rel_path`)
        .all(value) as CardFileRow[]
    ).map(toCardFile);
  }

  /**
   * Verified copies not yet given their final name (and photo row, for a photo): still staged. A
   * crash can leave some; another file placed has no photo but no staged copy either.
   */
  unplaced(cardId: string): CardFileRecord[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM card_file WHERE card_id = ? AND status = 'verified' AND photo_id IS NULL AND staged <> '[]' ORDER BY rel_path",
        )
        .all(cardId) as CardFileRow[]
    ).map(toCardFile);
  }

  /** Records the outcome of one file's copy (replacing an earlier failure of the same file). */
  recordFile(
    entry: Pick<
      CardFileRecord,
      | 'cardId'
      | 'relPath'
      | 'size'
      | 'mtimeMs'
      | 'sha256'
      | 'status'
      | 'reason'
      | 'staged'
      | 'destinations'
      | 'verifyMode'
    > & { taskId: string; photoId?: string | null; role?: CardFileRole },
  ): void {
    this.db
      .prepare(
        `INSERT INTO card_file (card_id, task_id, rel_path, size, mtime_ms, sha256, status, reason, staged, destinations, verify_mode, verified_at, photo_id, role)
         VALUES (@cardId, @taskId, @relPath, @size, @mtimeMs, @sha256, @status, @reason, @staged, @destinations, @verifyMode, @verifiedAt, @photoId, @role)
         ON CONFLICT (card_id, rel_path, size, mtime_ms) DO UPDATE SET
           task_id = excluded.task_id, sha256 = excluded.sha256, status = excluded.status, reason = excluded.reason,
           staged = excluded.staged, destinations = excluded.destinations, verify_mode = excluded.verify_mode,
           verified_at = excluded.verified_at, photo_id = excluded.photo_id, role = excluded.role`,
      )
      .run({
        ...entry,
        role: entry.role ?? 'photo',
        staged: JSON.stringify(entry.staged),
        destinations: JSON.stringify(entry.destinations),
        verifiedAt: entry.status === 'failed' ? null : new Date().toISOString(),
        photoId: entry.photoId ?? null,
      });
  }

  /** Reserves a final name for a verified file; false when another file already holds it. */
  reserveName(fileId: number, finalName: string): boolean {
    const taken =
      this.db.prepare('SELECT 1 FROM card_file WHERE final_name = ? AND id <> ?').get(finalName, fileId) ??
      this.db.prepare('SELECT 1 FROM photo WHERE file_name = ?').get(finalName);
    if (taken) return false;
    this.db.prepare('UPDATE card_file SET final_name = ? WHERE id = ?').run(finalName, fileId);
    return true;
  }

  /** The verified row holding the bytes of `sha256` (a duplicate's copies are those of this row). */
  holderOf(sha256: string): CardFileRecord | undefined {
    const r = this.db
      .prepare(
        "SELECT * FROM card_file WHERE sha256 = ? AND status = 'verified' ORDER BY photo_id IS NULL, id LIMIT 1",
      )
      .get(sha256) as CardFileRow | undefined;
    return r && toCardFile(r);
  }

  /**
   * The outcome of re-checking the copies of a file: `missing` lists the registered copies that are
   * not there (or not whole) and could not be repaired, with why; empty when every copy is whole
   * (then `reason`, when given, says what was repaired). A copy found whole or repaired counts as
   * verified now.
   */
  setCheckOutcome(
    fileIds: readonly number[],
    missing: readonly string[],
    reason: string | null,
    verifyMode: string | null,
  ): void {
    const update = this.db.prepare(
      `UPDATE card_file SET missing = @missing,
         reason = CASE WHEN @reason IS NOT NULL THEN @reason WHEN missing <> '[]' THEN NULL ELSE reason END,
         verified_at = CASE WHEN @failed = 1 THEN verified_at ELSE @now END,
         verify_mode = COALESCE(@verifyMode, verify_mode)
       WHERE id = @id`,
    );
    const now = new Date().toISOString();
    for (const id of fileIds)
      update.run({
        id,
        missing: JSON.stringify(missing),
        failed: missing.length > 0 ? 1 : 0,
        reason,
        now,
        verifyMode,
      });
  }

  markPlaced(fileId: number, photoId: string, destinations: string[]): void {
    this.db
      .prepare("UPDATE card_file SET photo_id = ?, destinations = ?, staged = '[]' WHERE id = ?")
      .run(photoId, JSON.stringify(destinations), fileId);
  }

  /**
   * Places a file that is not a photo: a sidecar attached to its photo (`photoId`), or another
   * file (`photoId` null, `role` other). Its copies are registered like a photo's.
   */
  markPlacedFile(fileId: number, role: CardFileRole, photoId: string | null, destinations: string[]): void {
    this.db
      .prepare("UPDATE card_file SET role = ?, photo_id = ?, destinations = ?, staged = '[]' WHERE id = ?")
      .run(role, photoId, JSON.stringify(destinations), fileId);
  }

  /**
   * The photo files of a card by their pairing key's source: rel path, final name and photo id,
   * for sidecars to find their photo (placed or not yet).
   */
  cardPhotoFiles(
    cardId: string,
  ): { relPath: string; finalName: string | null; photoId: string | null; sha256: string | null }[] {
    return (
      this.db
        .prepare(
          "SELECT rel_path, final_name, photo_id, sha256 FROM card_file WHERE card_id = ? AND role = 'photo' AND status IN ('verified', 'duplicate')",
        )
        .all(cardId) as {
        rel_path: string;
        final_name: string | null;
        photo_id: string | null;
        sha256: string | null;
      }[]
    ).map((r) => ({ relPath: r.rel_path, finalName: r.final_name, photoId: r.photo_id, sha256: r.sha256 }));
  }

  /** What one ingest task registered that is not a photo: sidecars attached, and other files. */
  taskExtras(taskId: string): { relPath: string; role: CardFileRole }[] {
    return (
      this.db
        .prepare(
          "SELECT rel_path, role FROM card_file WHERE task_id = ? AND status = 'verified' AND role <> 'photo' ORDER BY rel_path",
        )
        .all(taskId) as { rel_path: string; role: CardFileRole }[]
    ).map((r) => ({ relPath: r.rel_path, role: r.role }));
  }

  /** The card's manifest: a copy found missing or damaged is never listed as one of its places. */
  manifest(cardId: string): ManifestEntry[] {
    return this.cardFiles(cardId).map((f) => {
      const missing = new Set(f.missing);
      return {
        file: f.relPath,
        size: f.size,
        sha256: f.sha256,
        status: missing.size > 0 ? 'failed' : f.status,
        reason: f.reason,
        destinations: (f.destinations.length > 0 ? f.destinations : f.staged).filter((d) => !missing.has(d)),
        verifiedAt: f.verifiedAt,
        verifyMode: f.verifyMode,
        photoId: f.photoId,
      };
    });
  }

  /** Hash already in the job: a registered photo, or a verified copy still being placed. */
  knownHash(sha256: string): { photoId: string | null } | undefined {
    const photo = this.db.prepare('SELECT id FROM photo WHERE sha256 = ?').get(sha256) as
      { id: string } | undefined;
    if (photo) return { photoId: photo.id };
    const staged = this.db
      .prepare("SELECT photo_id FROM card_file WHERE sha256 = ? AND status = 'verified' LIMIT 1")
      .get(sha256) as { photo_id: string | null } | undefined;
    return staged && { photoId: staged.photo_id };
  }
}
