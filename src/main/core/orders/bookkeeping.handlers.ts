/**
 * RPC handlers of the order book's bookkeeping: paper orders typed in from the returned forms, their
 * list and totals, the bookkeeper's list (CSV/XLSX) and the treasurer's summary (PDF). Audited
 * actions are declared on the line that registers them, with counts only (never a name or a code).
 */
import path from 'node:path';
import { count } from '../../../shared/i18n';
import { TREASURER_SUMMARY_NAME } from '../forms/forms-export';
import { checkFileToWrite } from '../../lib/path-checks';
import type { CoreServices } from '../feature';
import type { Handlers } from '../rpc/dispatcher';
import type { OrderBookkeepingService } from './order-bookkeeping.service';

export type BookkeepingMethods =
  'forms.export' | 'forms.summaryPdf' | 'orders.record' | 'orders.list' | 'orders.totals';

export function bookkeepingHandlers(
  core: CoreServices,
  bookkeeping: OrderBookkeepingService,
): Pick<Handlers, BookkeepingMethods> {
  const { jobs, audited } = core;
  return {
    'forms.export': audited.after(
      (p, r) => ({
        action: 'export.written',
        summary: `Liste des bons de commande exportée (${p.format.toUpperCase()}, ${count(r.rows, 'ligne', 'lignes')})`,
        details: { what: 'forms_list', file: path.basename(r.path), format: p.format, rows: r.rows },
      }),
      ({ jobId, format, out }) => bookkeeping.exportList(jobs.get(jobId), format, out),
    ),
    'forms.summaryPdf': audited.after(
      (_p, r) => ({
        action: 'export.written',
        summary: 'Récapitulatif de trésorerie exporté (PDF)',
        details: { what: 'treasurer_summary', file: path.basename(r.path) },
      }),
      async ({ jobId, out }) => ({
        path: await bookkeeping.treasurerSummary(
          jobs.get(jobId),
          out ? await checkFileToWrite(out, TREASURER_SUMMARY_NAME) : undefined,
        ),
      }),
    ),
    'orders.record': audited.after(
      (_p, order) => ({
        action: 'orders.recorded',
        summary: `Bon de commande papier saisi (${count(order.items, 'article', 'articles')})`,
        details: { orders: 1, items: order.items, paymentMethod: order.paymentMethod },
      }),
      async ({ jobId, ...input }) => {
        const order = await bookkeeping.recordPaperOrder(jobs.get(jobId), input);
        core.events.emit('data.changed', { entity: 'orders', jobId });
        return order;
      },
    ),
    'orders.list': ({ jobId }) => bookkeeping.paperOrders(jobs.get(jobId)),
    'orders.totals': ({ jobId }) => bookkeeping.totals(jobs.get(jobId)),
  };
}
