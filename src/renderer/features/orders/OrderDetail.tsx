/**
 * One order opened from the book: what it holds, how it was paid, its hold or closing reason, the
 * link between a free reprint and its first order; and what can be done with it: hold or release
 * (with a reason), mark paid, cancel or refund (with a reason, kept — never deleted), a free
 * reprint of some of its lines. Escape goes back to the list.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { BookOrder } from '../../../shared/domain/order-book';
import { formatMoney } from '../../../shared/i18n';
import { FieldNote } from '../../components/FieldMessage';
import { useT } from '../../i18n/use-t';
import { isClosed, reasonProblem, statusKey } from './order-book-view';
import { channelText } from './OrderList';

export type DetailMode = 'view' | 'close' | 'remake';

export interface DetailActions {
  hold: (ids: string[], held: boolean, reason: string) => Promise<boolean>;
  markPaid: (ids: string[]) => Promise<boolean>;
  close: (order: BookOrder, status: 'cancelled' | 'refunded', reason: string) => Promise<boolean>;
  remake: (
    order: BookOrder,
    lines: { ref: string; pose: number | null; quantity: number }[],
    reason: string,
  ) => Promise<boolean>;
}

export function OrderDetail({
  order,
  remakes,
  mode: initialMode,
  initialReason,
  busy,
  actions,
  onOpenNumber,
  onClose,
}: {
  order: BookOrder;
  remakes: readonly BookOrder[];
  mode: DetailMode;
  initialReason: string;
  busy: boolean;
  actions: DetailActions;
  onOpenNumber: (id: string) => void;
  onClose: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [mode, setMode] = useState<DetailMode>(initialMode);
  const [reason, setReason] = useState(initialReason);
  const [problem, setProblem] = useState<string | null>(null);
  const [closeAs, setCloseAs] = useState<'cancelled' | 'refunded'>(
    order.channel === 'online' && order.status === 'paid' ? 'refunded' : 'cancelled',
  );
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const money = (cents: number) => formatMoney(tr.lang, cents);
  const closed = isClosed(order);

  useEffect(() => {
    if (mode === 'view') headingRef.current?.focus();
    else reasonRef.current?.focus();
  }, [mode]);

  const switchTo = (next: DetailMode) => {
    setProblem(null);
    setMode(next);
  };

  const needReason = async (required: boolean, run: (text: string) => Promise<boolean>) => {
    const found = reasonProblem(reason, required);
    if (found) {
      setProblem(found);
      reasonRef.current?.focus();
      return;
    }
    setProblem(null);
    if (await run(reason.trim())) {
      setReason('');
      setMode('view');
    }
  };

  const remakeLines = order.lines
    .map((l, i) => ({ ref: l.ref, pose: l.pose, quantity: Number(quantities[i] ?? '0') }))
    .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);

  const reasonField = (placeholder: string, required: boolean) => (
    <label className="field" htmlFor={`${uid}-reason`}>
      <span className="field__label">
        {t('orders.reason.label')}
        {!required && <span className="field__optional"> ({t('orders.reason.optional')})</span>}
      </span>
      <input
        ref={reasonRef}
        id={`${uid}-reason`}
        className="input"
        value={reason}
        maxLength={600}
        placeholder={placeholder}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={problem !== null}
        {...(problem ? { 'aria-describedby': `${uid}-problem` } : {})}
        data-testid="order-reason"
      />
      {problem && (
        <FieldNote id={`${uid}-problem`} tone="error">
          {tr.message(problem)}
        </FieldNote>
      )}
    </label>
  );

  return (
    <section
      className="card order-detail"
      aria-labelledby={`${uid}-title`}
      data-testid="order-detail"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        if (mode !== 'view') switchTo('view');
        else onClose();
      }}
    >
      <div className="card__head">
        <h2 id={`${uid}-title`} ref={headingRef} tabIndex={-1} className="card__title">
          {mode === 'close'
            ? t('orders.close.title', { number: order.number })
            : mode === 'remake'
              ? t('orders.remake.title', { number: order.number })
              : t('orders.detail.title', { number: order.number })}
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('orders.action.close')}
        </button>
      </div>

      <dl className="order-facts">
        <div>
          <dt>{t('orders.col.child')}</dt>
          <dd>{order.names || t('orders.row.anonymous')}</dd>
        </div>
        <div>
          <dt>{t('orders.col.class')}</dt>
          <dd>{order.classLabel || '—'}</dd>
        </div>
        <div>
          <dt>{t('orders.detail.payment')}</dt>
          <dd>
            {channelText(tr, order)}
            {order.paymentRef && <span className="mono small muted nowrap"> · {order.paymentRef}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('orders.col.status')}</dt>
          <dd data-testid="order-detail-status">
            {t(statusKey(order.status))}
            {order.held && <span className="tag tag--warning">{t('orders.status.held')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('orders.col.total')}</dt>
          <dd>{money(order.totalCents)}</dd>
        </div>
        <div>
          <dt>{t('orders.detail.placed')}</dt>
          <dd>{tr.date(order.placedAt)}</dd>
        </div>
      </dl>

      {order.remakeOf && order.remakeOfNumber && (
        <p className="field-note field-note--info" data-testid="order-remake-of">
          {t('orders.detail.remakeOf', { number: order.remakeOfNumber })}{' '}
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => onOpenNumber(order.remakeOf!)}
          >
            {t('orders.detail.openFirst', { number: order.remakeOfNumber })}
          </button>
        </p>
      )}
      {remakes.length > 0 && (
        <p className="field-note field-note--info" data-testid="order-remakes">
          {t('orders.detail.remakes', { numbers: remakes.map((r) => r.number).join(', ') })}
        </p>
      )}
      {order.held && (
        <p className="field-note" data-testid="order-hold-reason">
          {order.holdReason
            ? t('orders.detail.held', { reason: order.holdReason })
            : t('orders.detail.heldNoReason')}
        </p>
      )}
      {closed && (
        <>
          {order.statusReason && (
            <p className="field-note" data-testid="order-closed-reason">
              {t('orders.detail.closed', { reason: order.statusReason })}
            </p>
          )}
          <p className="muted small">{t('orders.detail.closedHint')}</p>
        </>
      )}
      {order.note && order.note !== order.statusReason && (
        <p className="small">
          {t('orders.detail.note')} : {order.note}
        </p>
      )}

      <h3 className="card__subtitle">{t('orders.detail.lines')}</h3>
      {order.lines.length === 0 ? (
        <p className="muted">{t('orders.detail.nothing')}</p>
      ) : mode === 'remake' ? (
        <>
          <p className="muted small">{t('orders.remake.intro')}</p>
          <ul className="plain-list order-lines">
            {order.lines.map((l, i) => {
              const line = t('orders.detail.line', {
                quantity: l.quantity,
                label: l.label,
                pose: l.pose === null ? '' : t('orders.detail.pose', { n: l.pose }),
              });
              return (
                <li key={`${l.ref}-${l.pose ?? ''}-${i}`} className="order-lines__item">
                  <label className="field field--inline">
                    <input
                      className="input input--qty"
                      type="number"
                      min={0}
                      max={l.quantity}
                      value={quantities[i] ?? '0'}
                      onChange={(e) => setQuantities((q) => ({ ...q, [i]: e.target.value }))}
                      aria-label={t('orders.remake.quantity', { line })}
                      data-testid="remake-quantity"
                    />
                    <span>{line}</span>
                  </label>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <ul className="plain-list order-lines">
          {order.lines.map((l, i) => (
            <li key={`${l.ref}-${l.pose ?? ''}-${i}`}>
              {t('orders.detail.line', {
                quantity: l.quantity,
                label: l.label,
                pose: l.pose === null ? '' : t('orders.detail.pose', { n: l.pose }),
              })}{' '}
              <span className="muted small">{money(l.totalCents)}</span>
            </li>
          ))}
        </ul>
      )}

      {mode === 'view' && !closed && (
        <div className="order-actions">
          {reasonField(t('orders.reason.holdPlaceholder'), !order.held)}
          <div className="form__actions form__actions--start">
            {order.held ? (
              <button
                type="button"
                className="btn btn--secondary"
                disabled={busy}
                onClick={() => void needReason(false, (r) => actions.hold([order.id], false, r))}
              >
                {t('orders.action.release')}
              </button>
            ) : (
              <button
                type="button"
                className="btn btn--secondary"
                disabled={busy}
                onClick={() => void needReason(true, (r) => actions.hold([order.id], true, r))}
              >
                {t('orders.action.hold')}
              </button>
            )}
            {order.status === 'received' && (
              <button
                type="button"
                className="btn btn--secondary"
                disabled={busy}
                onClick={() => void actions.markPaid([order.id])}
              >
                {t('orders.action.markPaid')}
              </button>
            )}
            <button
              type="button"
              className="btn btn--secondary"
              disabled={busy}
              onClick={() => switchTo('close')}
            >
              {t('orders.action.cancel')}
            </button>
            {order.lines.length > 0 && (
              <button
                type="button"
                className="btn btn--secondary"
                disabled={busy}
                onClick={() => switchTo('remake')}
              >
                {t('orders.action.remake')}
              </button>
            )}
          </div>
        </div>
      )}

      {mode === 'close' && (
        <form
          className="order-actions"
          onSubmit={(e) => {
            e.preventDefault();
            void needReason(true, (r) => actions.close(order, closeAs, r));
          }}
        >
          <fieldset className="fieldset">
            <legend className="visually-hidden">{t('orders.close.title', { number: order.number })}</legend>
            {(['cancelled', 'refunded'] as const).map((s) => (
              <label key={s} className="check">
                <input
                  type="radio"
                  name={`${uid}-close`}
                  value={s}
                  checked={closeAs === s}
                  onChange={() => setCloseAs(s)}
                />
                <span>{t(s === 'cancelled' ? 'orders.close.cancel' : 'orders.close.refund')}</span>
              </label>
            ))}
          </fieldset>
          {reasonField(t('orders.reason.closePlaceholder'), true)}
          <div className="form__actions form__actions--start">
            <button
              type="submit"
              className="btn btn--danger"
              disabled={busy}
              data-testid="order-close-confirm"
            >
              {t(closeAs === 'cancelled' ? 'orders.action.confirmCancel' : 'orders.action.confirmRefund')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => switchTo('view')}>
              {t('orders.action.back')}
            </button>
          </div>
        </form>
      )}

      {mode === 'remake' && (
        <form
          className="order-actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (remakeLines.length === 0) {
              setProblem('orders.remake.none');
              return;
            }
            void needReason(true, (r) => actions.remake(order, remakeLines, r));
          }}
        >
          {reasonField(t('orders.reason.closePlaceholder'), true)}
          <div className="form__actions form__actions--start">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={busy}
              data-testid="order-remake-confirm"
            >
              {t('orders.action.remakeCreate')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => switchTo('view')}>
              {t('orders.action.back')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
