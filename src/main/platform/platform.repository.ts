/**
 * The sandbox platform's metadata in SQLite: galleries, declared manifests (draft → live →
 * superseded), which files each manifest needs, finished files, uploads in progress and the hashed
 * access codes. The only code of the sandbox that touches its database; every multi-row change is
 * one transaction, so the "live manifest" pointer moves atomically.
 */
import type { Statement } from 'better-sqlite3';
import { statementCache, type Db } from '../lib/sqlite';
import type { Manifest, MediaType, PlatformOrder } from '../../shared/publish/protocol';

export type ManifestState = 'draft' | 'live' | 'superseded';

export interface GalleryRow {
  galleryRef: string;
  schoolName: string;
  town: string;
  schoolYear: string;
  liveManifestRef: string | null;
  closedAt: string | null;
  deletedAt: string | null;
  contact: GalleryContact | null;
}

/** Whom families ask about the gallery (the association selling, as its order forms name it). */
export interface GalleryContact {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface ManifestRow {
  galleryRef: string;
  manifestRef: string;
  state: ManifestState;
  version: number | null;
  body: string;
  closeDate: string;
  deleteDate: string;
  publishedAt: string | null;
}

export interface MissingRow {
  sha256: string;
  size: number;
  receivedBytes: number;
}

interface RawGallery {
  gallery_ref: string;
  school_name: string;
  town: string;
  school_year: string;
  live_manifest_ref: string | null;
  closed_at: string | null;
  deleted_at: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
}

interface RawManifest {
  gallery_ref: string;
  manifest_ref: string;
  state: ManifestState;
  version: number | null;
  body: string;
  close_date: string;
  delete_date: string;
  published_at: string | null;
}

const toGallery = (r: RawGallery): GalleryRow => ({
  galleryRef: r.gallery_ref,
  schoolName: r.school_name,
  town: r.town,
  schoolYear: r.school_year,
  liveManifestRef: r.live_manifest_ref,
  closedAt: r.closed_at,
  deletedAt: r.deleted_at,
  contact: r.contact_name ? { name: r.contact_name, email: r.contact_email, phone: r.contact_phone } : null,
});

const toManifest = (r: RawManifest): ManifestRow => ({
  galleryRef: r.gallery_ref,
  manifestRef: r.manifest_ref,
  state: r.state,
  version: r.version,
  body: r.body,
  closeDate: r.close_date,
  deleteDate: r.delete_date,
  publishedAt: r.published_at,
});

export class PlatformRepository {
  /** Statements compiled once: an upload runs several lookups per file, a thousand files per publish. */
  private readonly sql: (text: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }



  getGallery(galleryRef: string): GalleryRow | undefined {
    const r = this.sql('SELECT * FROM gallery WHERE gallery_ref = ?').get(galleryRef) as
      RawGallery | undefined;
    return r && toGallery(r);
  }

  upsertGallery(
    g: {
      galleryRef: string;
      schoolName: string;
      town: string;
      schoolYear: string;
      contact?: { name: string; email?: string | undefined; phone?: string | undefined } | undefined;
    },
    now: string,
  ): void {
    const { contact, ...rest } = g;
    // A studio of an earlier version sends no contact: the one given before, if any, is kept.
    this.sql(
      `INSERT INTO gallery (gallery_ref, school_name, town, school_year, contact_name, contact_email,
           contact_phone, created_at, updated_at)
         VALUES (@galleryRef, @schoolName, @town, @schoolYear, @name, @email, @phone, @now, @now)
         ON CONFLICT (gallery_ref) DO UPDATE SET school_name = @schoolName, town = @town,
           school_year = @schoolYear, updated_at = @now,
           contact_name = CASE WHEN @given THEN @name ELSE contact_name END,
           contact_email = CASE WHEN @given THEN @email ELSE contact_email END,
           contact_phone = CASE WHEN @given THEN @phone ELSE contact_phone END`,
    ).run({
      ...rest,
      given: contact ? 1 : 0,
      name: contact?.name || null,
      email: contact?.email || null,
      phone: contact?.phone || null,
      now,
    });
  }

  getManifest(galleryRef: string, manifestRef: string): ManifestRow | undefined {
    const r = this.sql('SELECT * FROM manifest WHERE gallery_ref = ? AND manifest_ref = ?').get(
      galleryRef,
      manifestRef,
    ) as RawManifest | undefined;
    return r && toManifest(r);
  }

  liveManifest(galleryRef: string): ManifestRow | undefined {
    const g = this.getGallery(galleryRef);
    return g?.liveManifestRef ? this.getManifest(galleryRef, g.liveManifestRef) : undefined;
  }

