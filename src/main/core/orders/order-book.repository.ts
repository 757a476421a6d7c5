/**
 * The only code that reads and writes the order book's tables (book_order, its lines and events,
 * the online sync's cursors). Rows map to `OrderRecord` here; names come from the roster in the
 * service. Every write that touches more than one row runs in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { OrderLine } from '../../../shared/domain/order-form';
import type { BookPaymentMethod, OrderChannel, OrderStatus } from '../../../shared/domain/order-book';
import { statementCache, type Db } from '../../lib/sqlite';

export interface OrderRecord {
  id: string;
  seq: number;
  number: string;
  channel: OrderChannel;
  code: string | null;
  studentIds: string[];
  classLabel: string;
  status: OrderStatus;
  statusReason: string;
  held: boolean;
  holdReason: string;
  paymentMethod: BookPaymentMethod;
  paymentRef: string;
  note: string;
  lines: OrderLine[];
  items: number;
  totalCents: number;
  remakeOf: string | null;
  platformOrderId: string | null;
  galleryRef: string | null;
  doubleOk: boolean;
  placedAt: string;
  recordedAt: string;
  updatedAt: string;
  anonymisedAt: string | null;
}

/** What a new order carries; id, number and timestamps are made here. */
export interface NewOrder {
  channel: OrderChannel;
  code: string | null;
  studentIds: readonly string[];
  classLabel: string;
  status: OrderStatus;
  statusReason?: string;
  paymentMethod: BookPaymentMethod;
  paymentRef: string;
  note: string;
  lines: readonly OrderLine[];
  remakeOf?: string | null;
  platformOrderId?: string | null;
  galleryRef?: string | null;
  placedAt?: string;
}

interface Row {
  id: string;
  seq: number;
  channel: OrderChannel;
  code: string | null;
  student_ids: string;
  class_label: string;
  status: OrderStatus;
  status_reason: string;
  held: number;
  hold_reason: string;
  payment_method: BookPaymentMethod;
  payment_ref: string;
  note: string;
  items: number;
  total_cents: number;
  remake_of: string | null;
  platform_order_id: string | null;
  gallery_ref: string | null;
  double_ok: number;
  placed_at: string;
  recorded_at: string;
  updated_at: string;
  anonymised_at: string | null;
}

interface LineRow {
  order_id: string;
  ref: string;
  label: string;
  pose: number | null;
  quantity: number;
  unit_cents: number;
  total_cents: number;
}

/** `C00042`: short, ASCII, sortable, safe in a lab's file name and a barcode. */
export function orderNumber(seq: number): string {
  return `C${String(seq).padStart(5, '0')}`;
}

