/**
 * The order book feature: one book per job (paper and online orders), its holder of per-student
 * data (orders stay as anonymous bookkeeping after an erasure). Audited actions are declared on
 * the line that registers them, with counts only (never a name or an access code).
 */
import type { CoreServices, Feature } from '../feature';
import type { OrderBookService } from './order-book.service';
import { ordersDataOwner } from './orders.data-owner';

export interface OrdersFeatureDeps {
  core: CoreServices;
  orders: OrderBookService;
}

export function ordersFeature(_deps: OrdersFeatureDeps): Feature<never> {
  return {
    name: 'orders',
    handlers: {},
    studentData: [ordersDataOwner],
  };
}
