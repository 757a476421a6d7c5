/**
 * The order book feature: one book per job (paper and online orders), paper orders typed in and the
 * bookkeeper's files (`bookkeeping.handlers.ts`), the online sync as a task,
 * holds, cancellations, refunds, free reprints and the double-channel decision, totals; its holder
 * of per-student data (orders stay as anonymous bookkeeping after an erasure). Audited actions are
 * declared on the line that registers them, with counts only (never a name, a code or a reason,
 * which may name a family).
 */
import { count, formatMoney } from '../../../shared/i18n';
import type { CoreServices, Feature } from '../feature';
import type { FormsService } from '../forms/forms.service';
import type { PlatformResolver } from '../publish/platform-gateway';
import type { Handlers } from '../rpc/dispatcher';
import type { RosterService } from '../roster/roster.service';
import { bookkeepingHandlers, type BookkeepingMethods } from './bookkeeping.handlers';
import type { OrderBookService } from './order-book.service';
import type { OrderBookkeepingService } from './order-bookkeeping.service';
import { closeOnPlatform, type OrderSyncService } from './order-sync.service';
import { ORDERS_SYNC_TASK, ordersSyncTask } from './order-sync.task';
import { ordersDataOwner } from './orders.data-owner';

export type OrdersMethods =
  | BookkeepingMethods
  | 'orders.book'
  | 'orders.bookTotals'
  | 'orders.sync'
  | 'orders.hold'
  | 'orders.markPaid'
  | 'orders.close'
  | 'orders.keepBoth'
  | 'orders.remake';

export interface OrdersFeatureDeps {
  core: CoreServices;
  orders: OrderBookService;
  sync: OrderSyncService;
  bookkeeping: OrderBookkeepingService;
  forms: Pick<FormsService, 'settings'>;
  roster: Pick<RosterService, 'classes'>;
  /** The platform of a gallery, for closing an online order there. */
  platforms: PlatformResolver;
}

export function ordersFeature(deps: OrdersFeatureDeps): Feature<OrdersMethods> {
  const { core, orders } = deps;
  const { jobs, audited } = core;
  const changed = (jobId: string) => core.events.emit('data.changed', { entity: 'orders', jobId });
  const handlers: Pick<Handlers, OrdersMethods> = {
    ...bookkeepingHandlers(core, deps.bookkeeping),
    'orders.book': ({ jobId, filter }) => orders.list(jobs.get(jobId), filter ?? {}),
    'orders.bookTotals': ({ jobId }) => {
      const job = jobs.get(jobId);
      return orders.totals(
        job,
        deps.roster.classes(job).map((c) => c.label),
        deps.forms.settings(job).share,
      );
    },
    'orders.sync': ({ jobId }) => core.tasks.start(jobs.get(jobId), ORDERS_SYNC_TASK, {}),
    'orders.hold': audited.change(
      (p, r) => ({
        action: 'orders.changed',
        summary: p.held
          ? count(r.length, 'commande mise en attente', 'commandes mises en attente')
          : count(r.length, 'commande libérée', 'commandes libérées'),
        details: { change: p.held ? 'held' : 'released', orders: r.length },
      }),
      ({ jobId, ids, held, reason }) => {
        const result = orders.hold(jobs.get(jobId), ids, held, reason);
        changed(jobId);
        return result;
      },
    ),
    'orders.markPaid': audited.change(
      (_p, r) => ({
        action: 'orders.changed',
        summary: count(r.length, 'commande marquée payée', 'commandes marquées payées'),
        details: { change: 'paid', orders: r.length },
      }),
      ({ jobId, ids }) => {
        const result = orders.markPaid(jobs.get(jobId), ids);
        changed(jobId);
        return result;
      },
    ),
    // An online order is closed on the platform first (the family is refunded there), then here.
    'orders.close': audited.prepared(
      (p, r) => ({
        action: 'orders.changed',
        summary: `${p.status === 'refunded' ? 'Commande remboursée' : 'Commande annulée'} (${formatMoney('fr', r.totalCents)})`,
        details: { change: p.status, orders: 1, channel: r.channel, totalCents: r.totalCents },
      }),
      ({ jobId, id, status, reason }) => {
        const job = jobs.get(jobId);
        // A refusal (already closed, unknown order) is said before the platform is asked anything.
        orders.checkClose(job, id);
        return closeOnPlatform(deps.platforms, job, id, status, reason);
      },
      ({ jobId, id, status, reason }) => {
        const result = orders.close(jobs.get(jobId), id, status, reason);
        changed(jobId);
        return result;
      },
    ),
    'orders.keepBoth': audited.change(
      (_p, r) => ({
        action: 'orders.changed',
        summary: `Commandes papier et en ligne d’une même famille gardées toutes les deux (${count(r.length, 'commande', 'commandes')})`,
        details: { change: 'keep_both', orders: r.length },
      }),
      ({ jobId, ids }) => {
        const result = orders.keepBoth(jobs.get(jobId), ids);
        changed(jobId);
        return result;
      },
    ),
    'orders.remake': audited.change(
      (_p, r) => ({
        action: 'orders.changed',
        summary: `Réimpression gratuite créée (${count(r.items, 'article', 'articles')})`,
        details: { change: 'remake', orders: 1, items: r.items },
      }),
      ({ jobId, id, lines, reason }) => {
        const result = orders.remake(jobs.get(jobId), id, lines, reason);
        changed(jobId);
        return result;
      },
    ),
  };
  return {
    name: 'orders',
    handlers,
    tasks: [ordersSyncTask(deps.sync)],
    studentData: [ordersDataOwner],
  };
}
