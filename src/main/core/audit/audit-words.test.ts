/**
 * Every action the app writes to the audit trail reads as a sentence in French and in English: one
 * row of each shape its writers store (from the single list AUDIT_ACTIONS), none falling back to the
 * stored French line, none showing a raw code or « (s) ». A new action without samples does not
 * compile (SAMPLES is keyed by AuditAction) and a sample without words fails here.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction } from '../../../shared/domain/gdpr';
import type { Language } from '../../../shared/domain/settings';
import { isMessageKey, translate } from '../../../shared/i18n';
import { openDatabase, type Db } from '../../lib/sqlite';
import { jobMigrations } from '../db/job-migrations';
import { formsBuiltEntry } from '../forms/forms-build.task';
import { ordersSyncedEntry } from '../orders/order-sync.task';
import { productionAuditEntry } from '../production/production.task';
import { AuditLog, type AuditEntry } from './audit-log';
import { AuditRepository } from './audit.repository';
import { auditLine, wordedAuditLine } from './audit-words';

/** A row as a writer stores it; `student`: about the child of class « CM1 B ». */
interface Sample {
  details: Record<string, unknown>;
  student?: boolean;
  /** The stored French line, when the sample comes from the writer's own entry builder. */
  summary?: string;
}

const STUDENT = 'stu-1';
const CLASS = 'cls-1';
const LABEL = 'CM1 B';

const fromEntry = (e: AuditEntry): Sample => ({ details: e.details ?? {}, summary: e.summary });

const PRODUCTION = {
  runId: 'r1',
  path: '/x',
  orders: 1,
  prints: 3,
  files: 3,
  digitalFiles: 0,
  decodes: 2,
  digitalAsShot: 0,
  perFormat: [],
  centredCrops: 0,
  fromBackup: [],
  problems: [],
};

