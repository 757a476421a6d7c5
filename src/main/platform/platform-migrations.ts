/** Schema of the sandbox platform's metadata (`platform.sqlite` in its data folder). Append-only. */
import type { Migration } from '../lib/sqlite';

export const platformMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'galleries, manifests, files, access codes',
    sql: `
      CREATE TABLE gallery (
        gallery_ref TEXT PRIMARY KEY,
        school_name TEXT NOT NULL,
        town TEXT NOT NULL,
        school_year TEXT NOT NULL,
        live_manifest_ref TEXT,
        closed_at TEXT,
        deleted_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE manifest (
        gallery_ref TEXT NOT NULL REFERENCES gallery(gallery_ref),
        manifest_ref TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('draft', 'live', 'superseded')),
        version INTEGER,
        body TEXT NOT NULL,
        close_date TEXT NOT NULL,
        delete_date TEXT NOT NULL,
        created_at TEXT NOT NULL,
        published_at TEXT,
        PRIMARY KEY (gallery_ref, manifest_ref)
      );
      CREATE TABLE manifest_file (
        gallery_ref TEXT NOT NULL,
        manifest_ref TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        PRIMARY KEY (gallery_ref, manifest_ref, sha256),
        FOREIGN KEY (gallery_ref, manifest_ref) REFERENCES manifest(gallery_ref, manifest_ref) ON DELETE CASCADE
      );
      CREATE INDEX manifest_file_sha ON manifest_file(sha256);
      CREATE INDEX manifest_file_gallery_sha ON manifest_file(gallery_ref, sha256);
      CREATE TABLE blob (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        stored_at TEXT NOT NULL
      );
      CREATE TABLE upload (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        received_bytes INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE access (
        gallery_ref TEXT NOT NULL,
        manifest_ref TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        student_ref TEXT NOT NULL,
        PRIMARY KEY (gallery_ref, manifest_ref, code_hash),
        FOREIGN KEY (gallery_ref, manifest_ref) REFERENCES manifest(gallery_ref, manifest_ref) ON DELETE CASCADE
      );
      CREATE INDEX access_code ON access(code_hash);
    `,
  },
  {
    version: 2,
    name: 'gallery contact, codes no longer online',
    sql: `
      ALTER TABLE gallery ADD COLUMN contact_name TEXT;
      ALTER TABLE gallery ADD COLUMN contact_email TEXT;
      ALTER TABLE gallery ADD COLUMN contact_phone TEXT;
      -- Keyed hashes of codes a publish or a removal took offline, so that a family typing one is
      -- told kindly whom to ask rather than « code inconnu ». Gone with the gallery's deletion.
      CREATE TABLE retired_code (
        gallery_ref TEXT NOT NULL REFERENCES gallery(gallery_ref),
        code_hash TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('withdrawn', 'replaced')),
        retired_at TEXT NOT NULL,
        PRIMARY KEY (gallery_ref, code_hash)
      );
      CREATE INDEX retired_code_hash ON retired_code(code_hash);
    `,
  },
  {
    version: 3,
    name: 'codes no longer online know their student, so an erasure forgets them all',
    sql: `
      ALTER TABLE retired_code ADD COLUMN student_ref TEXT;
      CREATE INDEX retired_code_student ON retired_code(gallery_ref, student_ref);
    `,
  },
  {
    version: 4,
    name: 'online orders and their events',
    sql: `
      -- Orders families placed on the family page. Never deleted by a cancellation or a refund:
      -- those are events, and the order's status follows its latest one. Kept when the gallery's
      -- files are deleted (bookkeeping, no image, no name).
      CREATE TABLE platform_order (
        order_id TEXT PRIMARY KEY,
        gallery_ref TEXT NOT NULL REFERENCES gallery(gallery_ref),
        student_ref TEXT NOT NULL,
        lines TEXT NOT NULL,
        total_cents INTEGER NOT NULL,
        payment_status TEXT NOT NULL CHECK (payment_status IN ('paid', 'cancelled', 'refunded')),
        payment_ref TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        placed_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX platform_order_student ON platform_order(gallery_ref, student_ref);
      -- Every change of an order, in order: the id is the cursor of GET …/orders.
      CREATE TABLE platform_order_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL REFERENCES platform_order(order_id),
        gallery_ref TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('placed', 'cancelled', 'refunded')),
        reason TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      );
      CREATE INDEX platform_order_event_gallery ON platform_order_event(gallery_ref, id);
    `,
  },
];
