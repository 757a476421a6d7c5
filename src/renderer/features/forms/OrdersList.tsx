/**
 * The paper orders typed in so far (newest first, each one can be opened again to correct it), then
 * the totals per class and for the whole school, by payment method, with the association's share
 * as the contract sets it — what the treasurer counts the cheques and cash against.
 */
import type { AssociationShare } from '../../../shared/domain/price-list';
import type { BookPaymentMethod } from '../../../shared/domain/order-book';
import type { OrderTotals, PaperOrder } from '../../../shared/domain/order-form';
import { formatMoney } from '../../../shared/i18n';
import { useT } from '../../i18n/use-t';
import { percentInput } from './form-values';

export function OrdersList({
  orders,
  totals,
  share,
  onEdit,
}: {
  orders: PaperOrder[];
  totals: OrderTotals;
  share: AssociationShare;
  onEdit: (code: string) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const money = (cents: number) => formatMoney(tr.lang, cents);
  // The totals count the online orders of the book too: paid on the platform, not a paper method.
  const paymentLabel = (method: BookPaymentMethod) =>
    method === 'online' ? t('orders.channel.online') : t(`forms.payment.${method}`);
  const newest = [...orders].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  const byPayment = (map: Record<string, number>) =>
    Object.entries(map)
      .filter(([, cents]) => cents > 0)
      .map(([method, cents]) => `${paymentLabel(method as BookPaymentMethod)} ${money(cents)}`)
      .join(' · ');
  const shareLabel =
    share.kind === 'percent'
      ? t('forms.totals.sharePercent', { percent: percentInput(share.basisPoints) })
      : share.kind === 'per_item'
        ? t('forms.totals.sharePerItem', { amount: money(share.cents) })
        : t('forms.totals.shareNone');

  return (
    <>
      <section className="card" aria-labelledby="forms-totals-title" data-testid="order-totals">
        <div className="card__head">
          <h2 id="forms-totals-title" className="card__title">
            {t('forms.totals.title')}
          </h2>
          <span className="muted small">{shareLabel}</span>
        </div>
        <div className="table-wrap">
          <table className="table totals-table">
            <thead>
              <tr>
                <th scope="col">{t('forms.col.class')}</th>
                <th scope="col" className="num">
                  {t('forms.totals.orders')}
                </th>
                <th scope="col" className="num">
                  {t('forms.totals.items')}
                </th>
                <th scope="col" className="num">
                  {t('forms.totals.amount')}
                </th>
                <th scope="col" className="num">
                  {t('forms.totals.share')}
                </th>
                <th scope="col">{t('forms.totals.byPayment')}</th>
              </tr>
            </thead>
            <tbody>
              {totals.classes.map((c) => (
                <tr key={c.classLabel} className={c.orders === 0 ? 'row--muted' : undefined}>
                  <th scope="row">{c.classLabel}</th>
                  <td className="num">{tr.number(c.orders)}</td>
                  <td className="num">{tr.number(c.items)}</td>
                  <td className="num">{money(c.totalCents)}</td>
                  <td className="num">{money(c.associationShareCents)}</td>
                  <td className="small">{byPayment(c.byPayment)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="totals-school">
                <th scope="row">{t('forms.totals.school')}</th>
                <td className="num">{tr.number(totals.school.orders)}</td>
                <td className="num">{tr.number(totals.school.items)}</td>
                <td className="num">
                  <strong>{money(totals.school.totalCents)}</strong>
                </td>
                <td className="num">
                  <strong>{money(totals.school.associationShareCents)}</strong>
                </td>
                <td className="small">{byPayment(totals.school.byPayment)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="forms-orders-title">
        <div className="card__head">
          <h2 id="forms-orders-title" className="card__title">
            {t('forms.orders.title')}
          </h2>
          <span className="count-badge">{tr.number(orders.length)}</span>
        </div>
        {orders.length === 0 ? (
          <p className="empty-state">{t('forms.orders.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="orders-table">
              <thead>
                <tr>
                  <th scope="col">{t('forms.col.student')}</th>
                  <th scope="col">{t('forms.col.class')}</th>
                  <th scope="col">{t('forms.orders.lines')}</th>
                  <th scope="col" className="num">
                    {t('forms.col.total')}
                  </th>
                  <th scope="col">{t('forms.entry.payment')}</th>
                  <th scope="col">{t('forms.orders.at')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('forms.prices.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {newest.map((o) => (
                  <tr key={o.code} data-testid="order-row">
                    <td>{o.names}</td>
                    <td>{o.classLabel}</td>
                    <td className="small">
                      {o.lines.length === 0
                        ? t('forms.orders.nothing')
                        : o.lines
                            .map(
                              (l) =>
                                `${l.quantity} × ${l.ref}${l.pose ? ` (${t('forms.orders.pose', { n: l.pose })})` : ''}`,
                            )
                            .join(', ')}
                    </td>
                    <td className="num">{money(o.totalCents)}</td>
                    <td>
                      {t(`forms.payment.${o.paymentMethod}`)}
                      {o.chequeNumber && (
                        <span className="mono small muted nowrap">
                          {' '}
                          {t('forms.orders.chequeNumber', { number: o.chequeNumber })}
                        </span>
                      )}
                    </td>
                    <td className="small">{tr.dateTime(o.recordedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn--ghost btn--small"
                        onClick={() => onEdit(o.code)}
                        aria-label={t('forms.orders.editFor', { names: o.names })}
                      >
                        {t('forms.orders.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
