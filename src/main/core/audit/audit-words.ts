/**
 * The audit trail in words, in the reader's language: each row is written with its action and its
 * counts (details), and read back as a sentence of the dictionary (`audit.line.*`), the codes it holds
 * (uses, holders, decisions, sources) in words too, and the class of the child concerned where it
 * helps (never a name). A row this module cannot word (an older shape) shows its stored French line
 * to a French reader and the action's own words to anyone else: never a raw code.
 */
import type { Language } from '../../../shared/domain/settings';
import { formatMoney, isMessageKey, translate, type MessageKey } from '../../../shared/i18n';

type Details = Record<string, unknown>;
type Params = Record<string, string | number>;

export interface AuditRowForWords {
  action: string;
  summary: string;
  details: Details;
  /** The class of the student the row is about (or of the session it touches), when known. */
  classLabel: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A code of the consent vocabulary in words (`online_gallery` → « Galerie en ligne »), or null. */
function word(lang: Language, prefix: string, code: unknown): string | null {
  const key = `${prefix}.${String(code)}`;
  return typeof code === 'string' && isMessageKey(key) ? translate(lang, key) : null;
}

/** Every number of `names` present, or null when one is missing (then the row is not worded). */
function counts(d: Details, ...names: string[]): Params | null {
  const out: Params = {};
  for (const n of names) {
    const v = num(d[n]);
    if (v === null) return null;
    out[n] = v;
  }
  return out;
}

function line(lang: Language, row: AuditRowForWords): { key: MessageKey; params: Params } | null {
  const d = row.details;
  /** A task that ended before its end, and why (« erreur », « annulation »). */
  const stopped = (key: MessageKey) => ({
    key,
    params: { status: word(lang, 'audit.stopped', d.status) ?? translate(lang, 'audit.stopped.failed') },
  });
  const date = (v: unknown) => {
    const s = str(v);
    return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}` : null;
  };
  switch (row.action) {
    case 'roster.imported': {
      const c = counts(d, 'students', 'classes');
      return c
        ? { key: 'audit.line.rosterImported', params: { ...c, rejected: num(d.rejected) ?? 0 } }
        : null;
    }
    case 'consent.recorded': {
      if (d.kind === 'grid' || d.kind === 'import') {
        const c = counts(d, 'records', 'students');
        const on = date(d.decidedOn);
        if (!c || !on) return null;
        if (d.kind === 'import') return { key: 'audit.line.consentImported', params: { ...c, date: on } };
        const source = word(lang, 'consent.source', d.source);
        return source ? { key: 'audit.line.consentGrid', params: { ...c, date: on, source } } : null;
      }
      const use = word(lang, 'consent.use', d.use);
      const holder = word(lang, 'consent.holder', d.holder);
      const decision = word(lang, 'consent.decision', d.decision);
      const source = word(lang, 'consent.source', d.source);
      if (!use || !holder || !decision) return null;
      return {
        key: source ? 'audit.line.consentRecorded' : 'audit.line.consentRecordedNoSource',
        params: { use, holder, decision: decision.toLocaleLowerCase(lang), source: source ?? '' },
      };
    }
    case 'consent.withdrawn': {
      const use = word(lang, 'consent.use', d.use);
      const holder = word(lang, 'consent.holder', d.holder);
      return use && holder ? { key: 'audit.line.consentWithdrawn', params: { use, holder } } : null;
    }
    case 'consent.undone': {
      const c = counts(d, 'records');
      return c ? { key: 'audit.line.consentUndone', params: c } : null;
    }
    case 'ingest.card': {
      if (d.status !== 'done') return stopped('audit.line.ingestStopped');
      const c = counts(d, 'copied', 'photos');
      return c
        ? { key: 'audit.line.ingestCard', params: { ...c, card: num(d.card) ?? str(d.card) ?? '?' } }
        : null;
    }
    case 'originals.verified': {
      const c = counts(d, 'files', 'intact', 'damaged', 'repaired');
      return c ? { key: 'audit.line.originalsVerified', params: c } : null;
    }
    case 'export.written': {
      const what = str(d.what);
      const file = str(d.file) ?? '';
      if (what === 'xmp' || d.format === 'xmp') {
        const c = counts(d, 'written', 'removed');
        return c ? { key: 'audit.line.exportXmp', params: c } : null;
      }
      if (what === 'forms_list' || ((d.format === 'csv' || d.format === 'xlsx') && num(d.rows) !== null))
        return {
          key: 'audit.line.exportFormsList',
          params: { format: String(d.format).toUpperCase(), rows: num(d.rows) ?? 0 },
        };
      if (what === 'audit_trail' || file.startsWith('journal-audit'))
        return num(d.rows) !== null
          ? { key: 'audit.line.exportAudit', params: { rows: num(d.rows) ?? 0 } }
          : { key: 'audit.line.exportAuditNoCount', params: {} };
      if (what === 'shoot_list') return { key: 'audit.line.exportShootList', params: {} };
      if (what === 'consent_sheet') return { key: 'audit.line.exportConsentSheet', params: {} };
      if (what === 'treasurer_summary') return { key: 'audit.line.exportTreasurer', params: {} };
      // Packing documents: older rows carry their counts without saying what they are.
      if (what === 'packing_documents' || (!what && !file && num(d.orders) !== null)) {
        const c = counts(d, 'orders');
        return c ? { key: 'audit.line.exportPacking', params: c } : null;
      }
      return file ? { key: 'audit.line.exportFile', params: { file } } : null;
    }
    case 'publish.done': {
      const version = num(d.version);
      if (version === null) return null;
      if (d.filesSent === 0 && d.bytesSent === 0 && num(d.students) !== null)
        return { key: 'audit.line.publishNothingNew', params: { version } };
      const c = counts(d, 'students', 'files');
      return c ? { key: 'audit.line.publishDone', params: { ...c, version } } : null;
    }
    case 'publish.failed':
      return { key: 'audit.line.publishFailed', params: {} };
    case 'publish.studentRemoved':
      return d.removed === true
        ? {
            key: 'audit.line.publishStudentRemoved',
            params: { version: num(d.version) ?? '—', classPhotos: num(d.classPhotosRemoved) ?? 0 },
          }
        : { key: 'audit.line.publishStudentAbsent', params: {} };
    case 'retention.purged': {
      const c = counts(d, 'originals', 'backups', 'cache');
      if (!c) return null;
      const deleted = Number(c.originals) + Number(c.backups) + Number(c.cache) - (num(d.failures) ?? 0);
      return { key: 'audit.line.retentionPurged', params: { deleted } };
    }
    case 'student.erased': {
      const c = counts(d, 'photosDeleted', 'filesDeleted', 'filesRegenerated');
      return c
        ? { key: 'audit.line.studentErased', params: { ...c, failed: num(d.filesFailed) ?? 0 } }
        : null;
    }
    case 'student.erasurePlanned': {
      const c = counts(d, 'photos');
      return c ? { key: 'audit.line.erasurePlanned', params: c } : null;
    }
    case 'student.accessExported': {
      const c = counts(d, 'photos', 'records');
      return c ? { key: 'audit.line.accessExported', params: c } : null;
    }
    case 'labels.bulk': {
      const photos = num(d.photos);
      if (photos === null) return null;
      if (d.action === 'sessions.assignClass')
        return d.classId === null
          ? { key: 'audit.line.sessionDetached', params: { photos } }
          : { key: 'audit.line.sessionAssigned', params: { photos, class: row.classLabel ?? '—' } };
      if (d.action === 'labels.assign') return { key: 'audit.line.labelsAssigned', params: { photos } };
      if (d.action === 'labels.remove') return { key: 'audit.line.labelsRemoved', params: { photos } };
      if (d.action === 'photos.mark') {
        if (d.mark === null || d.mark === undefined)
          return { key: 'audit.line.marksCleared', params: { photos } };
        const mark = word(lang, 'labeling.mark', d.mark);
        return mark
          ? { key: 'audit.line.marksSet', params: { photos, mark: mark.toLocaleLowerCase(lang) } }
          : null;
      }
      return null;
    }
    case 'labels.consentOverride': {
      const photos = num(d.photos);
      const use = word(lang, 'consent.use', d.use);
      return photos !== null && use
        ? { key: 'audit.line.consentOverride', params: { photos, use: use.toLocaleLowerCase(lang) } }
        : null;
    }
    case 'forms.built': {
      if (str(d.status)) return { key: 'audit.line.formsStopped', params: {} };
      const c = counts(d, 'forms', 'students', 'skipped');
      return c ? { key: 'audit.line.formsBuilt', params: c } : null;
    }
    case 'codes.revoked':
      return {
        key: d.kind === 'family' ? 'audit.line.codeRevokedFamily' : 'audit.line.codeRevokedStudent',
        params: {},
      };
    case 'orders.recorded': {
      const c = counts(d, 'items');
      return c ? { key: 'audit.line.orderRecorded', params: c } : null;
    }
    case 'orders.synced': {
      if (d.status !== undefined && d.status !== 'done') return stopped('audit.line.ordersSyncStopped');
      const c = counts(d, 'added', 'updated');
      return c ? { key: 'audit.line.ordersSynced', params: c } : null;
    }
    case 'orders.changed': {
      const orders = num(d.orders);
      if (orders === null) return null;
      switch (d.change) {
        case 'held':
          return { key: 'audit.line.ordersHeld', params: { orders } };
        case 'released':
          return { key: 'audit.line.ordersReleased', params: { orders } };
        case 'paid':
          return { key: 'audit.line.ordersPaid', params: { orders } };
        case 'keep_both':
          return { key: 'audit.line.ordersKeptBoth', params: { orders } };
        case 'cancelled':
        case 'refunded': {
          const cents = num(d.totalCents);
          const amount = cents === null ? '' : formatMoney(lang, cents);
          if (d.change === 'refunded')
            return {
              key: amount ? 'audit.line.orderRefunded' : 'audit.line.orderRefundedNoAmount',
              params: { amount },
            };
          return {
            key: amount ? 'audit.line.orderCancelled' : 'audit.line.orderCancelledNoAmount',
            params: { amount },
          };
        }
        case 'remake': {
          const c = counts(d, 'items');
          return c ? { key: 'audit.line.orderRemade', params: c } : null;
        }
        default:
          return null;
      }
    }
    case 'cards.printed': {
      const c = counts(d, 'cards', 'classes');
      return c ? { key: 'audit.line.cardsPrinted', params: c } : null;
    }
    case 'cards.accepted': {
      const photos = num(d.photos);
      if (photos === null) return null;
      const params = { photos, skipped: num(d.skipped) ?? 0, class: row.classLabel ?? '' };
      if (d.scope === 'staff' || (d.scope === undefined && d.classId === null))
        return { key: 'audit.line.cardsAcceptedStaff', params };
      if (d.scope === 'all' || d.classId === 'toutes' || d.classId === undefined)
        return { key: 'audit.line.cardsAcceptedAll', params };
      return row.classLabel ? { key: 'audit.line.cardsAcceptedClass', params } : null;
    }
    case 'production.ran': {
      if (d.status !== undefined && d.status !== 'done') return stopped('audit.line.productionStopped');
      const c = counts(d, 'orders', 'prints', 'digitalFiles', 'problems');
      return c ? { key: 'audit.line.productionRan', params: c } : null;
    }
    case 'production.packed': {
      const orders = num(d.orders);
      if (orders === null) return null;
      if (d.status === 'packed') return { key: 'audit.line.ordersPacked', params: { orders } };
      if (d.status === 'delivered') return { key: 'audit.line.ordersDelivered', params: { orders } };
      return null;
    }
    default:
      return null;
  }
}

/** Rows about one child name its class (the session's own for a class assignment, said in the line). */
const CLASS_SUFFIX_ACTIONS = new Set([
  'consent.recorded',
  'consent.withdrawn',
  'labels.consentOverride',
  'publish.studentRemoved',
  'student.erased',
  'student.erasurePlanned',
  'student.accessExported',
]);

/** The row's sentence of the dictionary in `lang`, or null when its shape is not worded (an older row). */
export function wordedAuditLine(lang: Language, row: AuditRowForWords): string | null {
  const worded = line(lang, row);
  if (!worded) return null;
  const text = translate(lang, worded.key, worded.params);
  return row.classLabel && CLASS_SUFFIX_ACTIONS.has(row.action)
    ? text + translate(lang, 'audit.line.classSuffix', { class: row.classLabel })
    : text;
}

/** What kind of action a row is, in words (« Publication », « Purge de conservation »). */
export function auditActionWords(lang: Language, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? translate(lang, key) : translate(lang, 'audit.action.other');
}

/** One row of the trail as a sentence in `lang`. */
export function auditLine(lang: Language, row: AuditRowForWords): string {
  const worded = wordedAuditLine(lang, row);
  if (worded !== null) return worded;
  return lang === 'fr' && row.summary ? row.summary : auditActionWords(lang, row.action);
}
