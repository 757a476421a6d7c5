/**
 * Use cases of the job's order book: paper orders (typed in by the forms feature), online orders
 * (pulled by the sync), statuses, holds, cancellations and refunds with their reason, free
 * reprints linked to the first order, the double-channel flag (a family that ordered on paper and
 * online: a person decides, nothing is merged or doubled), totals by class and channel. It is the
 * production run's only way into the orders (`ProductionOrderSource`).
 */
import { AppError } from '../../lib/errors';
import type { OrderLine } from '../../../shared/domain/order-form';
import {
  CLOSED_STATUSES,
  type BookOrder,
  type BookTotals,
  type OrderBookTotals,
  type OrderFilter,
  type OrderStatus,
} from '../../../shared/domain/order-book';
import { associationShareCents, type AssociationShare } from '../../../shared/domain/price-list';
import type { OpenJob } from '../jobs/job-folder';
import { RosterRepository } from '../roster/roster.repository';
import { displayName } from '../roster/roster.service';
import type {
  ProductionOrder,
  ProductionOrderSource,
  ProductionStatus,
} from '../production/order-source.port';
import { OrderBookRepository, type NewOrder, type OrderRecord } from './order-book.repository';

/** Statuses an order may be moved to by hand, and from which. */
const FORWARD: Record<ProductionStatus, readonly OrderStatus[]> = {
  in_production: ['received', 'paid', 'in_production'],
  packed: ['received', 'paid', 'in_production', 'packed'],
  delivered: ['received', 'paid', 'in_production', 'packed', 'delivered'],
};

export class OrderBookService implements ProductionOrderSource {
  private repo(job: OpenJob): OrderBookRepository {
    return job.repo(OrderBookRepository);
  }

  /** Orders that need a person: a family with a live order on each channel, not yet decided. */
  private doubles(records: readonly OrderRecord[]): Set<string> {
    const live = records.filter((r) => r.code && !r.remakeOf && !CLOSED_STATUSES.includes(r.status));
    const byCode = new Map<string, OrderRecord[]>();
    for (const r of live) byCode.set(r.code!, [...(byCode.get(r.code!) ?? []), r]);
    const out = new Set<string>();
    for (const list of byCode.values()) {
      const channels = new Set(list.map((r) => r.channel));
      if (channels.size < 2 || list.every((r) => r.doubleOk)) continue;
      for (const r of list) out.add(r.id);
    }
    return out;
  }

  private toOrders(job: OpenJob, records: readonly OrderRecord[], all?: readonly OrderRecord[]): BookOrder[] {
    const roster = job.repo(RosterRepository);
    const names = new Map<string, string>();
    const nameOf = (id: string) => {
      let n = names.get(id);
      if (n === undefined) {
        const s = roster.student(id);
        n = s ? `${s.firstName} ${displayName(s)}` : '';
        names.set(id, n);
      }
      return n;
    };
    const everything = all ?? this.repo(job).all();
    const numbers = new Map(everything.map((r) => [r.id, r.number]));
    const doubles = this.doubles(everything);
    return records.map((r) => ({
      id: r.id,
      number: r.number,
      channel: r.channel,
      code: r.code,
      studentIds: r.studentIds,
      names: r.studentIds.map(nameOf).filter(Boolean).join(' + '),
      classLabel: r.classLabel,
      status: r.status,
      statusReason: r.statusReason,
      held: r.held,
      holdReason: r.holdReason,
      paymentMethod: r.paymentMethod,
      paymentRef: r.paymentRef,
      note: r.note,
      lines: r.lines,
      items: r.items,
      totalCents: r.totalCents,
      remakeOf: r.remakeOf,
      remakeOfNumber: r.remakeOf ? (numbers.get(r.remakeOf) ?? null) : null,
      platformOrderId: r.platformOrderId,
      doubleChannel: doubles.has(r.id),
      placedAt: r.placedAt,
      recordedAt: r.recordedAt,
      anonymised: r.anonymisedAt !== null,
    }));
  }

