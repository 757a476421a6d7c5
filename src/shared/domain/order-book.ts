/**
 * The job's order book: every order, paper (typed in from the returned form) or online (pulled from
 * the sales platform), with its status, hold, cancellation or refund (kept with its reason) and the
 * free reprints (remakes) linked to it. Orders are bookkeeping: an erased child's order stays as an
 * anonymous line (amounts and class, no name, no code).
 */
import { z } from 'zod';
import { PAYMENT_METHODS, orderLineSchema } from './order-form';

export const ORDER_CHANNELS = ['paper', 'online'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

export const ORDER_STATUSES = [
  'received',
  'paid',
  'in_production',
  'packed',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses an order leaves production in, for good (kept in the book with their reason). */
export const CLOSED_STATUSES: readonly OrderStatus[] = ['cancelled', 'refunded'];

/** Paper payments, plus `online` (paid on the platform, the money held for the association). */
export const BOOK_PAYMENT_METHODS = [...PAYMENT_METHODS, 'online'] as const;
export type BookPaymentMethod = (typeof BOOK_PAYMENT_METHODS)[number];

export const bookOrderSchema = z.object({
  id: z.string(),
  /** Order number printed on labels and packing lists (never the family's access code). */
  number: z.string(),
  channel: z.enum(ORDER_CHANNELS),
  /** The form's / gallery's access code; null once the child was erased. */
  code: z.string().nullable(),
  studentIds: z.array(z.string()),
  /** The children's names as the studio knows them now ('' for an anonymous line). */
  names: z.string(),
  classLabel: z.string(),
  status: z.enum(ORDER_STATUSES),
  statusReason: z.string(),
  held: z.boolean(),
  holdReason: z.string(),
  paymentMethod: z.enum(BOOK_PAYMENT_METHODS),
  /** Cheque number (paper) or the platform's payment reference (online). */
  paymentRef: z.string(),
  note: z.string(),
  lines: z.array(orderLineSchema),
  items: z.number().int(),
  totalCents: z.number().int(),
  remakeOf: z.string().nullable(),
  remakeOfNumber: z.string().nullable(),
  platformOrderId: z.string().nullable(),
  /** The same family also ordered on the other channel, and nobody decided yet. */
  doubleChannel: z.boolean(),
  placedAt: z.string(),
  recordedAt: z.string(),
  anonymised: z.boolean(),
});
export type BookOrder = z.infer<typeof bookOrderSchema>;

export const orderFilterSchema = z
  .object({
    classLabel: z.string().max(200).optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    channel: z.enum(ORDER_CHANNELS).optional(),
    /** Only orders that need a look: double channel, held. */
    attention: z.boolean().optional(),
  })
  .strict();
export type OrderFilter = z.infer<typeof orderFilterSchema>;

/** Sums of a set of orders (cancelled and refunded left out), by channel, with the association's share. */
export const bookTotalsSchema = z.object({
  orders: z.number().int(),
  items: z.number().int(),
  totalCents: z.number().int(),
  associationShareCents: z.number().int(),
  byChannel: z.record(z.string(), z.object({ orders: z.number().int(), totalCents: z.number().int() })),
  byPayment: z.record(z.string(), z.number().int()),
});
export type BookTotals = z.infer<typeof bookTotalsSchema>;

export const orderBookTotalsSchema = z.object({
  classes: z.array(bookTotalsSchema.extend({ classLabel: z.string() })),
  school: bookTotalsSchema,
  /** Orders set aside: cancelled and refunded, counted apart. */
  closed: z.object({ orders: z.number().int(), totalCents: z.number().int() }),
});
export type OrderBookTotals = z.infer<typeof orderBookTotalsSchema>;

/** What one `orders.sync` did: counts only (it goes to the audit trail as is). */
export const orderSyncReportSchema = z.object({
  galleries: z.number().int(),
  /** Online orders new in the book. */
  added: z.number().int(),
  /** Orders already in the book whose status changed on the platform (cancelled, refunded). */
  updated: z.number().int(),
  unchanged: z.number().int(),
  pages: z.number().int(),
});
export type OrderSyncReport = z.infer<typeof orderSyncReportSchema>;
