/**
 * What the order book screen shows, as plain functions: the filters (class, status — `held` is a
 * flag over any status —, channel, a search by child or order number), the classes to offer, the
 * double-channel families to decide on, which actions a selection allows, and the list's keys.
 * The book is loaded whole (thousands of orders are a few hundred kilobytes) so filtering is
 * instant and the count « 3 commandes sur 25 » is always the truth.
 */
import {
  CLOSED_STATUSES,
  ORDER_STATUSES,
  type BookOrder,
  type OrderChannel,
  type OrderStatus,
} from '../../../shared/domain/order-book';

/** The statuses offered in the filter: the book's own, then `held` (an order set aside). */
export const STATUS_FILTERS = [...ORDER_STATUSES, 'held'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface BookFilter {
  /** '' for every class; `NO_CLASS` for orders without one. */
  classLabel: string;
  status: StatusFilter | '';
  channel: OrderChannel | '';
  search: string;
}

export const NO_CLASS = '\u0000none';
export const EMPTY_FILTER: BookFilter = { classLabel: '', status: '', channel: '', search: '' };

export function isFiltered(filter: BookFilter): boolean {
  return (
    filter.classLabel !== '' || filter.status !== '' || filter.channel !== '' || filter.search.trim() !== ''
  );
}

/** Lower case, without accents or extra spaces: « Léa  Martin » matches « lea martin ». */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A typed order number (« C00042 », « c42 », « 42 ») as its sequence number, else null. */
function typedNumber(query: string): number | null {
  const m = /^c?-?0*(\d{1,9})$/i.exec(query.replace(/\s/g, ''));
  return m ? Number(m[1]) : null;
}

function numberOf(order: BookOrder): number | null {
  const m = /(\d+)$/.exec(order.number);
  return m ? Number(m[1]) : null;
}

/** Whether `order` answers a search: its order number (typed whole), or every word in the child's names. */
export function matchesSearch(order: BookOrder, search: string): boolean {
  const query = fold(search);
  if (query === '') return true;
  const wanted = typedNumber(query);
  if (wanted !== null) return numberOf(order) === wanted;
  const names = fold(order.names);
  return query.split(' ').every((word) => names.includes(word));
}

export function matchesStatus(order: BookOrder, status: BookFilter['status']): boolean {
  if (status === '') return true;
  if (status === 'held') return order.held;
  return order.status === status;
}

export function filterOrders(orders: readonly BookOrder[], filter: BookFilter): BookOrder[] {
  const search = filter.search.trim();
  return orders.filter(
    (o) =>
      (filter.classLabel === '' ||
        (filter.classLabel === NO_CLASS ? o.classLabel === '' : o.classLabel === filter.classLabel)) &&
      matchesStatus(o, filter.status) &&
      (filter.channel === '' || o.channel === filter.channel) &&
      (search === '' || matchesSearch(o, search)),
  );
}

/**
 * The classes to offer: those of the roster in its order, then any other an order carries (a
 * class renamed or removed since), then « Sans classe » when an order has none.
 */
export function classOptions(orders: readonly BookOrder[], rosterClasses: readonly string[] = []): string[] {
  const out = [...rosterClasses];
  const extra = new Set<string>();
  let none = false;
  for (const o of orders) {
    if (o.classLabel === '') none = true;
    else if (!out.includes(o.classLabel)) extra.add(o.classLabel);
  }
  out.push(...[...extra].sort((a, b) => a.localeCompare(b, 'fr')));
  if (none) out.push(NO_CLASS);
  return out;
}

/** One family flagged for a decision: its live paper and online orders (never merged). */
export interface DoubleChannel {
  key: string;
  names: string;
  classLabel: string;
  paper: BookOrder[];
  online: BookOrder[];
}

/** Flagged orders grouped by family (their access code), oldest family first. */
export function doubleChannelGroups(orders: readonly BookOrder[]): DoubleChannel[] {
  const groups = new Map<string, DoubleChannel>();
  for (const o of orders) {
    if (!o.doubleChannel) continue;
    const key = o.code ?? o.studentIds.join('+');
    let g = groups.get(key);
    if (!g) {
      g = { key, names: o.names, classLabel: o.classLabel, paper: [], online: [] };
      groups.set(key, g);
    }
    (o.channel === 'paper' ? g.paper : g.online).push(o);
  }
  return [...groups.values()].filter((g) => g.paper.length > 0 && g.online.length > 0);
}

export function isClosed(order: Pick<BookOrder, 'status'>): boolean {
  return CLOSED_STATUSES.includes(order.status);
}

/** What a set of orders allows: each action applies to the orders it makes sense for. */
export interface SelectionActions {
  /** Open orders not held yet. */
  hold: string[];
  /** Held orders. */
  release: string[];
  /** Received orders (a cheque to cash, cash to count). */
  markPaid: string[];
}

export function selectionActions(orders: readonly BookOrder[]): SelectionActions {
  return {
    hold: orders.filter((o) => !o.held && !isClosed(o)).map((o) => o.id),
    release: orders.filter((o) => o.held).map((o) => o.id),
    markPaid: orders.filter((o) => o.status === 'received').map((o) => o.id),
  };
}

/** Free reprints made of each order (by the first order's id). */
export function remakesOf(orders: readonly BookOrder[]): Map<string, BookOrder[]> {
  const out = new Map<string, BookOrder[]>();
  for (const o of orders) if (o.remakeOf) out.set(o.remakeOf, [...(out.get(o.remakeOf) ?? []), o]);
  return out;
}

/** A reason as the contract takes it: trimmed, required when asked, at most 500 characters. */
export function reasonProblem(
  reason: string,
  required: boolean,
): 'orders.reason.required' | 'orders.reason.tooLong' | null {
  const text = reason.trim();
  if (required && text === '') return 'orders.reason.required';
  if (text.length > 500) return 'orders.reason.tooLong';
  return null;
}

/** The row the list's keys move to (`null`: the key is not the list's). */
export function nextRow(key: string, current: number, count: number, pageRows: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const from = Math.min(Math.max(current, 0), last);
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(last, from + 1);
    case 'ArrowUp':
      return current < 0 ? 0 : Math.max(0, from - 1);
    case 'PageDown':
      return Math.min(last, from + Math.max(1, pageRows));
    case 'PageUp':
      return Math.max(0, from - Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** The status word's key for an order as the book shows it. */
export function statusKey(status: OrderStatus): `orders.status.${OrderStatus}` {
  return `orders.status.${status}`;
}
