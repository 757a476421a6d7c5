/**
 * Schema of a job database (`job.preau.sqlite` in each job folder). Append-only: never edit a
 * migration that has shipped; add the next version at the end.
 */
import type { Migration } from '../../lib/sqlite';

export const jobMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'job and tasks',
    sql: `
      CREATE TABLE job (
        id TEXT PRIMARY KEY,
        school_name TEXT NOT NULL,
        town TEXT NOT NULL DEFAULT '',
        school_year TEXT NOT NULL,
        shoot_dates TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        app_version TEXT NOT NULL
      );

      CREATE TABLE task (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        result TEXT
      );
      CREATE INDEX task_status ON task (status);

      -- One row per finished step of one item of a task: what lets a task resume after a crash
      -- without redoing verified work.
      CREATE TABLE task_step (
        task_id TEXT NOT NULL REFERENCES task (id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        step TEXT NOT NULL,
        done_at TEXT NOT NULL,
        PRIMARY KEY (task_id, item, step)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'school, roster and consent',
    sql: `
      -- One row: the school and the association that sells to families (order forms use these exact words).
      CREATE TABLE school (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uai TEXT NOT NULL DEFAULT '',
        school_type TEXT NOT NULL DEFAULT 'elementaire'
          CHECK (school_type IN ('maternelle', 'elementaire', 'college', 'lycee')),
        association_type TEXT NOT NULL DEFAULT 'occe' CHECK (association_type IN ('ape', 'occe', 'fse_mdl', 'other')),
        association_legal_name TEXT NOT NULL DEFAULT '',
        cheque_payee TEXT NOT NULL DEFAULT '',
        contact_name TEXT NOT NULL DEFAULT '',
        contact_email TEXT NOT NULL DEFAULT '',
        contact_phone TEXT NOT NULL DEFAULT '',
        sibling_photos INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE class (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        -- Identifier in the school's system (ONDE "Identifiant classe", SIECLE CODE_STRUCTURE): matches re-imports.
        code TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX class_label ON class (label);

      CREATE TABLE class_staff (
        id TEXT PRIMARY KEY,
        class_id TEXT NOT NULL REFERENCES class (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('teacher', 'assistant', 'other')),
        sort_order INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX class_staff_class ON class_staff (class_id);

      -- Only what the product needs (minimisation): no address, phone, e-mail or school decision.
      CREATE TABLE student (
        id TEXT PRIMARY KEY,
        class_id TEXT REFERENCES class (id) ON DELETE SET NULL,
        family_name TEXT NOT NULL,
        usage_name TEXT NOT NULL DEFAULT '',
        first_name TEXT NOT NULL,
        level TEXT NOT NULL DEFAULT '',
        birth_date TEXT,
        ine TEXT,
        archived INTEGER NOT NULL DEFAULT 0,
        roster_order INTEGER NOT NULL DEFAULT 0,
        -- Holders of parental authority whose consent is required (1 or 2, the user says which).
        authority_holders INTEGER NOT NULL DEFAULT 2 CHECK (authority_holders IN (1, 2)),
        -- ONDE "Autorisation photo": a hint from the school, never a valid consent.
        photo_hint TEXT CHECK (photo_hint IN ('yes', 'no')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX student_class ON student (class_id, roster_order);
      CREATE INDEX student_ine ON student (ine);

      -- Confirmed by the user only; stored once per pair (student_a < student_b).
      CREATE TABLE sibling_link (
        student_a TEXT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
        student_b TEXT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
        confirmed_at TEXT NOT NULL,
        PRIMARY KEY (student_a, student_b),
        CHECK (student_a < student_b)
      ) WITHOUT ROWID;

      -- Append-only history: the latest record per (student, use, holder) is the decision in force.
      CREATE TABLE consent_record (
        id TEXT PRIMARY KEY,
        student_id TEXT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
        use TEXT NOT NULL CHECK (use IN ('photo', 'class_photo', 'online_gallery', 'other')),
        holder TEXT NOT NULL CHECK (holder IN ('parent1', 'parent2', 'self')),
        decision TEXT NOT NULL CHECK (decision IN ('granted', 'refused', 'withdrawn')),
        decided_on TEXT NOT NULL,
        source TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX consent_record_student ON consent_record (student_id, use, holder, recorded_at);

      -- Written by the publish feature when a student's photos go online.
      CREATE TABLE student_publication (
        student_id TEXT PRIMARY KEY REFERENCES student (id) ON DELETE CASCADE,
        published_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- A consent withdrawn after publication: the next publish removes the student's photos and marks the row done.
      CREATE TABLE removal_request (
        id TEXT PRIMARY KEY,
        student_id TEXT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
        use TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        done_at TEXT
      );
      CREATE INDEX removal_request_pending ON removal_request (done_at);
    `,
  },
  {
    version: 3,
    name: 'photos and ingest',
    sql: `
      -- A camera body seen in this job. The label (A, B, C…) is what photographers call it
      -- ("boîtier B"); offset_ms corrects its clock so every capture time sorts on one timeline.
      CREATE TABLE camera (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        make TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        serial TEXT NOT NULL DEFAULT '',
        offset_ms INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      -- A memory card, recognised by the fingerprint of its first file (stable until it is formatted).
      CREATE TABLE card (
        id TEXT PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL UNIQUE,
        source_path TEXT NOT NULL,
        camera_label TEXT,
        first_ingest_at TEXT NOT NULL,
        last_ingest_at TEXT NOT NULL,
        safe_to_format INTEGER NOT NULL DEFAULT 0,
        verdict TEXT,
        verdict_at TEXT
      );

      -- The manifest: one row per file of a card, what became of it and where its verified copies are.
      CREATE TABLE card_file (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES card (id),
        task_id TEXT,
        rel_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('verified', 'duplicate', 'failed')),
        reason TEXT,
        staged TEXT NOT NULL DEFAULT '[]',
        destinations TEXT NOT NULL DEFAULT '[]',
        verify_mode TEXT,
        verified_at TEXT,
        final_name TEXT UNIQUE,
        photo_id TEXT,
        UNIQUE (card_id, rel_path, size, mtime_ms)
      );
      CREATE INDEX card_file_sha ON card_file (sha256);
      CREATE INDEX card_file_task ON card_file (task_id);

      -- A photo (or any file copied from a card) registered in the job. The id comes from the
      -- content hash: the same bytes can never be registered twice.
      CREATE TABLE photo (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        file_name TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        card_id TEXT REFERENCES card (id),
        size INTEGER NOT NULL,
        kind TEXT NOT NULL,
        captured_at TEXT,
        capture_offset TEXT,
        capture_ms INTEGER,
        capture_source TEXT NOT NULL,
        camera_id TEXT REFERENCES camera (id),
        orientation INTEGER NOT NULL DEFAULT 1,
        width INTEGER,
        height INTEGER,
        lens TEXT,
        readable INTEGER NOT NULL DEFAULT 1,
        unreadable_reason TEXT,
        has_thumb INTEGER NOT NULL DEFAULT 0,
        has_preview INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL
      );
      CREATE INDEX photo_capture ON photo (capture_ms);
      CREATE INDEX photo_camera ON photo (camera_id);
    `,
  },
  {
    version: 4,
    name: 'order forms: access codes, price list, paper orders',
    sql: `
      -- Private access codes (order form + online gallery). One live code per owner: a student, or a
      -- group of linked siblings (owner_key 'family:' + sorted student ids). Revoked codes stay
      -- here (and in the studio registry) so they are never issued again.
      CREATE TABLE access_code (
        code TEXT PRIMARY KEY,
        owner_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('student', 'family')),
        student_ids TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_reason TEXT NOT NULL DEFAULT ''
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX access_code_live ON access_code (owner_key) WHERE revoked_at IS NULL;

      -- The job's price list (copied from the studio default) and order-form settings, one row.
      CREATE TABLE forms_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        products TEXT NOT NULL,
        return_deadline TEXT,
        watermark TEXT NOT NULL DEFAULT 'ÉPREUVE',
        -- The association's share as set by the contract: none, a percentage (basis points) or cents per item.
        share_kind TEXT NOT NULL DEFAULT 'none' CHECK (share_kind IN ('none', 'percent', 'per_item')),
        share_value INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );

      -- Quantities a family wrote on the paper form, entered by the studio (one row per form code).
      CREATE TABLE paper_order (
        code TEXT PRIMARY KEY,
        lines TEXT NOT NULL,
        total_cents INTEGER NOT NULL,
        items INTEGER NOT NULL,
        payment_method TEXT NOT NULL CHECK (payment_method IN ('cheque', 'cash', 'transfer', 'card', 'other')),
        cheque_number TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'audit trail and publications',
    sql: `
      -- Who did what in this job. Never holds a name, a token or an access code; subject_id (an
      -- opaque student id) is cleared when that student is erased, so the trace stays anonymous.
      CREATE TABLE audit_event (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}',
        subject_id TEXT
      );
      CREATE INDEX audit_event_at ON audit_event (at);
      CREATE INDEX audit_event_subject ON audit_event (subject_id);

      -- Each finalized publish of this job's gallery: what retention purges and erasure reach through the platform.
      CREATE TABLE publication (
        id TEXT PRIMARY KEY,
        platform_url TEXT NOT NULL,
        gallery_ref TEXT NOT NULL,
        manifest_ref TEXT NOT NULL,
        version INTEGER NOT NULL,
        published_at TEXT NOT NULL,
        files INTEGER NOT NULL DEFAULT 0,
        closed_at TEXT
      );
      CREATE INDEX publication_gallery ON publication (gallery_ref);

      -- Which student went online under which opaque platform reference, per publish.
      CREATE TABLE publication_student (
        publication_id TEXT NOT NULL REFERENCES publication (id) ON DELETE CASCADE,
        student_id TEXT NOT NULL,
        student_ref TEXT NOT NULL,
        photos INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (publication_id, student_id)
      ) WITHOUT ROWID;
      CREATE INDEX publication_student_student ON publication_student (student_id);
    `,
  },
  {
    version: 6,
    name: 'sorting and labeling',
    sql: `
      -- A person's correction of the automatic split, anchored on a photo so it survives any change
      -- of thresholds: a boundary before this photo (split) or none (merge), for sessions or subjects.
      CREATE TABLE split_cut (
        level TEXT NOT NULL CHECK (level IN ('session', 'subject')),
        photo_id TEXT NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('split', 'merge')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (level, photo_id)
      ) WITHOUT ROWID;

      -- Session → class, anchored on a photo of the session: the session holding the photo belongs
      -- to the class, whatever its boundaries become.
      CREATE TABLE session_class (
        photo_id TEXT PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
        class_id TEXT NOT NULL REFERENCES class (id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- What a photo is when it is not an individual portrait: class photo, staff, siblings, or rejected
      -- (closed eyes, test shot) with the reason.
      CREATE TABLE photo_mark (
        photo_id TEXT PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
        mark TEXT NOT NULL CHECK (mark IN ('class', 'staff', 'sibling', 'rejected')),
        reason TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Who is on a photo, decided by a person: several students per photo (siblings, friends).
      CREATE TABLE photo_label (
        photo_id TEXT NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
        student_id TEXT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (photo_id, student_id)
      ) WITHOUT ROWID;
      CREATE INDEX photo_label_student ON photo_label (student_id);

      -- Undo/redo history of sorting and labeling, written in the same transaction as the change so a
      -- crash loses nothing. changes: JSON list of {table, key, before, after} rows (ids only, no names).
      CREATE TABLE edit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        changes TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
      );

      -- One row: the split thresholds last chosen for this job (every window splits the same way).
      CREATE TABLE labeling_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        session_gap_seconds REAL NOT NULL,
        subject_gap_seconds REAL NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'proofing',
    sql: `
      -- One row: how many poses each student is offered at most in this job.
      CREATE TABLE proofing_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        max_poses INTEGER NOT NULL CHECK (max_poses BETWEEN 1 AND 8),
        updated_at TEXT NOT NULL
      );

      -- The poses a person chose for a student, in order (position 0 = favorite). No row for a
      -- student: the default applies (best stars first, then capture order).
      CREATE TABLE proof_pose (
        student_id TEXT NOT NULL REFERENCES student (id) ON DELETE CASCADE,
        photo_id TEXT NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (student_id, photo_id)
      ) WITHOUT ROWID;
      CREATE INDEX proof_pose_photo ON proof_pose (photo_id);

      -- Star rating and clockwise rotation of a photo (applied to proofs and prints, never to the file).
      CREATE TABLE photo_proofing (
        photo_id TEXT PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
        stars INTEGER NOT NULL DEFAULT 0 CHECK (stars BETWEEN 0 AND 5),
        rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Non-destructive crop of a photo for one print ratio, in fractions of the photo as shown.
      CREATE TABLE photo_crop (
        photo_id TEXT NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
        ratio TEXT NOT NULL,
        x REAL NOT NULL,
        y REAL NOT NULL,
        w REAL NOT NULL,
        h REAL NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (photo_id, ratio)
      ) WITHOUT ROWID;

      -- The class photo a person picked for a class (else the default: best rated, then first).
      CREATE TABLE class_photo_pick (
        class_id TEXT PRIMARY KEY REFERENCES class (id) ON DELETE CASCADE,
        photo_id TEXT NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: 'absent students in sequence mode',
    sql: `
      -- Students a person marked absent while labeling in sequence mode ("-"): sequence mode stops
      -- proposing them, in every window and after a restart, until the mark is lifted.
      CREATE TABLE absent_skip (
        student_id TEXT PRIMARY KEY REFERENCES student (id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    name: 'consent batches',
    sql: `
      -- A class grid saved, or a consent sheet imported: its source and document date once, its
      -- counts (never a name); the last one can be undone while its records are still in force.
      CREATE TABLE consent_batch (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('grid', 'import')),
        source TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        records INTEGER NOT NULL,
        students INTEGER NOT NULL,
        undone_at TEXT
      );
      ALTER TABLE consent_record ADD COLUMN batch_id TEXT REFERENCES consent_batch (id);
      CREATE INDEX consent_record_batch ON consent_record (batch_id) WHERE batch_id IS NOT NULL;
      -- Which removal request a batch queued, so undoing the batch takes back only its own.
      ALTER TABLE removal_request ADD COLUMN batch_id TEXT REFERENCES consent_batch (id);
    `,
  },
  {
    version: 10,
    name: 'copies found missing when a card is inserted again',
    sql: `
      -- Registered copies of a file that the last re-check of its card found missing or damaged and
      -- could not repair (JSON array of paths, a subset of destinations). They stay registered, so a
      -- purge or an erasure still reaches them, but the manifest no longer claims them and the card
      -- is not safe to format while this is not empty.
      ALTER TABLE card_file ADD COLUMN missing TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 11,
    name: 'exported files and their hand-outs',
    sql: `
      -- Every file a feature wrote for people to read (order forms, proof sheets, shoot-day lists,
      -- bookkeeping, access exports): the students it names or shows and how to make it again, so
      -- erasing a student regenerates or removes each one. Path relative to the job folder when
      -- inside it (forward slashes), absolute otherwise.
      CREATE TABLE export_file (
        path TEXT PRIMARY KEY,
        feature TEXT NOT NULL,
        kind TEXT NOT NULL,
        recipe TEXT NOT NULL DEFAULT '{}',
        student_ids TEXT NOT NULL DEFAULT '[]',
        written_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Each time such a file left the app's hands (opened in another program, downloaded, written
      -- outside the job folder), with the students it named then: the erasure report lists them.
      CREATE TABLE export_handout (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        how TEXT NOT NULL,
        at TEXT NOT NULL,
        student_ids TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX export_handout_path ON export_handout (path);
    `,
  },
  {
    version: 12,
    name: 'sidecars and other files of a card',
    sql: `
      -- What a card file is: a photo (the only role older versions knew, so the default), a sidecar
      -- of a photo (XMP, THM, WAV voice note: photo_id is the photo it belongs to, so erasing the
      -- photo reaches it), or another file (a README, a video: copied and verified, no photo row).
      ALTER TABLE card_file ADD COLUMN role TEXT NOT NULL DEFAULT 'photo'
        CHECK (role IN ('photo', 'sidecar', 'other'));
      CREATE INDEX card_file_photo ON card_file (photo_id) WHERE photo_id IS NOT NULL;
    `,
  },
  {
    version: 13,
    name: 'one order book: paper and online orders',
    sql: `
      -- Every order of the job, whatever its channel: paper forms typed in by the studio, online
      -- orders pulled from the sales platform (platform_order_id, unique: a sync never adds one
      -- twice), free reprints (remake_of, at zero price). Orders are bookkeeping, kept 10 years
      -- without images: erasing a child clears code and student_ids (anonymised_at) and keeps the
      -- amounts and the class. Cancelled or refunded orders stay, with their reason.
      CREATE TABLE book_order (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        channel TEXT NOT NULL CHECK (channel IN ('paper', 'online')),
        code TEXT,
        student_ids TEXT NOT NULL DEFAULT '[]',
        class_label TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN
          ('received', 'paid', 'in_production', 'packed', 'delivered', 'cancelled', 'refunded')),
        status_reason TEXT NOT NULL DEFAULT '',
        held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
        hold_reason TEXT NOT NULL DEFAULT '',
        payment_method TEXT NOT NULL CHECK (payment_method IN
          ('cheque', 'cash', 'transfer', 'card', 'other', 'online')),
        -- A cheque number (paper) or the platform's payment reference (online).
        payment_ref TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        items INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        remake_of TEXT REFERENCES book_order (id),
        platform_order_id TEXT UNIQUE,
        gallery_ref TEXT,
        -- The studio looked at a family that ordered on paper and online and kept both.
        double_ok INTEGER NOT NULL DEFAULT 0 CHECK (double_ok IN (0, 1)),
        placed_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        anonymised_at TEXT
      ) WITHOUT ROWID;
      -- One paper order per form (typing it again replaces it, as before).
      CREATE UNIQUE INDEX book_order_paper_code ON book_order (code)
        WHERE channel = 'paper' AND remake_of IS NULL AND code IS NOT NULL;
      CREATE INDEX book_order_code ON book_order (code);
      CREATE INDEX book_order_remake ON book_order (remake_of) WHERE remake_of IS NOT NULL;

      CREATE TABLE book_order_line (
        order_id TEXT NOT NULL REFERENCES book_order (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        ref TEXT NOT NULL,
        label TEXT NOT NULL,
        pose INTEGER,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_cents INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        PRIMARY KEY (order_id, position)
      ) WITHOUT ROWID;

      -- What happened to an order (status changes, holds, cancellations, refunds), never deleted.
      CREATE TABLE book_order_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL REFERENCES book_order (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX book_order_event_order ON book_order_event (order_id);

      -- Where the last online sync stopped, per platform and gallery (the platform's cursor).
      CREATE TABLE order_sync_state (
        platform_url TEXT NOT NULL,
        gallery_ref TEXT NOT NULL,
        cursor TEXT NOT NULL DEFAULT '',
        synced_at TEXT NOT NULL,
        PRIMARY KEY (platform_url, gallery_ref)
      ) WITHOUT ROWID;

      -- The paper orders typed in so far move into the book, as received orders.
      INSERT INTO book_order (id, seq, channel, code, student_ids, class_label, status, payment_method,
                              payment_ref, note, items, total_cents, placed_at, recorded_at, updated_at)
      SELECT lower(hex(randomblob(16))),
             row_number() OVER (ORDER BY p.recorded_at, p.code),
             'paper', p.code,
             COALESCE((SELECT a.student_ids FROM access_code a WHERE a.code = p.code), '[]'),
             COALESCE((SELECT c.label FROM access_code a JOIN student s ON s.id = json_extract(a.student_ids, '$[0]')
                         JOIN class c ON c.id = s.class_id WHERE a.code = p.code), ''),
             'received', p.payment_method, p.cheque_number, p.note, p.items, p.total_cents,
             p.recorded_at, p.recorded_at, p.recorded_at
        FROM paper_order p;
      INSERT INTO book_order_line (order_id, position, ref, label, pose, quantity, unit_cents, total_cents)
      SELECT o.id, CAST(j.key AS INTEGER), json_extract(j.value, '$.ref'), json_extract(j.value, '$.label'),
             json_extract(j.value, '$.pose'), json_extract(j.value, '$.quantity'),
             json_extract(j.value, '$.unitCents'), json_extract(j.value, '$.totalCents')
        FROM paper_order p JOIN book_order o ON o.code = p.code AND o.channel = 'paper', json_each(p.lines) j;
      DROP TABLE paper_order;
    `,
  },
  {
    version: 14,
    name: 'production runs and their files',
    sql: `
      -- A production run: the files made for the lab from the order book. Counts only, no names.
      CREATE TABLE production_run (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        profile TEXT NOT NULL,
        out_path TEXT NOT NULL,
        orders INTEGER NOT NULL DEFAULT 0,
        prints INTEGER NOT NULL DEFAULT 0,
        files INTEGER NOT NULL DEFAULT 0
      );
      -- Each image file of a run and the students it shows: high-definition files, purged with the
      -- originals, and removed when one of their students is erased.
      CREATE TABLE production_file (
        run_id TEXT NOT NULL REFERENCES production_run (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('print', 'sheet', 'class_photo', 'digital', 'document')),
        student_ids TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, path)
      ) WITHOUT ROWID;
      -- The orders a run produced, as packing lists, labels and a scanned label need them: the order
      -- number (never the family's access code), the children, the items with their pose.
      CREATE TABLE production_order (
        run_id TEXT NOT NULL REFERENCES production_run (id) ON DELETE CASCADE,
        order_id TEXT NOT NULL,
        number TEXT NOT NULL,
        student_ids TEXT NOT NULL,
        class_id TEXT,
        items TEXT NOT NULL,
        PRIMARY KEY (run_id, order_id)
      ) WITHOUT ROWID;
      CREATE INDEX production_order_number ON production_order (number);
    `,
  },
  {
    version: 15,
    name: 'printed photo cards',
    sql: `
      -- The job's card settings: its random key (printed in every code, never a name), whether the
      -- studio shoots the card after the child, and whether card labels are accepted without review.
      CREATE TABLE card_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        job_key TEXT NOT NULL,
        card_after_child INTEGER NOT NULL DEFAULT 0,
        auto_accept INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );
      -- One random token per printed card: a student, a class, the staff, a pause, a walk-up blank.
      CREATE TABLE card_code (
        token TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('student', 'class', 'staff', 'pause', 'walkup')),
        student_id TEXT REFERENCES student (id) ON DELETE CASCADE,
        class_id TEXT REFERENCES class (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX card_code_student ON card_code (student_id) WHERE kind = 'student';
      CREATE UNIQUE INDEX card_code_class ON card_code (class_id) WHERE kind = 'class';
      -- What the ingest read on each frame's preview: codes as JSON (our codes parsed, others listed).
      CREATE TABLE photo_code (
        photo_id TEXT PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('none', 'card', 'partial', 'not_ours')),
        codes TEXT NOT NULL DEFAULT '[]',
        read_at TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Where a label comes from: a person (default, every older label) or a card.
      ALTER TABLE photo_label ADD COLUMN source TEXT NOT NULL DEFAULT 'person'
        CHECK (source IN ('person', 'card'));
    `,
  },
];
