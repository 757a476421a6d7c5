import { describe, expect, it } from 'vitest';
import type { BookOrder } from '../../../shared/domain/order-book';
import { translate } from '../../../shared/i18n';
import {
  EMPTY_FILTER,
  NO_CLASS,
  classOptions,
  doubleChannelGroups,
  filterOrders,
  isFiltered,
  matchesSearch,
  nextRow,
  reasonProblem,
  remakesOf,
  selectionActions,
} from './order-book-view';

let seq = 0;
function order(over: Partial<BookOrder> = {}): BookOrder {
  seq += 1;
  return {
    id: `o${seq}`,
    number: `C${String(seq).padStart(5, '0')}`,
    channel: 'paper',
    code: `CODE${seq}`,
    studentIds: [`s${seq}`],
    names: 'Léa Martin',
    classLabel: 'CP A',
    status: 'received',
    statusReason: '',
    held: false,
    holdReason: '',
    paymentMethod: 'cheque',
    paymentRef: '',
    note: '',
    lines: [],
    items: 1,
    totalCents: 1250,
    remakeOf: null,
    remakeOfNumber: null,
    platformOrderId: null,
    doubleChannel: false,
    placedAt: '2026-10-20T08:00:00.000Z',
    recordedAt: '2026-10-20T08:00:00.000Z',
    anonymised: false,
    ...over,
  };
}

describe('order book filters', () => {
  const lea = order({ names: 'Léa Martin', number: 'C00042' });
  const tom = order({
    names: 'Tom Bernard',
    classLabel: 'CE1 B',
    channel: 'online',
    status: 'paid',
    paymentMethod: 'online',
  });
  const held = order({ names: 'Inès Petit', held: true, holdReason: 'chèque' });
  const refunded = order({
    names: 'Noé Roux',
    classLabel: 'CE1 B',
    status: 'refunded',
    statusReason: 'photo floue',
  });
  const anonymous = order({ names: '', classLabel: '', code: null, studentIds: [], anonymised: true });
  const all = [lea, tom, held, refunded, anonymous];

  it('finds a child by name, with or without accents and in any case, and an order by its number', () => {
    expect(matchesSearch(lea, 'lea')).toBe(true);
    expect(matchesSearch(lea, '  LÉA   martin ')).toBe(true);
    expect(matchesSearch(lea, 'martin léa')).toBe(true);
    expect(matchesSearch(lea, 'tom')).toBe(false);
    expect(matchesSearch(lea, 'C00042')).toBe(true);
    expect(matchesSearch(lea, 'c42')).toBe(true);
    expect(matchesSearch(lea, '42')).toBe(true);
    expect(matchesSearch(lea, '4')).toBe(false);
  });

  it('filters by class (and « no class »), status, held, channel and search together', () => {
    expect(filterOrders(all, EMPTY_FILTER)).toEqual(all);
    expect(filterOrders(all, { ...EMPTY_FILTER, classLabel: 'CE1 B' })).toEqual([tom, refunded]);
    expect(filterOrders(all, { ...EMPTY_FILTER, classLabel: NO_CLASS })).toEqual([anonymous]);
    expect(filterOrders(all, { ...EMPTY_FILTER, status: 'refunded' })).toEqual([refunded]);
    expect(filterOrders(all, { ...EMPTY_FILTER, status: 'held' })).toEqual([held]);
    expect(filterOrders(all, { ...EMPTY_FILTER, status: 'received' })).toEqual([lea, held, anonymous]);
    expect(filterOrders(all, { ...EMPTY_FILTER, channel: 'online' })).toEqual([tom]);
    expect(filterOrders(all, { ...EMPTY_FILTER, classLabel: 'CE1 B', channel: 'paper' })).toEqual([refunded]);
    expect(filterOrders(all, { ...EMPTY_FILTER, search: 'noé' })).toEqual([refunded]);
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, search: '  ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, channel: 'paper' })).toBe(true);
  });

  it('offers the roster’s classes in their order, then classes only orders know, then « no class »', () => {
    expect(classOptions(all, ['CP A', 'CE1 B', 'CM2 C'])).toEqual(['CP A', 'CE1 B', 'CM2 C', NO_CLASS]);
    expect(classOptions([order({ classLabel: 'Ancienne' }), lea])).toEqual(['Ancienne', 'CP A']);
  });

  it('counts what is shown truthfully, in real plural forms', () => {
    expect(translate('fr', 'orders.count.shown', { shown: 3, total: 25 })).toBe('3 commandes sur 25');
    expect(translate('fr', 'orders.count.shown', { shown: 1, total: 25 })).toBe('1 commande sur 25');
    expect(translate('fr', 'orders.count.shown', { shown: 0, total: 25 })).toBe('Aucune commande sur 25');
    expect(translate('fr', 'orders.count.all', { total: '1 234' })).toBe('1 234 commandes');
    expect(translate('en', 'orders.count.shown', { shown: 1, total: 25 })).toBe('1 order of 25');
    expect(translate('fr', 'orders.selection.count', { count: 2 })).toBe('2 commandes sélectionnées');
  });
});

describe('order book decisions and actions', () => {
  it('groups a family’s paper and online orders flagged as double channel, one group per family', () => {
    const paper = order({ code: 'FAM1', doubleChannel: true, names: 'Léa Martin' });
    const online = order({ code: 'FAM1', doubleChannel: true, channel: 'online', paymentMethod: 'online' });
    const other = order({ code: 'FAM2' });
    const groups = doubleChannelGroups([paper, other, online]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ key: 'FAM1', names: 'Léa Martin', paper: [paper], online: [online] });
    expect(doubleChannelGroups([other])).toEqual([]);
  });

  it('applies each action of a selection only to the orders it makes sense for', () => {
    const received = order();
    const paid = order({ status: 'paid' });
    const held = order({ held: true });
    const cancelled = order({ status: 'cancelled' });
    expect(selectionActions([received, paid, held, cancelled])).toEqual({
      hold: [received.id, paid.id],
      release: [held.id],
      markPaid: [received.id, held.id],
    });
  });

  it('links free reprints to their first order', () => {
    const first = order();
    const remake = order({ remakeOf: first.id, remakeOfNumber: first.number, totalCents: 0 });
    expect(remakesOf([first, remake]).get(first.id)).toEqual([remake]);
  });

  it('asks for a reason where the book keeps one, and refuses one too long', () => {
    expect(reasonProblem('  ', true)).toBe('orders.reason.required');
    expect(reasonProblem('', false)).toBeNull();
    expect(reasonProblem('chèque à encaisser', true)).toBeNull();
    expect(reasonProblem('x'.repeat(501), false)).toBe('orders.reason.tooLong');
  });

  it('moves through the list with the arrows, pages, Home and End, within its rows', () => {
    expect(nextRow('ArrowDown', -1, 10, 5)).toBe(0);
    expect(nextRow('ArrowDown', 9, 10, 5)).toBe(9);
    expect(nextRow('ArrowUp', 0, 10, 5)).toBe(0);
    expect(nextRow('PageDown', 2, 10, 5)).toBe(7);
    expect(nextRow('PageUp', 2, 10, 5)).toBe(0);
    expect(nextRow('End', 0, 10, 5)).toBe(9);
    expect(nextRow('Home', 7, 10, 5)).toBe(0);
    expect(nextRow('ArrowDown', 3, 0, 5)).toBeNull();
    expect(nextRow('KeyA', 3, 10, 5)).toBeNull();
  });
});
