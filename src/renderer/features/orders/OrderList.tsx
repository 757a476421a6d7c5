/**
 * The order book's rows, one per order, drawn through the UI's one row virtualizer so that
 * thousands of orders scroll as smoothly as ten. A list box the keyboard drives: arrows, Page
 * up/down, Home/End move; Space selects; Enter opens the order; Ctrl+A selects every order shown;
 * Escape clears the selection. A click opens, a click on the box selects.
 */
import { memo, useState, type KeyboardEvent } from 'react';
import type { BookOrder } from '../../../shared/domain/order-book';
import { formatMoney } from '../../../shared/i18n';
import { useRowVirtualizer } from '../../hooks/use-row-virtualizer';
import { useT, type Translator } from '../../i18n/use-t';
import { isClosed, nextRow, statusKey } from './order-book-view';

const ROW_HEIGHT = 44;
const MAX_VISIBLE_ROWS = 12;

export function channelText(tr: Translator, order: BookOrder): string {
  if (order.channel === 'online') return tr.t('orders.channel.online');
  return order.paymentMethod === 'online'
    ? tr.t('orders.channel.paper')
    : tr.t('orders.channel.paperWith', { payment: tr.t(`forms.payment.${order.paymentMethod}`) });
}

export function OrderList({
  id,
  orders,
  selected,
  active,
  openId,
  onActive,
  onToggle,
  onSelectAll,
  onClear,
  onOpen,
}: {
  /** The list box's id (focus comes back to it when an opened order is closed). */
  id: string;
  orders: readonly BookOrder[];
  selected: ReadonlySet<string>;
  /** The row the keyboard is on (-1: none yet). */
  active: number;
  openId: string | null;
  onActive: (index: number) => void;
  onToggle: (id: string) => void;
  onSelectAll: () => void;
  onClear: () => void;
  onOpen: (order: BookOrder) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const { items, totalSize, scrollToIndex } = useRowVirtualizer({
    scrollElement,
    count: orders.length,
    rowHeight: ROW_HEIGHT,
    overscan: 8,
  });
  const height = Math.min(orders.length, MAX_VISIBLE_ROWS) * ROW_HEIGHT;
  const current = active >= 0 && active < orders.length ? orders[active] : undefined;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelectAll();
      return;
    }
    if (event.key === 'Escape' && selected.size > 0) {
      event.preventDefault();
      onClear();
      return;
    }
    if (event.key === ' ' && current) {
      event.preventDefault();
      onToggle(current.id);
      return;
    }
    if (event.key === 'Enter' && current) {
      event.preventDefault();
      onOpen(current);
      return;
    }
    const next = nextRow(event.key, active, orders.length, MAX_VISIBLE_ROWS - 1);
    if (next === null) return;
    event.preventDefault();
    onActive(next);
    scrollToIndex(next);
  };

  return (
    <div className="order-list">
      <div className="order-row order-row--head" aria-hidden="true">
        <span />
        <span>{t('orders.col.number')}</span>
        <span>{t('orders.col.child')}</span>
        <span>{t('orders.col.class')}</span>
        <span>{t('orders.col.channel')}</span>
        <span>{t('orders.col.status')}</span>
        <span className="num">{t('orders.col.total')}</span>
        <span>{t('orders.col.date')}</span>
      </div>
      <div
        ref={setScrollElement}
        id={id}
        className="order-list__scroll"
        style={{ height }}
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('orders.list.label', { count: tr.number(orders.length) })}
        aria-describedby="order-list-keys"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (active < 0 && orders.length > 0) onActive(0);
        }}
        {...(current ? { 'aria-activedescendant': `order-row-${current.id}` } : {})}
        data-testid="order-list"
      >
        <div className="order-list__canvas" style={{ height: totalSize }}>
          {items.map((item) => {
            const order = orders[item.index];
            if (!order) return null;
            return (
              <OrderRow
                key={order.id}
                order={order}
                index={item.index}
                top={item.start}
                tr={tr}
                active={item.index === active}
                selected={selected.has(order.id)}
                open={order.id === openId}
                setSize={orders.length}
                onActive={onActive}
                onToggle={onToggle}
                onOpen={onOpen}
              />
            );
          })}
        </div>
      </div>
      <p id="order-list-keys" className="muted small order-list__keys">
        {t('orders.list.keys')}
      </p>
    </div>
  );
}

/** One row; memoized so scrolling re-renders only the rows that come into view. */
const OrderRow = memo(function OrderRow({
  order,
  index,
  top,
  tr,
  active,
  selected,
  open,
  setSize,
  onActive,
  onToggle,
  onOpen,
}: {
  order: BookOrder;
  index: number;
  top: number;
  tr: Translator;
  active: boolean;
  selected: boolean;
  open: boolean;
  setSize: number;
  onActive: (index: number) => void;
  onToggle: (id: string) => void;
  onOpen: (order: BookOrder) => void;
}) {
  const { t } = tr;
  const classes = ['order-row'];
  if (active) classes.push('order-row--active');
  if (open) classes.push('order-row--open');
  if (isClosed(order)) classes.push('order-row--closed');
  return (
    <div
      id={`order-row-${order.id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => {
        onActive(index);
        onOpen(order);
      }}
      data-testid="order-row"
      data-number={order.number}
    >
      <span
        className={selected ? 'order-row__box order-row__box--on' : 'order-row__box'}
        aria-hidden="true"
        title={t('orders.row.select', { number: order.number })}
        onClick={(event) => {
          event.stopPropagation();
          onActive(index);
          onToggle(order.id);
        }}
      >
        {selected ? '✓' : ''}
      </span>
      <span className="mono" data-testid="order-number">
        {order.number}
      </span>
      <span className="order-row__child">
        <span data-testid="order-child">
          {order.names || <em className="muted">{t('orders.row.anonymous')}</em>}
        </span>
        {order.remakeOfNumber && (
          <span className="muted small">{t('orders.row.remake', { number: order.remakeOfNumber })}</span>
        )}
      </span>
      <span data-testid="order-class">{order.classLabel || '—'}</span>
      <span data-testid="order-channel">{channelText(tr, order)}</span>
      <span className="order-row__status" data-testid="order-status">
        <span className={`order-status order-status--${order.status}`}>{t(statusKey(order.status))}</span>
        {order.held && <span className="tag tag--warning">{t('orders.status.held')}</span>}
        {order.doubleChannel && <span className="tag tag--danger">{t('orders.double.tag')}</span>}
      </span>
      <span className="num" data-testid="order-total">
        {formatMoney(tr.lang, order.totalCents)}
      </span>
      <span data-testid="order-date">{tr.date(order.placedAt)}</span>
    </div>
  );
});
