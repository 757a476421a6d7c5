/**
 * The book's totals: per class (roster order) and for the whole school, paper and online apart,
 * with the association's share as the contract sets it; cancelled and refunded orders counted apart.
 */
import type { BookTotals, OrderBookTotals } from '../../../shared/domain/order-book';
import { formatMoney } from '../../../shared/i18n';
import { useT } from '../../i18n/use-t';

export function OrderBookTotalsCard({ totals }: { totals: OrderBookTotals }) {
  const tr = useT();
  const { t } = tr;
  const money = (cents: number) => formatMoney(tr.lang, cents);
  const channel = (row: BookTotals, c: 'paper' | 'online') => {
    const v = row.byChannel[c];
    return t('orders.totals.channelCell', { orders: v?.orders ?? 0, amount: money(v?.totalCents ?? 0) });
  };
  const cells = (row: BookTotals) => (
    <>
      <td className="num">{tr.number(row.orders)}</td>
      <td className="num nowrap">{channel(row, 'paper')}</td>
      <td className="num nowrap">{channel(row, 'online')}</td>
      <td className="num nowrap">{money(row.totalCents)}</td>
      <td className="num nowrap">{money(row.associationShareCents)}</td>
    </>
  );
  return (
    <section className="card" aria-labelledby="order-book-totals-title" data-testid="order-book-totals">
      <div className="card__head">
        <h2 id="order-book-totals-title" className="card__title">
          {t('orders.totals.title')}
        </h2>
        <span className="muted small">{t('orders.totals.intro')}</span>
      </div>
      <div className="table-wrap">
        <table className="table totals-table">
          <thead>
            <tr>
              <th scope="col">{t('orders.totals.class')}</th>
              <th scope="col" className="num">
                {t('orders.totals.orders')}
              </th>
              <th scope="col" className="num">
                {t('orders.totals.paper')}
              </th>
              <th scope="col" className="num">
                {t('orders.totals.online')}
              </th>
              <th scope="col" className="num">
                {t('orders.totals.amount')}
              </th>
              <th scope="col" className="num">
                {t('orders.totals.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.classes.map((c) => (
              <tr
                key={c.classLabel}
                className={c.orders === 0 ? 'row--muted' : undefined}
                data-testid="order-totals-class"
              >
                <th scope="row">{c.classLabel || t('orders.filter.noClass')}</th>
                {cells(c)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="order-totals-school">
              <th scope="row">{t('orders.totals.school')}</th>
              {cells(totals.school)}
            </tr>
          </tfoot>
        </table>
      </div>
      {totals.closed.orders > 0 && (
        <p className="muted small" data-testid="order-totals-closed">
          {t('orders.totals.closed', {
            orders: totals.closed.orders,
            amount: money(totals.closed.totalCents),
          })}
        </p>
      )}
    </section>
  );
}