  /** Records a draft manifest (its access codes already replaced by their keyed hashes) with its files. */
  insertManifest(
    galleryRef: string,
    manifestRef: string,
    body: string,
    manifest: Manifest,
    now: string,
  ): void {
    this.db.transaction(() => {
      this.sql(
        `INSERT INTO manifest (gallery_ref, manifest_ref, state, body, close_date, delete_date, created_at)
           VALUES (?, ?, 'draft', ?, ?, ?, ?)`,
      ).run(galleryRef, manifestRef, body, manifest.retention.closeDate, manifest.retention.deleteDate, now);
      const file = this.sql(
        'INSERT INTO manifest_file (gallery_ref, manifest_ref, sha256, size, media_type) VALUES (?, ?, ?, ?, ?)',
      );
      for (const f of manifest.files) file.run(galleryRef, manifestRef, f.sha256, f.size, f.mediaType);
      const access = this.sql(
        'INSERT INTO access (gallery_ref, manifest_ref, code_hash, student_ref) VALUES (?, ?, ?, ?)',
      );
      for (const s of manifest.students) access.run(galleryRef, manifestRef, s.accessCode, s.studentRef);
    })();
  }

  /** Files of a manifest not yet held in full, with how much of each is already verified. */
  missingFiles(galleryRef: string, manifestRef: string): MissingRow[] {
    return this.sql(
      `SELECT mf.sha256 AS sha256, mf.size AS size, COALESCE(u.received_bytes, 0) AS receivedBytes
         FROM manifest_file mf
         LEFT JOIN blob b ON b.sha256 = mf.sha256
         LEFT JOIN upload u ON u.sha256 = mf.sha256
         WHERE mf.gallery_ref = ? AND mf.manifest_ref = ? AND b.sha256 IS NULL
         ORDER BY mf.sha256`,
    ).all(galleryRef, manifestRef) as MissingRow[];
  }

  /** Size of a file declared by a draft or live manifest of the gallery; undefined when not declared. */
  declaredFile(galleryRef: string, sha256: string): { size: number; mediaType: MediaType } | undefined {
    return this.sql(
      `SELECT mf.size AS size, mf.media_type AS mediaType FROM manifest_file mf
         JOIN manifest m ON m.gallery_ref = mf.gallery_ref AND m.manifest_ref = mf.manifest_ref
         WHERE mf.gallery_ref = ? AND mf.sha256 = ? AND m.state IN ('draft', 'live') LIMIT 1`,
    ).get(galleryRef, sha256) as { size: number; mediaType: MediaType } | undefined;
  }

  hasBlob(sha256: string): boolean {
    return this.sql('SELECT 1 FROM blob WHERE sha256 = ?').get(sha256) !== undefined;
  }

  blobs(): { sha256: string; size: number }[] {
    return this.sql('SELECT sha256, size FROM blob').all() as { sha256: string; size: number }[];
  }

  deleteBlob(sha256: string): void {
    this.sql('DELETE FROM blob WHERE sha256 = ?').run(sha256);
  }

  countBlobs(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM blob').get() as { n: number }).n;
  }

  upload(sha256: string): { size: number; receivedBytes: number } | undefined {
    return this.sql('SELECT size, received_bytes AS receivedBytes FROM upload WHERE sha256 = ?').get(
      sha256,
    ) as { size: number; receivedBytes: number } | undefined;
  }

  setUploadProgress(sha256: string, size: number, receivedBytes: number, now: string): void {
    this.sql(
      `INSERT INTO upload (sha256, size, received_bytes, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET received_bytes = excluded.received_bytes, updated_at = excluded.updated_at`,
    ).run(sha256, size, receivedBytes, now);
  }

  dropUpload(sha256: string): void {
    this.sql('DELETE FROM upload WHERE sha256 = ?').run(sha256);
  }

  completeUpload(sha256: string, size: number, now: string): void {
    this.db.transaction(() => {
      this.sql('DELETE FROM upload WHERE sha256 = ?').run(sha256);
      this.sql('INSERT OR IGNORE INTO blob (sha256, size, stored_at) VALUES (?, ?, ?)').run(
        sha256,
        size,
        now,
      );
    })();
  }

  /**
   * The pointer swap: makes a draft the gallery's live manifest and drops every other manifest of
   * the gallery, in one transaction. Returns the new version.
   */
  makeLive(
    galleryRef: string,
    manifestRef: string,
    now: string,
    { forgetStudent }: { forgetStudent?: string } = {},
  ): number {
    return this.db.transaction(() => {
      this.retireCodes(galleryRef, manifestRef, now);
      // An erasure: every code the student ever had in this gallery is forgotten, not retired.
      if (forgetStudent) this.forgetStudentCodes(galleryRef, forgetStudent);
      const max = this.sql('SELECT COALESCE(MAX(version), 0) AS v FROM manifest WHERE gallery_ref = ?').get(
        galleryRef,
      ) as { v: number };
      const version = max.v + 1;
      this.sql(
        `UPDATE manifest SET state = 'live', version = ?, published_at = ? WHERE gallery_ref = ? AND manifest_ref = ?`,
      ).run(version, now, galleryRef, manifestRef);
      this.sql('UPDATE gallery SET live_manifest_ref = ?, updated_at = ? WHERE gallery_ref = ?').run(
        manifestRef,
        now,
        galleryRef,
      );
      this.sql('DELETE FROM manifest WHERE gallery_ref = ? AND manifest_ref <> ?').run(
        galleryRef,
        manifestRef,
      );
      return version;
    })();
  }