  /** The order book, filtered (class, status, channel, needing a look), oldest first. */
  list(job: OpenJob, filter: OrderFilter = {}): BookOrder[] {
    const all = this.repo(job).all();
    const orders = this.toOrders(job, all, all);
    return orders.filter(
      (o) =>
        (filter.classLabel === undefined || o.classLabel === filter.classLabel) &&
        (filter.status === undefined || o.status === filter.status) &&
        (filter.channel === undefined || o.channel === filter.channel) &&
        (!filter.attention || o.doubleChannel || o.held),
    );
  }

  get(job: OpenJob, id: string): BookOrder {
    const r = this.repo(job).get(id);
    if (!r) throw new AppError('order_not_found', { query: id });
    return this.toOrders(job, [r])[0]!;
  }

  /** The paper order of a form: recorded or replaced (it keeps its number and status). */
  recordPaper(job: OpenJob, order: NewOrder & { code: string }): BookOrder {
    const id = this.repo(job).upsertPaper(order);
    return this.get(job, id);
  }

  /** Adds an order as it is (online orders from the sync, tests). */
  add(job: OpenJob, order: NewOrder): BookOrder {
    const id = this.repo(job).transaction(() => this.repo(job).insert(order));
    return this.get(job, id);
  }

  /** Live paper orders (the forms feature's bookkeeping), oldest first. */
  paperRecords(job: OpenJob): OrderRecord[] {
    return this.repo(job)
      .all()
      .filter((r) => r.channel === 'paper' && !r.remakeOf && r.code !== null);
  }

  records(job: OpenJob): OrderRecord[] {
    return this.repo(job).all();
  }

  /** Held orders are left out of production until released (an unpaid cheque). */
  hold(job: OpenJob, ids: readonly string[], held: boolean, reason: string): BookOrder[] {
    const repo = this.repo(job);
    const found = repo.byIds(ids);
    if (found.length !== ids.length) throw new AppError('order_not_found', { query: ids.join(', ') });
    repo.setHeld(ids, held, reason.trim());
    return this.toOrders(job, repo.byIds(ids));
  }

  /** Refuses to close an order the book does not hold, or one already cancelled or refunded. */
  checkClose(job: OpenJob, id: string): void {
    const r = this.repo(job).get(id);
    if (!r) throw new AppError('order_not_found', { query: id });
    if (CLOSED_STATUSES.includes(r.status))
      throw new AppError('order_status_refused', { number: r.number, status: r.status });
  }

  /** Cancels or refunds an order: it stays in the book, with its reason, out of the totals. */
  close(job: OpenJob, id: string, status: 'cancelled' | 'refunded', reason: string): BookOrder {
    this.checkClose(job, id);
    this.repo(job).setStatus([id], status, reason.trim());
    return this.get(job, id);
  }

  /** Marks orders paid (a cheque cashed, cash counted). */
  markPaid(job: OpenJob, ids: readonly string[]): BookOrder[] {
    const repo = this.repo(job);
    const found = repo.byIds(ids);
    if (found.length !== ids.length) throw new AppError('order_not_found', { query: ids.join(', ') });
    repo.setStatus(
      found.filter((r) => r.status === 'received').map((r) => r.id),
      'paid',
    );
    return this.toOrders(job, repo.byIds(ids));
  }

  /** The studio looked at a double-channel family and keeps both orders. */
  keepBoth(job: OpenJob, ids: readonly string[]): BookOrder[] {
    const repo = this.repo(job);
    repo.setDoubleOk(ids);
    return this.toOrders(job, repo.byIds(ids));
  }

