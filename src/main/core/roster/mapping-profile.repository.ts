/**
 * Column mappings saved in the studio index, so a school's odd spreadsheet is mapped once and
 * recognised by its headers in every later job. Only header names are stored, never roster data.
 * Consent sheets' mappings live in the same table, their signatures prefixed with `consent:` so
 * one kind is never offered for the other.
 */
import { randomUUID } from 'node:crypto';
import { consentSheetMappingSchema, type ConsentSheetMapping } from '../../../shared/domain/consent';
import { columnMappingSchema, type ColumnMapping } from '../../../shared/domain/roster';
import type { Db } from '../../lib/sqlite';

export interface MappingProfile {
  id: string;
  name: string;
  signature: string;
  mapping: ColumnMapping;
  lastUsedAt: string;
}

interface ProfileRow {
  id: string;
  name: string;
  signature: string;
  mapping: string;
  last_used_at: string;
}

export class MappingProfileRepository {
  constructor(private readonly db: Db) {}

  private toProfile(r: ProfileRow): MappingProfile | undefined {
    const parsed = columnMappingSchema.safeParse(JSON.parse(r.mapping));
    return parsed.success
      ? { id: r.id, name: r.name, signature: r.signature, mapping: parsed.data, lastUsedAt: r.last_used_at }
      : undefined;
  }

  bySignature(signature: string): MappingProfile | undefined {
    const r = this.db.prepare('SELECT * FROM roster_mapping WHERE signature = ?').get(signature) as
      ProfileRow | undefined;
    return r && this.toProfile(r);
  }

  byName(name: string): MappingProfile | undefined {
    const r = this.db
      .prepare(
        "SELECT * FROM roster_mapping WHERE name = ? AND signature NOT LIKE 'consent:%' ORDER BY last_used_at DESC LIMIT 1",
      )
      .get(name) as ProfileRow | undefined;
    return r && this.toProfile(r);
  }

  list(): MappingProfile[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM roster_mapping WHERE signature NOT LIKE 'consent:%' ORDER BY last_used_at DESC",
        )
        .all() as ProfileRow[]
    )
      .map((r) => this.toProfile(r))
      .filter((p): p is MappingProfile => p !== undefined);
  }

  /** A consent sheet's saved mapping, by its headers' signature or by the name it was saved under. */
  consentSheet(
    by: { signature: string } | { name: string },
  ): { name: string; mapping: ConsentSheetMapping } | undefined {
    const r = (
      'signature' in by
        ? this.db.prepare('SELECT * FROM roster_mapping WHERE signature = ?').get(by.signature)
        : this.db
            .prepare(
              "SELECT * FROM roster_mapping WHERE name = ? AND signature LIKE 'consent:%' ORDER BY last_used_at DESC LIMIT 1",
            )
            .get(by.name)
    ) as ProfileRow | undefined;
    if (!r?.signature.startsWith('consent:')) return undefined;
    const parsed = consentSheetMappingSchema.safeParse(JSON.parse(r.mapping));
    return parsed.success ? { name: r.name, mapping: parsed.data } : undefined;
  }

  saveConsentSheet(name: string, signature: string, mapping: ConsentSheetMapping): void {
    this.upsert(name, signature, mapping);
  }

  save(name: string, signature: string, mapping: ColumnMapping): void {
    this.upsert(name, signature, mapping);
  }

  private upsert(name: string, signature: string, mapping: ColumnMapping | ConsentSheetMapping): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO roster_mapping (id, name, signature, mapping, created_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (signature) DO UPDATE SET name = excluded.name, mapping = excluded.mapping,
           last_used_at = excluded.last_used_at`,
      )
      .run(randomUUID(), name, signature, JSON.stringify(mapping), now, now);
  }
}
