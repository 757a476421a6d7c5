/**
 * Where price lists and order-form settings are stored: the studio default in the studio index's
 * `setting` table, each job's own copy (with its return deadline, watermark and the association's
 * share) in the job database. A job copies the studio default the first time it is read, so later
 * changes to the default never reprice a job whose forms are already printed.
 */
import {
  DEFAULT_PRICE_LIST,
  priceListSchema,
  type AssociationShare,
  type PriceList,
} from '../../../shared/domain/price-list';
import type { Db } from '../../lib/sqlite';

const STUDIO_KEY = 'forms.priceList';

export interface FormsSettings {
  products: PriceList;
  returnDeadline: string | null;
  watermark: string;
  share: AssociationShare;
}

interface Row {
  products: string;
  return_deadline: string | null;
  watermark: string;
  share_kind: AssociationShare['kind'];
  share_value: number;
}

export class StudioPriceListRepository {
  constructor(private readonly studio: Db) {}

  get(): PriceList {
    const row = this.studio.prepare('SELECT value FROM setting WHERE key = ?').get(STUDIO_KEY) as
      { value: string } | undefined;
    if (!row) return DEFAULT_PRICE_LIST;
    const parsed = priceListSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_PRICE_LIST;
  }

  set(list: PriceList): void {
    this.studio
      .prepare(
        'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(STUDIO_KEY, JSON.stringify(list));
  }
}

function shareFromRow(kind: AssociationShare['kind'], value: number): AssociationShare {
  switch (kind) {
    case 'none':
      return { kind };
    case 'percent':
      return { kind, basisPoints: value };
    case 'per_item':
      return { kind, cents: value };
  }
}

function shareValue(share: AssociationShare): number {
  switch (share.kind) {
    case 'none':
      return 0;
    case 'percent':
      return share.basisPoints;
    case 'per_item':
      return share.cents;
  }
}

export class FormsSettingsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The job's settings, copying the studio default price list on first use; `readOnly` (a preview)
   * shows what that copy would hold without writing it (the column defaults of migration 4).
   */
  get(studioDefault: () => PriceList, options: { readOnly?: boolean } = {}): FormsSettings {
    let row = this.db.prepare('SELECT * FROM forms_settings WHERE id = 1').get() as Row | undefined;
    if (!row && options.readOnly === true)
      return {
        products: studioDefault(),
        returnDeadline: null,
        watermark: 'ÉPREUVE',
        share: shareFromRow('none', 0),
      };
    if (!row) {
      this.db
        .prepare('INSERT OR IGNORE INTO forms_settings (id, products, updated_at) VALUES (1, ?, ?)')
        .run(JSON.stringify(studioDefault()), new Date().toISOString());
      row = this.db.prepare('SELECT * FROM forms_settings WHERE id = 1').get() as Row;
    }
    const parsed = priceListSchema.safeParse(JSON.parse(row.products));
    return {
      products: parsed.success ? parsed.data : studioDefault(),
      returnDeadline: row.return_deadline,
      watermark: row.watermark,
      share: shareFromRow(row.share_kind, row.share_value),
    };
  }

  save(next: FormsSettings): void {
    this.db
      .prepare(
        `INSERT INTO forms_settings (id, products, return_deadline, watermark, share_kind, share_value, updated_at)
         VALUES (1, @products, @deadline, @watermark, @kind, @value, @at)
         ON CONFLICT (id) DO UPDATE SET products = excluded.products, return_deadline = excluded.return_deadline,
           watermark = excluded.watermark, share_kind = excluded.share_kind, share_value = excluded.share_value,
           updated_at = excluded.updated_at`,
      )
      .run({
        products: JSON.stringify(next.products),
        deadline: next.returnDeadline,
        watermark: next.watermark,
        kind: next.share.kind,
        value: shareValue(next.share),
        at: new Date().toISOString(),
      });
  }
}