export class OrderBookRepository {
  /** Statements compiled once per connection: a sync writes thousands of orders, each with its lines and event. */
  private readonly sql: (text: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private linesOf(ids: readonly string[]): Map<string, OrderLine[]> {
    const out = new Map<string, OrderLine[]>();
    if (ids.length === 0) return out;
    const rows = this.sql(
      `SELECT * FROM book_order_line WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, position`,
    ).all(JSON.stringify(ids)) as LineRow[];
    for (const r of rows) {
      const list = out.get(r.order_id) ?? [];
      list.push({
        ref: r.ref,
        label: r.label,
        pose: r.pose,
        quantity: r.quantity,
        unitCents: r.unit_cents,
        totalCents: r.total_cents,
      });
      out.set(r.order_id, list);
    }
    return out;
  }

  private map(rows: Row[]): OrderRecord[] {
    const lines = this.linesOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      number: orderNumber(r.seq),
      channel: r.channel,
      code: r.code,
      studentIds: JSON.parse(r.student_ids) as string[],
      classLabel: r.class_label,
      status: r.status,
      statusReason: r.status_reason,
      held: r.held === 1,
      holdReason: r.hold_reason,
      paymentMethod: r.payment_method,
      paymentRef: r.payment_ref,
      note: r.note,
      lines: lines.get(r.id) ?? [],
      items: r.items,
      totalCents: r.total_cents,
      remakeOf: r.remake_of,
      platformOrderId: r.platform_order_id,
      galleryRef: r.gallery_ref,
      doubleOk: r.double_ok === 1,
      placedAt: r.placed_at,
      recordedAt: r.recorded_at,
      updatedAt: r.updated_at,
      anonymisedAt: r.anonymised_at,
    }));
  }

  /** Every order, oldest first. */
  all(): OrderRecord[] {
    return this.map(this.sql('SELECT * FROM book_order ORDER BY seq').all() as Row[]);
  }

  get(id: string): OrderRecord | undefined {
    return this.map(this.sql('SELECT * FROM book_order WHERE id = ?').all(id) as Row[])[0];
  }

  byIds(ids: readonly string[]): OrderRecord[] {
    return this.map(
      this.sql('SELECT * FROM book_order WHERE id IN (SELECT value FROM json_each(?)) ORDER BY seq').all(
        JSON.stringify(ids),
      ) as Row[],
    );
  }

  /** Orders placed under an access code (paper form and online gallery share it). */
  byCode(code: string): OrderRecord[] {
    return this.map(this.sql('SELECT * FROM book_order WHERE code = ? ORDER BY seq').all(code) as Row[]);
  }

  /** Orders naming a student (for erasure and the right of access). */
  ofStudent(studentId: string): OrderRecord[] {
    return this.map(
      this.sql(
        `SELECT * FROM book_order WHERE EXISTS (SELECT 1 FROM json_each(student_ids) WHERE value = ?) ORDER BY seq`,
      ).all(studentId) as Row[],
    );
  }

  /** The paper order typed in for a form (not a remake), if any. */
  paperByCode(code: string): OrderRecord | undefined {
    return this.map(
      this.sql(`SELECT * FROM book_order WHERE channel = 'paper' AND remake_of IS NULL AND code = ?`).all(
        code,
      ) as Row[],
    )[0];
  }

  /** Platform order ids already in the book, among `ids` (one query for a page of a sync). */
  knownPlatformIds(ids: readonly string[]): Map<string, string> {
    const rows = this.sql(
      `SELECT platform_order_id AS pid, id FROM book_order
          WHERE platform_order_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as { pid: string; id: string }[];
    return new Map(rows.map((r) => [r.pid, r.id]));
  }

  private writeLines(id: string, lines: readonly OrderLine[], fresh = false): void {
    if (!fresh) this.sql('DELETE FROM book_order_line WHERE order_id = ?').run(id);
    const insert = this.sql(
      `INSERT INTO book_order_line (order_id, position, ref, label, pose, quantity, unit_cents, total_cents)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    lines.forEach((l, i) => insert.run(id, i, l.ref, l.label, l.pose, l.quantity, l.unitCents, l.totalCents));
  }

  /** Adds an order (in the caller's transaction when there is one); returns its id. */
  insert(order: NewOrder, now = new Date().toISOString()): string {
    const id = randomUUID();
    const seq = (this.sql('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM book_order').get() as { n: number }).n;
    this.sql(
      `INSERT INTO book_order (id, seq, channel, code, student_ids, class_label, status, status_reason,
                                 payment_method, payment_ref, note, items, total_cents, remake_of,
                                 platform_order_id, gallery_ref, placed_at, recorded_at, updated_at)
         VALUES (@id, @seq, @channel, @code, @studentIds, @classLabel, @status, @statusReason,
                 @paymentMethod, @paymentRef, @note, @items, @totalCents, @remakeOf,
                 @platformOrderId, @galleryRef, @placedAt, @now, @now)`,
    ).run({
      id,
      seq,
      channel: order.channel,
      code: order.code,
      studentIds: JSON.stringify(order.studentIds),
      classLabel: order.classLabel,
      status: order.status,
      statusReason: order.statusReason ?? '',
      paymentMethod: order.paymentMethod,
      paymentRef: order.paymentRef,
      note: order.note,
      items: order.lines.reduce((n, l) => n + l.quantity, 0),
      totalCents: order.lines.reduce((n, l) => n + l.totalCents, 0),
      remakeOf: order.remakeOf ?? null,
      platformOrderId: order.platformOrderId ?? null,
      galleryRef: order.galleryRef ?? null,
      placedAt: order.placedAt ?? now,
      now,
    });
    this.writeLines(id, order.lines, true);
    this.event(id, 'created', '', now);
    return id;
  }

  /** Records (or replaces) the paper order of a form, keeping its number and status. */
  upsertPaper(order: NewOrder & { code: string }, now = new Date().toISOString()): string {
    return this.transaction(() => {
      const existing = this.paperByCode(order.code);
      if (!existing) return this.insert(order, now);
      this.sql(
        `UPDATE book_order SET student_ids = ?, class_label = ?, payment_method = ?, payment_ref = ?,
                  note = ?, items = ?, total_cents = ?, placed_at = ?, recorded_at = ?, updated_at = ?
            WHERE id = ?`,
      ).run(
        JSON.stringify(order.studentIds),
        order.classLabel,
        order.paymentMethod,
        order.paymentRef,
        order.note,
        order.lines.reduce((n, l) => n + l.quantity, 0),
        order.lines.reduce((n, l) => n + l.totalCents, 0),
        now,
        now,
        now,
        existing.id,
      );
      this.writeLines(existing.id, order.lines);
      this.event(existing.id, 'replaced', '', now);
      return existing.id;
    });
  }

  event(orderId: string, kind: string, reason: string, at = new Date().toISOString()): void {
    this.sql('INSERT INTO book_order_event (order_id, at, kind, reason) VALUES (?, ?, ?, ?)').run(
      orderId,
      at,
      kind,
      reason,
    );
  }

  events(orderId: string): { at: string; kind: string; reason: string }[] {
    return this.sql('SELECT at, kind, reason FROM book_order_event WHERE order_id = ? ORDER BY id').all(
      orderId,
    ) as { at: string; kind: string; reason: string }[];
  }

  setStatus(
    ids: readonly string[],
    status: OrderStatus,
    reason = '',
    now = new Date().toISOString(),
  ): number {
    return this.transaction(() => {
      let n = 0;
      const update = this.sql(
        'UPDATE book_order SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status != ?',
      );
      for (const id of ids) {
        const changed = update.run(status, reason, now, id, status).changes;
        if (changed) this.event(id, status, reason, now);
        n += changed;
      }
      return n;
    });
  }

  setPaymentRef(id: string, ref: string): void {
    this.sql('UPDATE book_order SET payment_ref = ? WHERE id = ?').run(ref, id);
  }

  setHeld(ids: readonly string[], held: boolean, reason: string, now = new Date().toISOString()): number {
    return this.transaction(() => {
      let n = 0;
      const update = this.sql('UPDATE book_order SET held = ?, hold_reason = ?, updated_at = ? WHERE id = ?');
      for (const id of ids) {
        n += update.run(held ? 1 : 0, held ? reason : '', now, id).changes;
        this.event(id, held ? 'held' : 'released', reason, now);
      }
      return n;
    });
  }

  setDoubleOk(ids: readonly string[]): void {
    this.transaction(() => {
      const update = this.sql('UPDATE book_order SET double_ok = 1 WHERE id = ?');
      for (const id of ids) update.run(id);
    });
  }

  /** Erasure: the order stays as bookkeeping (amounts, class, lines), without code or child. */
  anonymise(ids: readonly string[], now = new Date().toISOString()): number {
    let n = 0;
    const update = this.sql(
      `UPDATE book_order SET code = NULL, student_ids = '[]', note = '', payment_ref = '',
              anonymised_at = ?, updated_at = ? WHERE id = ?`,
    );
    for (const id of ids) n += update.run(now, now, id).changes;
    return n;
  }

  /** Removes a student from orders that also name siblings (the order stays theirs). */
  dropStudent(id: string, studentId: string, now = new Date().toISOString()): number {
    return this.sql(
      `UPDATE book_order SET student_ids = (SELECT json_group_array(value) FROM json_each(student_ids) WHERE value != ?),
                updated_at = ? WHERE id = ?`,
    ).run(studentId, now, id).changes;
  }

  syncCursor(platformUrl: string, galleryRef: string): string {
    const row = this.sql(
      'SELECT cursor FROM order_sync_state WHERE platform_url = ? AND gallery_ref = ?',
    ).get(platformUrl, galleryRef) as { cursor: string } | undefined;
    return row?.cursor ?? '';
  }

  setSyncCursor(
    platformUrl: string,
    galleryRef: string,
    cursor: string,
    now = new Date().toISOString(),
  ): void {
    this.sql(
      `INSERT INTO order_sync_state (platform_url, gallery_ref, cursor, synced_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform_url, gallery_ref) DO UPDATE SET cursor = excluded.cursor, synced_at = excluded.synced_at`,
    ).run(platformUrl, galleryRef, cursor, now);
  }
}