const SAMPLES: Record<AuditAction, Sample[]> = {
  'roster.imported': [
    { details: { file: 'liste.csv', format: 'onde', students: 1, classes: 1, rejected: 0 } },
    { details: { file: 'liste.csv', format: 'onde', students: 24, classes: 2, rejected: 3 } },
  ],
  'consent.recorded': [
    {
      details: { use: 'online_gallery', holder: 'parent1', decision: 'refused', source: 'paper_form' },
      student: true,
    },
    {
      details: {
        kind: 'grid',
        source: 'paper_form',
        decidedOn: '2026-09-12',
        records: 1,
        students: 1,
        withdrawals: 0,
        unchanged: 0,
      },
    },
    {
      details: {
        kind: 'import',
        file: 'f.pdf',
        decidedOn: '2026-09-12',
        records: 12,
        students: 6,
        unmatched: 1,
      },
    },
  ],
  'consent.withdrawn': [
    { details: { use: 'class_photo', holder: 'parent2', source: 'email' }, student: true },
  ],
  'consent.undone': [{ details: { batch: 'b1', kind: 'grid', records: 4 } }],
  'ingest.card': [
    { details: { status: 'done', card: 3, copied: 1, photos: 1, repaired: 0, safeToFormat: true } },
    { details: { status: 'failed', card: null, copied: 0, photos: 0, repaired: 0, safeToFormat: false } },
    { details: { status: 'cancelled', card: null, copied: 0, photos: 0, repaired: 0, safeToFormat: false } },
  ],
  'originals.verified': [
    {
      details: {
        files: 1,
        copies: 2,
        bytes: 9,
        intact: 2,
        damaged: 0,
        repaired: 0,
        unreachable: 0,
        repair: false,
      },
    },
  ],
  'export.written': [
    { details: { what: 'xmp', format: 'xmp', written: 1, removed: 0 } },
    { details: { what: 'forms_list', file: 'bons.csv', format: 'csv', rows: 1 } },
    { details: { what: 'audit_trail', file: 'journal-audit-2026-10-01.csv', rows: 40 } },
    { details: { what: 'shoot_list', file: 'liste.pdf', classes: 0 } },
    { details: { what: 'consent_sheet', file: 'feuille.pdf', classes: 1 } },
    { details: { what: 'treasurer_summary', file: 'tresorerie.pdf' } },
    { details: { what: 'packing_documents', files: 3, orders: 1 } },
    // Packing documents written before they said what they were.
    { details: { files: 3, orders: 5 } },
  ],
  'publish.done': [
    {
      details: {
        gallery: 'g',
        platform: 'https://p',
        version: 2,
        students: 1,
        files: 1,
        filesSent: 1,
        bytesSent: 9,
      },
    },
    {
      details: {
        gallery: 'g',
        platform: 'https://p',
        version: 2,
        students: 5,
        files: 9,
        filesSent: 0,
        bytesSent: 0,
      },
    },
  ],
  'publish.failed': [{ details: { gallery: 'g', platform: 'https://p' } }],
  'publish.studentRemoved': [
    {
      details: { gallery: 'g', platform: 'https://p', version: 3, removed: true, classPhotosRemoved: 1 },
      student: true,
    },
    {
      details: { gallery: 'g', platform: 'https://p', version: null, removed: false, classPhotosRemoved: 0 },
      student: true,
    },
  ],
  'retention.purged': [{ details: { originals: 1, backups: 0, cache: 0, bytes: 9, failures: 0 } }],
  'student.erased': [
    {
      details: {
        photosDeleted: 1,
        sharedPhotosKept: 0,
        filesDeleted: 1,
        filesRegenerated: 1,
        filesFailed: 0,
      },
    },
    {
      details: {
        photosDeleted: 4,
        sharedPhotosKept: 1,
        filesDeleted: 3,
        filesRegenerated: 2,
        filesFailed: 2,
      },
    },
  ],
  'student.erasurePlanned': [{ details: { photos: 1, sharedPhotosKept: 0, galleries: 0 }, student: true }],
  'student.accessExported': [{ details: { photos: 1, records: 1 }, student: true }],
  'labels.bulk': [
    { details: { action: 'sessions.assignClass', session: 's1', classId: CLASS, photos: 1 } },
    { details: { action: 'sessions.assignClass', session: 's1', classId: null, photos: 30 } },
    { details: { action: 'labels.assign', photos: 25, students: 1, replace: false } },
    { details: { action: 'labels.remove', photos: 25 } },
    { details: { action: 'photos.mark', photos: 25, mark: 'sibling' } },
    { details: { action: 'photos.mark', photos: 25, mark: null } },
  ],
  'labels.consentOverride': [{ details: { classId: CLASS, use: 'photo', photos: 1 }, student: true }],
  'forms.built': [
    fromEntry(formsBuiltEntry({ forms: 1, students: 1, skipped: [], files: [] }, 0)),
    { details: { status: 'cancelled' } },
  ],
  'codes.revoked': [
    { details: { kind: 'family', students: 2, reasonGiven: true } },
    { details: { kind: 'student', students: 1, reasonGiven: false } },
  ],
  'orders.recorded': [{ details: { orders: 1, items: 1, paymentMethod: 'cheque' } }],
  'orders.synced': [
    fromEntry(ordersSyncedEntry({ galleries: 1, added: 1, updated: 0, unchanged: 0, pages: 1 })),
    fromEntry(ordersSyncedEntry({ galleries: 1, added: 12, updated: 2, unchanged: 40, pages: 3 })),
    { details: { status: 'failed' } },
  ],
  'orders.changed': [
    { details: { change: 'held', orders: 1 } },
    { details: { change: 'released', orders: 3 } },
    { details: { change: 'paid', orders: 2 } },
    { details: { change: 'refunded', orders: 1, channel: 'paper', totalCents: 2000 } },
    { details: { change: 'cancelled', orders: 1, channel: 'online', totalCents: 1250 } },
    { details: { change: 'keep_both', orders: 2 } },
    { details: { change: 'remake', orders: 1, items: 1 } },
  ],
  'cards.printed': [{ details: { classes: 1, cards: 26 } }],
  'cards.accepted': [
    { details: { scope: 'class', classId: CLASS, photos: 1, skipped: 0 } },
    { details: { scope: 'staff', classId: null, photos: 4, skipped: 1 } },
    { details: { scope: 'all', classId: null, photos: 120, skipped: 2 } },
    // Rows written before the scope was stored.
    { details: { classId: 'toutes', photos: 120, skipped: 0 } },
    { details: { classId: CLASS, photos: 20, skipped: 0 } },
  ],
  'production.ran': [
    fromEntry(productionAuditEntry(PRODUCTION)),
    fromEntry(
      productionAuditEntry({
        ...PRODUCTION,
        orders: 2,
        digitalFiles: 1,
        problems: [{ kind: 'original_missing', orderId: 'o', message: 'x' }] as never,
      }),
    ),
    { details: { status: 'cancelled' } },
  ],
  'production.packed': [
    { details: { status: 'packed', orders: 1, scanned: true } },
    { details: { status: 'delivered', orders: 4, scanned: false } },
  ],
};

const STORED = 'Ligne française enregistrée';

function trail(): {
  db: Db;
  rows: { action: string; sample: Sample; summary: string; line: (l: Language) => string | null }[];
} {
  const db = openDatabase(':memory:', jobMigrations);
  db.prepare("INSERT INTO class (id, label, created_at) VALUES (?, ?, '2026-09-01')").run(CLASS, LABEL);
  db.prepare(
    "INSERT INTO student (id, class_id, family_name, first_name, created_at, updated_at) VALUES (?, ?, 'MARTIN', 'Léa', '2026-09-01', '2026-09-01')",
  ).run(STUDENT, CLASS);
  const audit = new AuditLog('marie@test');
  const written: { action: AuditAction; sample: Sample }[] = [];
  for (const action of AUDIT_ACTIONS)
    for (const sample of SAMPLES[action]) {
      audit.record(db, action, sample.summary ?? STORED, sample.details, sample.student ? STUDENT : null);
      written.push({ action, sample });
    }
  const stored = new AuditRepository(db).all();
  return {
    db,
    rows: stored.map((r, i) => {
      const row = {
        action: r.action,
        summary: r.summary,
        details: JSON.parse(r.details) as Record<string, unknown>,
        classLabel: r.class_label,
      };
      return {
        action: r.action,
        sample: written[i]!.sample,
        summary: r.summary,
        line: (lang: Language) => wordedAuditLine(lang, row),
      };
    }),
  };
}