  /**
   * Before `next` goes live: the codes of the live manifest that `next` drops are remembered as no
   * longer online — `replaced` when their student is still there under another code, `withdrawn`
   * otherwise — and the codes `next` brings back online are forgotten.
   */
  private retireCodes(galleryRef: string, next: string, now: string): void {
    const live = this.getGallery(galleryRef)?.liveManifestRef;
    if (live && live !== next)
      this.sql(
        `INSERT INTO retired_code (gallery_ref, code_hash, reason, retired_at, student_ref)
           SELECT a.gallery_ref, a.code_hash,
                  CASE WHEN EXISTS (SELECT 1 FROM access n WHERE n.gallery_ref = a.gallery_ref
                                      AND n.manifest_ref = @next AND n.student_ref = a.student_ref)
                       THEN 'replaced' ELSE 'withdrawn' END,
                  @now, a.student_ref
             FROM access a
            WHERE a.gallery_ref = @g AND a.manifest_ref = @live
              AND NOT EXISTS (SELECT 1 FROM access n WHERE n.gallery_ref = a.gallery_ref
                                AND n.manifest_ref = @next AND n.code_hash = a.code_hash)
           ON CONFLICT (gallery_ref, code_hash) DO UPDATE SET reason = excluded.reason,
             retired_at = excluded.retired_at, student_ref = excluded.student_ref`,
      ).run({ g: galleryRef, live, next, now });
    this.sql(
      `DELETE FROM retired_code WHERE gallery_ref = ? AND code_hash IN
         (SELECT code_hash FROM access WHERE gallery_ref = ? AND manifest_ref = ?)`,
    ).run(galleryRef, galleryRef, next);
  }

  /** Forgets every code of a student that this gallery still remembers as no longer online. */
  forgetStudentCodes(galleryRef: string, studentRef: string): void {
    this.sql('DELETE FROM retired_code WHERE gallery_ref = ? AND student_ref = ?').run(
      galleryRef,
      studentRef,
    );
  }

  /** The gallery a hashed code opened before a publish or a removal took it offline, if any. */
  findRetired(codeHash: string): { galleryRef: string; reason: 'withdrawn' | 'replaced' } | undefined {
    return this.sql(
      `SELECT r.gallery_ref AS galleryRef, r.reason AS reason FROM retired_code r
         JOIN gallery g ON g.gallery_ref = r.gallery_ref
        WHERE r.code_hash = ? AND g.deleted_at IS NULL
        ORDER BY r.retired_at DESC LIMIT 1`,
    ).get(codeHash) as { galleryRef: string; reason: 'withdrawn' | 'replaced' } | undefined;
  }

  closeGallery(galleryRef: string, now: string): void {
    this.sql(
      'UPDATE gallery SET closed_at = COALESCE(closed_at, ?), updated_at = ? WHERE gallery_ref = ?',
    ).run(now, now, galleryRef);
  }

  /** Galleries whose live manifest's deletion date has come. */
  galleriesToDelete(today: string): string[] {
    return (
      this.sql(
        `SELECT g.gallery_ref AS ref FROM gallery g
           JOIN manifest m ON m.gallery_ref = g.gallery_ref AND m.manifest_ref = g.live_manifest_ref
           WHERE g.deleted_at IS NULL AND m.delete_date <= ?`,
      ).all(today) as { ref: string }[]
    ).map((r) => r.ref);
  }

  markDeleted(galleryRef: string, now: string): void {
    this.db.transaction(() => {
      this.sql(
        'UPDATE gallery SET deleted_at = ?, live_manifest_ref = NULL, updated_at = ? WHERE gallery_ref = ?',
      ).run(now, now, galleryRef);
      this.sql('DELETE FROM manifest WHERE gallery_ref = ?').run(galleryRef);
      this.sql('DELETE FROM retired_code WHERE gallery_ref = ?').run(galleryRef);
    })();
  }

  /** Finished files no manifest refers to any more; their rows are deleted, the caller removes the files. */
  takeUnreferencedBlobs(): string[] {
    return this.takeUnreferenced('blob');
  }

  /** Uploads in progress that no manifest wants any more. */
  takeUnreferencedUploads(): string[] {
    return this.takeUnreferenced('upload');
  }