  /**
   * A free reprint of a wrong or damaged print: an order of its own, linked to the first, at zero
   * price, with the lines to print again (each a line of the first order, at most its quantity).
   */
  remake(
    job: OpenJob,
    id: string,
    lines: readonly { ref: string; pose: number | null; quantity: number }[],
    reason: string,
  ): BookOrder {
    const repo = this.repo(job);
    const first = repo.get(id);
    if (!first) throw new AppError('order_not_found', { query: id });
    const remakeLines: OrderLine[] = lines
      .filter((l) => l.quantity > 0)
      .map((l) => {
        const original = first.lines.find(
          (o) => o.ref.toUpperCase() === l.ref.trim().toUpperCase() && o.pose === l.pose,
        );
        if (!original) throw new AppError('order_unknown_product', { ref: l.ref });
        return {
          ...original,
          quantity: Math.min(l.quantity, original.quantity),
          unitCents: 0,
          totalCents: 0,
        };
      });
    if (remakeLines.length === 0) throw new AppError('order_no_line');
    const newId = repo.transaction(() =>
      repo.insert({
        channel: first.channel,
        code: first.code,
        studentIds: first.studentIds,
        classLabel: first.classLabel,
        status: 'paid',
        statusReason: reason.trim(),
        paymentMethod: first.paymentMethod,
        paymentRef: '',
        note: reason.trim(),
        lines: remakeLines,
        remakeOf: first.id,
      }),
    );
    return this.get(job, newId);
  }

  /** Totals per class (in the order given) and for the school, by channel, with the association's share. */
  totals(job: OpenJob, classLabels: readonly string[], share: AssociationShare): OrderBookTotals {
    const all = this.repo(job).all();
    const open = all.filter((r) => !CLOSED_STATUSES.includes(r.status));
    const closed = all.filter((r) => CLOSED_STATUSES.includes(r.status));
    const sum = (list: OrderRecord[]): BookTotals => {
      const totalCents = list.reduce((n, o) => n + o.totalCents, 0);
      // Remakes are free: they count as orders of their own but add no item to the share.
      const items = list.filter((o) => !o.remakeOf).reduce((n, o) => n + o.items, 0);
      const byChannel: BookTotals['byChannel'] = {};
      const byPayment: Record<string, number> = {};
      for (const o of list) {
        const c = (byChannel[o.channel] ??= { orders: 0, totalCents: 0 });
        c.orders += 1;
        c.totalCents += o.totalCents;
        byPayment[o.paymentMethod] = (byPayment[o.paymentMethod] ?? 0) + o.totalCents;
      }
      return {
        orders: list.length,
        items,
        totalCents,
        associationShareCents: associationShareCents(share, totalCents, items),
        byChannel,
        byPayment,
      };
    };
    const labels = [...classLabels];
    for (const r of open) if (!labels.includes(r.classLabel)) labels.push(r.classLabel);
    return {
      classes: labels.map((classLabel) => ({
        classLabel,
        ...sum(open.filter((o) => o.classLabel === classLabel)),
      })),
      school: sum(open),
      closed: { orders: closed.length, totalCents: closed.reduce((n, o) => n + o.totalCents, 0) },
    };
  }

  // ProductionOrderSource

  ordersToProduce(job: OpenJob): ProductionOrder[] {
    return this.repo(job)
      .all()
      .filter((r) => (r.status === 'received' || r.status === 'paid') && !r.held && r.lines.length > 0)
      .map((r) => ({
        orderId: r.id,
        number: r.number,
        channel: r.channel,
        studentIds: r.studentIds,
        lines: r.lines.map((l) => ({ ref: l.ref, pose: l.pose, quantity: l.quantity })),
        remakeOf: r.remakeOf,
        keptWithOthers: r.doubleOk,
      }));
  }

  markStatus(job: OpenJob, orderIds: readonly string[], status: ProductionStatus): void {
    const repo = this.repo(job);
    repo.transaction(() => {
      const found = repo.byIds(orderIds);
      if (found.length !== new Set(orderIds).size)
        throw new AppError('order_not_found', { query: orderIds.join(', ') });
      const refused = found.find((r) => !FORWARD[status].includes(r.status));
      if (refused)
        throw new AppError('order_status_refused', { number: refused.number, status: refused.status });
      repo.setStatus(
        found.map((r) => r.id),
        status,
      );
    });
  }
}
