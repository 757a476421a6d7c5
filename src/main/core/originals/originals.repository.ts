/**
 * SQLite access for the check of originals: the registered copies of every verified card file
 * (photos, sidecars, other files), and the record of copies found damaged. A damaged copy is
 * written to `card_file.missing`, the column the card re-check already uses, so the manifest stops
 * claiming it and the card's counts show it until it is repaired.
 */
import type { Db } from '../../lib/sqlite';

export interface RegisteredFile {
  id: number;
  relPath: string;
  finalName: string | null;
  sha256: string;
  size: number;
  destinations: string[];
  missing: string[];
}

export class OriginalsRepository {
  constructor(private readonly db: Db) {}

  /** Every verified file with registered copies, in a stable order (resume goes on from there). */
  registeredFiles(): RegisteredFile[] {
    const rows = this.db
      .prepare(
        `SELECT id, rel_path, final_name, sha256, size, destinations, missing FROM card_file
         WHERE status = 'verified' AND sha256 IS NOT NULL AND destinations <> '[]' ORDER BY id`,
      )
      .all() as {
      id: number;
      rel_path: string;
      final_name: string | null;
      sha256: string;
      size: number;
      destinations: string;
      missing: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      relPath: r.rel_path,
      finalName: r.final_name,
      sha256: r.sha256,
      size: r.size,
      destinations: JSON.parse(r.destinations) as string[],
      missing: JSON.parse(r.missing) as string[],
    }));
  }

  /** The copies of a file found damaged or missing now (empty: every copy intact). */
  setDamaged(fileId: number, copies: readonly string[]): void {
    this.db.prepare('UPDATE card_file SET missing = ? WHERE id = ?').run(JSON.stringify(copies), fileId);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
