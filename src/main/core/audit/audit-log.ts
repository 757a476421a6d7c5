/**
 * The job's audit trail: who imported, exported, published, purged or erased, and when. Each
 * feature writes through `record`, inside its own transaction when it has one, so an action and
 * its trace commit together. Details are checked for secrets before they are stored: the trail is
 * exported and shown, so it must never hold a token, an access code or a student's name.
 */
import os from 'node:os';
import path from 'node:path';
import type { AuditAction, AuditEvent } from '../../../shared/domain/gdpr';
import { repoOf, type Db } from '../../lib/sqlite';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { toCsv } from '../../lib/csv';
import type { OpenJob } from '../jobs/job-folder';
import { AuditRepository, type AuditRow } from './audit.repository';
import type { Language } from '../../../shared/domain/settings';
import { count, formatDateTime, translate } from '../../../shared/i18n';
import { auditActionWords, auditLine } from './audit-words';

/** One row of the trail as a feature declares it: what happened, in words and counts, never a name. */
export interface AuditEntry {
  action: AuditAction;
  /** One readable line in French, without any name. */
  summary: string;
  details?: Record<string, unknown>;
  /** The student concerned (an id, never a name), for the rows about one student. */
  subjectId?: string | null;
}

/** Why a task stopped before its end, in the French of the stored lines: « erreur », « annulation ». */
export function stoppedWhy(status: string): string {
  return translate('fr', status === 'cancelled' ? 'audit.stopped.cancelled' : 'audit.stopped.failed');
}

/** Keys whose values are secrets or identities: dropped from details whatever the caller passes. */
const FORBIDDEN_KEYS = /token|secret|password|access_?code|^code$|name$|^ine$|birth/i;

function scrub(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (FORBIDDEN_KEYS.test(key)) continue;
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value)
        ? scrub(value as Record<string, unknown>)
        : value;
  }
  return out;
}

/** `marie@electron`: the operating-system account running the app and the host it runs in. */
export function studioActor(host: string): string {
  let user = 'inconnu';
  try {
    user = os.userInfo().username || user;
  } catch {
    // Some containers have no passwd entry for the uid: the host kind still tells where it came from.
  }
  return `${user}@${host}`;
}

export class AuditLog {
  constructor(readonly actor: string) {}

  /** Writes one row; call it inside the transaction of the change it describes. */
  write(db: Db, entry: AuditEntry): void {
    this.record(db, entry.action, entry.summary, entry.details ?? {}, entry.subjectId ?? null);
  }

  record(
    db: Db,
    action: AuditAction,
    summary: string,
    details: Record<string, unknown> = {},
    subjectId: string | null = null,
  ): void {
    repoOf(db, AuditRepository).insert({
      at: new Date().toISOString(),
      actor: this.actor,
      action,
      summary,
      details: JSON.stringify(scrub(details)),
      subjectId,
    });
  }

  /** One page of the trail, newest first, each row in words in `lang` (with the child's class, never a name). */
  list(
    job: OpenJob,
    offset: number,
    limit: number,
    lang: Language = 'fr',
  ): { events: AuditEvent[]; total: number } {
    const audit = job.repo(AuditRepository);
    return {
      events: audit.page(offset, limit).map((r) => {
        const event = toEvent(r);
        return { ...event, summary: auditLine(lang, { ...event, classLabel: r.class_label }) };
      }),
      total: audit.count(),
    };
  }

  /**
   * The whole trail as CSV (semicolon, UTF-8 with BOM so Excel shows accents), oldest first, in the
   * reader's language as the overview shows it: the date (dd/mm/yyyy HH:mm in French), who, the kind
   * of action and its line in words (with the child's class, never a name), then the stored counts.
   */
  async exportCsv(job: OpenJob, lang: Language = 'fr'): Promise<{ path: string; rows: number }> {
    const rows = job.repo(AuditRepository).all();
    const csv = toCsv(
      rows.map((r) => {
        const event = toEvent(r);
        return [
          formatDateTime(lang, r.at),
          r.actor,
          auditActionWords(lang, r.action),
          auditLine(lang, { ...event, classLabel: r.class_label }),
          r.details,
        ];
      }),
      {
        columns: (['date', 'user', 'action', 'line', 'details'] as const).map((c) =>
          translate(lang, `audit.csv.${c}`),
        ),
        recordDelimiter: 'unix',
      },
    );
    await ensurePrivateDir(job.paths.folder('exports'));
    const file = job.paths.export(`journal-audit-${new Date().toISOString().slice(0, 10)}.csv`);
    await writeFileAtomic(file, csv);
    this.record(
      job.db,
      'export.written',
      `Journal d’audit exporté (${count(rows.length, 'ligne', 'lignes')})`,
      {
        what: 'audit_trail',
        file: path.basename(file),
        rows: rows.length,
      },
    );
    return { path: file, rows: rows.length };
  }
}

function toEvent(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    summary: r.summary,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}
