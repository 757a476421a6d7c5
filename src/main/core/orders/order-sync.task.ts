/**
 * `orders.sync` as a task: thousands of orders over a poor link take a while, so the UI gets a task
 * id at once and follows the orders received. Killed or cancelled, it runs again from the cursor
 * saved with the last page written (and the platform order id keeps any order from coming twice).
 * Its audit entry holds counts only: no name, no code, no payment reference.
 */
import { z } from 'zod';
import type { OrderSyncReport } from '../../../shared/domain/order-book';
import { stoppedWhy, type AuditEntry } from '../audit/audit-log';
import type { TaskKind } from '../tasks/task-runner';
import type { OrderSyncService } from './order-sync.service';
import { count } from '../../../shared/i18n';

export const ORDERS_SYNC_TASK = 'orders.sync';

const params = z.object({}).strict();

export function ordersSyncTask(sync: OrderSyncService): TaskKind<z.infer<typeof params>, OrderSyncReport> {
  return {
    kind: ORDERS_SYNC_TASK,
    params,
    run: (ctx) =>
      sync.sync(ctx.job, {
        signal: ctx.signal,
        onProgress: (p) => ctx.progress({ done: p.orders, total: 0, message: 'orders.sync.progress' }),
      }),
    audit: (outcome) =>
      outcome.status === 'done'
        ? ordersSyncedEntry(outcome.result)
        : {
            action: 'orders.synced',
            summary: `Récupération des commandes en ligne interrompue (${stoppedWhy(outcome.status)})`,
            details: { status: outcome.status },
          },
  };
}

export function ordersSyncedEntry(r: OrderSyncReport): AuditEntry {
  return {
    action: 'orders.synced',
    summary: `Commandes en ligne récupérées : ${r.added === 0 ? 'aucune nouvelle' : count(r.added, 'nouvelle', 'nouvelles')}, ${r.updated === 0 ? 'aucune mise à jour' : count(r.updated, 'mise à jour', 'mises à jour')}`,
    details: {
      galleries: r.galleries,
      added: r.added,
      updated: r.updated,
      unchanged: r.unchanged,
      pages: r.pages,
    },
  };
}