describe('audit trail in words, every action', () => {
  it('has samples of every action the app writes, and a name for each in both languages', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(SAMPLES[action]?.length ?? 0, action).toBeGreaterThan(0);
      const key = `audit.action.${action}`;
      expect(isMessageKey(key), key).toBe(true);
      if (isMessageKey(key)) expect(translate('fr', key)).not.toBe(translate('en', key));
    }
  });

  it('words every row in French and in English: no stored line, no raw code, no « (s) », no name', () => {
    const { db, rows } = trail();
    for (const r of rows) {
      const fr = r.line('fr');
      const en = r.line('en');
      const what = `${r.action} ${JSON.stringify(r.sample.details)}`;
      expect(fr, `${what} (fr)`).not.toBeNull();
      expect(en, `${what} (en)`).not.toBeNull();
      for (const text of [fr ?? '', en ?? '']) {
        expect(text, what).not.toContain(STORED);
        expect(text, what).not.toMatch(/\w\((s|es|x)\)|[{}#]|undefined|null|NaN|\b[a-z]+_[a-z_]+\b/);
        expect(text, what).not.toMatch(
          /\b(?:roster|consent|orders|cards|production|labels|photos|sessions)\.[a-z]/i,
        );
        expect(text, what).not.toMatch(/MARTIN|Léa/);
      }
      expect(en, what).not.toBe(fr);
      expect(en ?? '', what).not.toMatch(/[éèêàùç]/);
      // The stored French line of a writer's own entry has real plurals too.
      expect(r.summary, what).not.toMatch(/\w\((s|es|x)\)/);
    }
    db.close();
  });

  it('says singular and plural right, with the child’s class where it helps', () => {
    const { db, rows } = trail();
    const lines = (lang: Language) => rows.map((r) => r.line(lang));
    expect(lines('fr')).toEqual(
      expect.arrayContaining([
        'Commandes en ligne récupérées : 1 nouvelle, aucune mise à jour',
        'Commandes en ligne récupérées : 12 nouvelles, 2 mises à jour',
        'Récupération des commandes en ligne interrompue (erreur)',
        '1 commande mise en attente',
        '3 commandes libérées',
        '2 commandes marquées payées',
        'Commande remboursée (20,00\u00a0€)',
        'Réimpression gratuite créée (1 article)',
        'Cartes de prise de vue imprimées : 26 cartes pour 1 classe',
        `Étiquettes des cartes acceptées pour la classe ${LABEL} : 1 photo`,
        'Étiquettes des cartes acceptées pour l’équipe de l’école : 4 photos, 1 laissée telle quelle',
        'Production pour le laboratoire : 1 commande, 3 tirages, 0 fichier numérique, aucun problème',
        'Production pour le laboratoire : 2 commandes, 3 tirages, 1 fichier numérique, 1 problème',
        '4 pochettes marquées livrées',
        'Marque « fratrie » sur 25 photos',
        'Listes de colisage, étiquettes et bordereaux de livraison écrits (5 pochettes)',
        `Élève retiré de la galerie en ligne (version 3, 1 photo de classe retirée) — élève de ${LABEL}`,
        'Vérification des originaux : 1 fichier, 2 copies intactes, 0 endommagée ou absente, 0 réparée',
      ]),
    );
    expect(lines('en')).toEqual(
      expect.arrayContaining([
        'Online orders fetched: 1 new, none updated',
        '1 order put on hold',
        '3 orders released',
        'Order refunded (€20.00)',
        'Shoot cards printed: 26 cards for 1 class',
        `Card labels accepted for class ${LABEL}: 1 photo`,
        'Lab production: 2 orders, 3 prints, 1 digital file, 1 problem',
        '1 packet marked packed',
        'Mark “siblings” on 25 photos',
      ]),
    );
    db.close();
  });

  it('keeps an older row readable: its stored French line in French, the action’s name in English', () => {
    const row = {
      action: 'orders.changed',
      summary: 'Commande modifiée (ancienne ligne)',
      details: {},
      classLabel: null,
    };
    expect(wordedAuditLine('fr', row)).toBeNull();
    expect(auditLine('fr', row)).toBe('Commande modifiée (ancienne ligne)');
    expect(auditLine('en', row)).toBe('Order changed');
  });
});