  private takeUnreferenced(table: 'blob' | 'upload'): string[] {
    return this.db.transaction(() => {
      const rows = this.sql(
        `SELECT sha256 FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM manifest_file mf WHERE mf.sha256 = t.sha256)`,
      ).all() as { sha256: string }[];
      const del = this.sql(`DELETE FROM ${table} WHERE sha256 = ?`);
      for (const r of rows) del.run(r.sha256);
      return rows.map((r) => r.sha256);
    })();
  }

  /** The live gallery a hashed access code opens, if any. */
  findAccess(codeHash: string): { galleryRef: string; manifestRef: string; studentRef: string } | undefined {
    return this.sql(
      `SELECT a.gallery_ref AS galleryRef, a.manifest_ref AS manifestRef, a.student_ref AS studentRef
         FROM access a JOIN gallery g ON g.gallery_ref = a.gallery_ref AND g.live_manifest_ref = a.manifest_ref
         WHERE a.code_hash = ? LIMIT 1`,
    ).get(codeHash) as { galleryRef: string; manifestRef: string; studentRef: string } | undefined;
  }

  // ---- Online orders --------------------------------------------------------------------------

  /** Records a placed order and its first event, in one transaction. */
  insertOrder(o: PlatformOrder): void {
    this.db.transaction(() => {
      this.sql(
        `INSERT INTO platform_order (order_id, gallery_ref, student_ref, lines, total_cents, payment_status,
                                     payment_ref, reason, placed_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        o.orderId,
        o.galleryRef,
        o.studentRef,
        JSON.stringify(o.lines),
        o.totalCents,
        o.paymentStatus,
        o.paymentRef,
        o.reason,
        o.placedAt,
        o.updatedAt,
      );
      this.sql(
        `INSERT INTO platform_order_event (order_id, gallery_ref, kind, at) VALUES (?, ?, 'placed', ?)`,
      ).run(o.orderId, o.galleryRef, o.placedAt);
    })();
  }

  getOrder(galleryRef: string, orderId: string): PlatformOrder | undefined {
    const r = this.sql('SELECT * FROM platform_order WHERE gallery_ref = ? AND order_id = ?').get(
      galleryRef,
      orderId,
    ) as RawOrder | undefined;
    return r ? toOrder(r) : undefined;
  }

  /** Orders of one gallery entry (the family sees its own). */
  ordersOf(galleryRef: string, studentRef: string): PlatformOrder[] {
    return (
      this.sql(
        'SELECT * FROM platform_order WHERE gallery_ref = ? AND student_ref = ? ORDER BY placed_at',
      ).all(galleryRef, studentRef) as RawOrder[]
    ).map(toOrder);
  }

  /** A cancellation or a refund: a new event, the order's status follows it. */
  orderEvent(
    galleryRef: string,
    orderId: string,
    kind: 'cancelled' | 'refunded',
    reason: string,
    now: string,
  ): void {
    this.db.transaction(() => {
      this.sql(
        'UPDATE platform_order SET payment_status = ?, reason = ?, updated_at = ? WHERE gallery_ref = ? AND order_id = ?',
      ).run(kind, reason, now, galleryRef, orderId);
      this.sql(
        'INSERT INTO platform_order_event (order_id, gallery_ref, kind, reason, at) VALUES (?, ?, ?, ?, ?)',
      ).run(orderId, galleryRef, kind, reason, now);
    })();
  }

  /** Orders changed after event `after`, each once with its latest event id, oldest change first. */
  ordersChangedAfter(
    galleryRef: string,
    after: number,
    limit: number,
  ): { order: PlatformOrder; last: number }[] {
    const rows = this.sql(
      `SELECT o.*, c.last FROM (SELECT order_id, MAX(id) AS last FROM platform_order_event
                                  WHERE gallery_ref = ? AND id > ? GROUP BY order_id) c
         JOIN platform_order o ON o.order_id = c.order_id
        ORDER BY c.last LIMIT ?`,
    ).all(galleryRef, after, limit) as (RawOrder & { last: number })[];
    return rows.map((r) => ({ order: toOrder(r), last: r.last }));
  }
}

interface RawOrder {
  order_id: string;
  gallery_ref: string;
  student_ref: string;
  lines: string;
  total_cents: number;
  payment_status: PlatformOrder['paymentStatus'];
  payment_ref: string;
  reason: string;
  placed_at: string;
  updated_at: string;
}

function toOrder(r: RawOrder): PlatformOrder {
  return {
    orderId: r.order_id,
    galleryRef: r.gallery_ref,
    studentRef: r.student_ref,
    lines: JSON.parse(r.lines) as PlatformOrder['lines'],
    totalCents: r.total_cents,
    paymentStatus: r.payment_status,
    paymentRef: r.payment_ref,
    reason: r.reason,
    placedAt: r.placed_at,
    updatedAt: r.updated_at,
  };
}
