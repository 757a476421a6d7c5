/**
 * Lab profiles live in the studio index's `setting` table (they are the studio's, not a job's):
 * a list of named profiles, the default one when none was saved.
 */
import { DEFAULT_LAB_PROFILE, labProfileSchema, type LabProfile } from '../../../shared/domain/production';
import type { Db } from '../../lib/sqlite';

const KEY = 'production.labProfiles';

export class LabProfilesRepository {
  constructor(private readonly studio: Db) {}

  list(): LabProfile[] {
    const row = this.studio.prepare('SELECT value FROM setting WHERE key = ?').get(KEY) as
      { value: string } | undefined;
    if (!row) return [DEFAULT_LAB_PROFILE];
    const parsed = labProfileSchema.array().min(1).safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : [DEFAULT_LAB_PROFILE];
  }

  save(profile: LabProfile): LabProfile[] {
    const list = this.list().filter((p) => p.name.toLowerCase() !== profile.name.toLowerCase());
    const next = [...list, profile];
    this.studio
      .prepare(
        'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(KEY, JSON.stringify(next));
    return next;
  }
}
