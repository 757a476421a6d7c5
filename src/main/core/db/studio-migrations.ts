/** Schema of the studio index (`studio.sqlite` in the app's data folder). Append-only. */
import type { Migration } from '../../lib/sqlite';

export const studioMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'recent jobs and settings',
    sql: `
      CREATE TABLE recent_job (
        path TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        school_name TEXT NOT NULL,
        town TEXT NOT NULL,
        school_year TEXT NOT NULL,
        shoot_dates TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_opened_at TEXT NOT NULL
      );
      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'roster column mappings',
    sql: `
      -- Column mappings the user made for a roster file, offered again for files with the same headers.
      CREATE TABLE roster_mapping (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        signature TEXT NOT NULL UNIQUE,
        mapping TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'access code registry',
    sql: `
      -- Every access code ever issued by this studio, across jobs: a new code is drawn again when
      -- already here, so codes are unique studio-wide and a revoked code is never reissued.
      CREATE TABLE access_code_registry (
        code TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        revoked_at TEXT
      ) WITHOUT ROWID;
    `,
  },
];
