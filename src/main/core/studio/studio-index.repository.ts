/**
 * The studio index: a small database in the app's data folder that remembers recent job folders
 * and the studio-wide settings. It holds no school data: each job's data stays in its own folder.
 */
import path from 'node:path';
import type { JobSummary } from '../../../shared/domain/job';
import {
  studioSettingsSchema,
  type StudioSettings,
  type StudioSettingsPatch,
} from '../../../shared/domain/settings';
import { ensurePrivateDir } from '../../lib/atomic';
import { openDatabase, type Db } from '../../lib/sqlite';
import { studioMigrations } from '../db/studio-migrations';

export const STUDIO_DB = 'studio.sqlite';

interface RecentRow {
  path: string;
  job_id: string;
  school_name: string;
  town: string;
  school_year: string;
  shoot_dates: string;
  created_at: string;
  last_opened_at: string;
}

export interface RecentEntry extends JobSummary {
  lastOpenedAt: string;
}

export class StudioIndex {
  private constructor(
    private readonly db: Db,
    private readonly defaults: StudioSettings,
  ) {}

  static async open(dataDir: string, defaults: StudioSettings): Promise<StudioIndex> {
    await ensurePrivateDir(dataDir);
    return new StudioIndex(openDatabase(path.join(dataDir, STUDIO_DB), studioMigrations), defaults);
  }

  close(): void {
    this.db.close();
  }

  /** The index's connection, for repositories of studio-wide data (e.g. saved roster mappings). */
  get connection(): Db {
    return this.db;
  }

  settings(): StudioSettings {
    const rows = this.db.prepare('SELECT key, value FROM setting').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const merged = {
      ...this.defaults,
      ...stored,
      photographer: { ...this.defaults.photographer, ...(stored.photographer as object | undefined) },
    };
    // A setting written by a newer version that this one does not understand falls back to the default.
    const parsed = studioSettingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : this.defaults;
  }

  updateSettings(patch: StudioSettingsPatch): StudioSettings {
    const current = this.settings();
    const next: StudioSettings = studioSettingsSchema.parse({
      ...current,
      ...patch,
      photographer: { ...current.photographer, ...patch.photographer },
    });
    const upsert = this.db.prepare(
      'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const key of Object.keys(patch) as (keyof StudioSettings)[])
        upsert.run(key, JSON.stringify(next[key]));
    })();
    return next;
  }

  rememberJob(job: JobSummary, openedAt = new Date().toISOString()): void {
    this.db
      .prepare(
        `INSERT INTO recent_job (path, job_id, school_name, town, school_year, shoot_dates, created_at, last_opened_at)
         VALUES (@path, @id, @schoolName, @town, @schoolYear, @shootDates, @createdAt, @openedAt)
         ON CONFLICT (path) DO UPDATE SET job_id = excluded.job_id, school_name = excluded.school_name,
           town = excluded.town, school_year = excluded.school_year, shoot_dates = excluded.shoot_dates,
           created_at = excluded.created_at, last_opened_at = excluded.last_opened_at`,
      )
      .run({ ...job, shootDates: JSON.stringify(job.shootDates), openedAt });
  }

  forget(jobPath: string): void {
    this.db.prepare('DELETE FROM recent_job WHERE path = ?').run(jobPath);
  }

  recent(): RecentEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM recent_job ORDER BY last_opened_at DESC')
      .all() as RecentRow[];
    return rows.map((r) => ({
      id: r.job_id,
      path: r.path,
      schoolName: r.school_name,
      town: r.town,
      schoolYear: r.school_year,
      shootDates: JSON.parse(r.shoot_dates) as string[],
      createdAt: r.created_at,
      lastOpenedAt: r.last_opened_at,
    }));
  }
}
