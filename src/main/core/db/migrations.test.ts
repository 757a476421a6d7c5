import { describe, expect, it } from 'vitest';
import { jobMigrations } from './job-migrations';
import { assertMigrationsWellFormed } from '../../lib/sqlite';
import { studioMigrations } from './studio-migrations';

describe('migration lists', () => {
  it('are numbered 1..n in order (append-only)', () => {
    expect(() => assertMigrationsWellFormed(jobMigrations)).not.toThrow();
    expect(() => assertMigrationsWellFormed(studioMigrations)).not.toThrow();
  });

  it('reject a gap or a reordering', () => {
    const m = { name: 'x', sql: 'SELECT 1' };
    expect(() =>
      assertMigrationsWellFormed([
        { version: 1, ...m },
        { version: 3, ...m },
      ]),
    ).toThrow();
    expect(() => assertMigrationsWellFormed([{ version: 2, ...m }])).toThrow();
  });
});
