/**
 * Schema of a job database (`job.preau.sqlite` in each job folder). Append-only: never edit a
 * migration that has shipped; add the next version at the end.
 */
import type { Migration } from './sqlite';

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
];
