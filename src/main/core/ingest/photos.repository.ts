/**
 * SQLite access for what ingest registers from the cards' files: the cameras (one label per body)
 * and the photos, listed for the grid with the sidecars attached to each. The only code that knows
 * their snake_case columns; everything it returns is camelCase. The cards and their manifest rows
 * are in `card-manifest.repository.ts`.
 */
import type { Camera, PhotoRow } from '../../../shared/domain/ingest';
import type { Db } from '../../lib/sqlite';

export interface NewPhoto {
  id: string;
  sha256: string;
  fileName: string;
  originalName: string;
  cardId: string;
  size: number;
  kind: string;
  capturedAt: string | null;
  captureOffset: string | null;
  captureMs: number | null;
  captureSource: string;
  cameraId: string | null;
  orientation: number;
  width: number | null;
  height: number | null;
  lens: string | null;
  readable: boolean;
  unreadableReason: string | null;
  /** The camera's embedded thumbnail is already in the cache as a placeholder. */
  hasThumb: boolean;
}

export interface PhotoForWork {
  id: string;
  fileName: string;
  kind: string;
  orientation: number;
  readable: boolean;
  hasThumb: boolean;
}

const LABELS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class PhotosRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Cameras

  /** The camera with this identity, created with the next free label (A, B, C…) when new. */
  ensureCamera(make: string, model: string, serial: string): { id: string; label: string } {
    const id = `${make}|${model}|${serial}`;
    const found = this.db.prepare('SELECT id, label FROM camera WHERE id = ?').get(id) as
      { id: string; label: string } | undefined;
    if (found) return found;
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM camera').get() as { n: number }).n;
    const label = count < LABELS.length ? LABELS[count]! : `Z${count - LABELS.length + 1}`;
    this.db
      .prepare('INSERT INTO camera (id, label, make, model, serial, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, label, make, model, serial, new Date().toISOString());
    return { id, label };
  }

  cameras(): Camera[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, (SELECT COUNT(*) FROM photo p WHERE p.camera_id = c.id) AS photos FROM camera c ORDER BY c.label`,
      )
      .all() as {
      id: string;
      label: string;
      make: string;
      model: string;
      serial: string;
      offset_ms: number;
      photos: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      make: r.make,
      model: r.model,
      serial: r.serial,
      offsetSeconds: r.offset_ms / 1000,
      photos: r.photos,
    }));
  }

  setCameraOffset(cameraId: string, offsetMs: number): boolean {
    return (
      this.db.prepare('UPDATE camera SET offset_ms = ? WHERE id = ?').run(Math.round(offsetMs), cameraId)
        .changes === 1
    );
  }

  // Photos

  insertPhoto(p: NewPhoto): void {
    this.db
      .prepare(
        `INSERT INTO photo (id, sha256, file_name, original_name, card_id, size, kind, captured_at, capture_offset, capture_ms,
           capture_source, camera_id, orientation, width, height, lens, readable, unreadable_reason, has_thumb, ingested_at)
         VALUES (@id, @sha256, @fileName, @originalName, @cardId, @size, @kind, @capturedAt, @captureOffset, @captureMs,
           @captureSource, @cameraId, @orientation, @width, @height, @lens, @readable, @unreadableReason, @hasThumb, @ingestedAt)`,
      )
      .run({
        ...p,
        readable: p.readable ? 1 : 0,
        hasThumb: p.hasThumb ? 1 : 0,
        ingestedAt: new Date().toISOString(),
      });
  }

  photoForWork(id: string): PhotoForWork | undefined {
    const r = this.db
      .prepare('SELECT id, file_name, kind, orientation, readable, has_thumb FROM photo WHERE id = ?')
      .get(id) as
      | {
          id: string;
          file_name: string;
          kind: string;
          orientation: number;
          readable: number;
          has_thumb: number;
        }
      | undefined;
    return (
      r && {
        id: r.id,
        fileName: r.file_name,
        kind: r.kind,
        orientation: r.orientation,
        readable: r.readable === 1,
        hasThumb: r.has_thumb === 1,
      }
    );
  }

  setDerivatives(id: string): void {
    this.db.prepare('UPDATE photo SET has_thumb = 1, has_preview = 1 WHERE id = ?').run(id);
  }

  setUnreadable(id: string, reason: string): void {
    this.db.prepare('UPDATE photo SET readable = 0, unreadable_reason = ? WHERE id = ?').run(reason, id);
  }

  photoTime(id: string): { cameraId: string | null; captureMs: number | null; offsetMs: number } | undefined {
    const r = this.db
      .prepare(
        'SELECT p.camera_id, p.capture_ms, COALESCE(c.offset_ms, 0) AS offset_ms FROM photo p LEFT JOIN camera c ON c.id = p.camera_id WHERE p.id = ?',
      )
      .get(id) as { camera_id: string | null; capture_ms: number | null; offset_ms: number } | undefined;
    return r && { cameraId: r.camera_id, captureMs: r.capture_ms, offsetMs: r.offset_ms };
  }

  countPhotos(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM photo').get() as { n: number }).n;
  }

  /** Photos in corrected capture order (time unknown last, then by name). */
  listPhotos(offset: number, limit: number): PhotoRow[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.file_name, p.original_name, p.kind, p.capture_ms + COALESCE(c.offset_ms, 0) AS corrected_ms,
           p.capture_source, c.label, p.width, p.height, p.orientation, p.readable, p.unreadable_reason, p.has_thumb, p.has_preview
         FROM photo p LEFT JOIN camera c ON c.id = p.camera_id
         ORDER BY corrected_ms IS NULL, corrected_ms, p.file_name
         LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as {
      id: string;
      file_name: string;
      original_name: string;
      kind: string;
      corrected_ms: number | null;
      capture_source: string;
      label: string | null;
      width: number | null;
      height: number | null;
      orientation: number;
      readable: number;
      unreadable_reason: string | null;
      has_thumb: number;
      has_preview: number;
    }[];
    const sidecars = this.sidecarsOf(rows.map((r) => r.id));
    return rows.map((r) => {
      const swap = r.orientation >= 5;
      return {
        id: r.id,
        fileName: r.file_name,
        originalName: r.original_name,
        kind: r.kind,
        capturedAt: r.corrected_ms === null ? null : new Date(r.corrected_ms).toISOString().slice(0, 23),
        timeUncertain: r.capture_source !== 'exif',
        cameraLabel: r.label,
        width: swap ? r.height : r.width,
        height: swap ? r.width : r.height,
        readable: r.readable === 1,
        unreadableReason: r.unreadable_reason,
        hasThumb: r.has_thumb === 1,
        hasPreview: r.has_preview === 1,
        sidecars: (sidecars.get(r.id) ?? []).map((f) => f.slice(f.lastIndexOf('/') + 1)),
      };
    });
  }

  /** The final name of a registered photo. */
  photoFileName(photoId: string): string | null {
    const r = this.db.prepare('SELECT file_name FROM photo WHERE id = ?').get(photoId) as
      { file_name: string } | undefined;
    return r?.file_name ?? null;
  }

  /** Sidecars attached to each of `photoIds` (their card names, for the UI to show with the photo). */
  sidecarsOf(photoIds: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    if (photoIds.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT photo_id, rel_path FROM card_file WHERE role = 'sidecar' AND destinations <> '[]'
         AND photo_id IN (SELECT value FROM json_each(?)) ORDER BY rel_path`,
      )
      .all(JSON.stringify(photoIds)) as { photo_id: string; rel_path: string }[];
    for (const r of rows) out.set(r.photo_id, [...(out.get(r.photo_id) ?? []), r.rel_path]);
    return out;
  }
}
