/**
 * What a production run needs of the job's order book, and nothing more. The order book
 * (core/orders) implements it; production never reads order tables itself.
 */
import type { OpenJob } from '../jobs/job-folder';

/** One line of an order, as the family chose it: a product of the price list, a pose, a quantity. */
export interface ProductionOrderLine {
  /** Product reference of the job's price list (`P`, `T1`). */
  readonly ref: string;
  /** Pose number as printed on the form; null for a product that is not a print of one pose. */
  readonly pose: number | null;
  readonly quantity: number;
}

export interface ProductionOrder {
  /** Stable identifier in the order book. */
  readonly orderId: string;
  /** Order number printed on labels and packing lists (never the family's access code). */
  readonly number: string;
  readonly channel: 'paper' | 'online';
  /** The child, or the siblings of a family order. */
  readonly studentIds: readonly string[];
  readonly lines: readonly ProductionOrderLine[];
  /** The order a free reprint replaces, or null. */
  readonly remakeOf: string | null;
  /** The studio looked at the other order for the same child and keeps both (not a double to check). */
  readonly keptWithOthers?: boolean;
}

export type ProductionStatus = 'in_production' | 'packed' | 'delivered';

export interface ProductionOrderSource {
  /** Orders to produce now: received or paid, not held, not cancelled or refunded. */
  ordersToProduce(job: OpenJob): ProductionOrder[];
  /** Moves orders forward (in production → packed → delivered), in one transaction. */
  markStatus(job: OpenJob, orderIds: readonly string[], status: ProductionStatus): void;
}
