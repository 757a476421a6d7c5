/**
 * Contract entries of the job's order book (spread into `contract`): every order, paper and
 * online, with filters; paper orders typed in from the returned forms, their list and totals; the online sync (a task); holds, cancellations and refunds with their
 * reason; free reprints; the double-channel decision; totals by class and channel.
 */
import { z } from 'zod';
import { jobIdSchema } from '../domain/job';
import { bookOrderSchema, orderBookTotalsSchema, orderFilterSchema } from '../domain/order-book';
import { orderTotalsSchema, paperOrderSchema, PAYMENT_METHODS } from '../domain/order-form';
import { taskInfoSchema } from '../domain/task';
import { typedCodeSchema } from './schemas';

const orderId = z.string().min(1).max(100);
const reason = z.string().trim().max(500, 'validation.tooLong');

export const ordersContract = {
  /** The order book (paper and online, remakes, cancelled and refunded kept), filtered, oldest first. */
  'orders.book': {
    params: z.object({ jobId: jobIdSchema, filter: orderFilterSchema.optional() }).strict(),
    result: z.array(bookOrderSchema),
  },

  /** Totals per class and for the school by channel, with the association's share; cancelled and refunded apart. */
  'orders.bookTotals': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: orderBookTotalsSchema,
  },

  /**
   * Starts `orders.sync` (online orders of every gallery of the job, from the platform's cursor) as
   * a task; running it again or after an interruption never adds an order twice.
   */
  'orders.sync': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: taskInfoSchema,
  },

  /** Holds orders out of production (an unpaid cheque), or releases them. */
  'orders.hold': {
    params: z
      .object({ jobId: jobIdSchema, ids: z.array(orderId).min(1).max(5000), held: z.boolean(), reason })
      .strict(),
    result: z.array(bookOrderSchema),
  },

  /** Marks received orders paid (a cheque cashed). */
  'orders.markPaid': {
    params: z.object({ jobId: jobIdSchema, ids: z.array(orderId).min(1).max(5000) }).strict(),
    result: z.array(bookOrderSchema),
  },

  /** Cancels or refunds an order; it stays in the book with its reason, out of the totals. */
  'orders.close': {
    params: z
      .object({
        jobId: jobIdSchema,
        id: orderId,
        status: z.enum(['cancelled', 'refunded']),
        reason: reason.min(1, 'validation.required'),
      })
      .strict(),
    result: bookOrderSchema,
  },

  /** The studio looked at a family that ordered on paper and online, and keeps both orders. */
  'orders.keepBoth': {
    params: z.object({ jobId: jobIdSchema, ids: z.array(orderId).min(2).max(10) }).strict(),
    result: z.array(bookOrderSchema),
  },

  /** A free reprint of lines of an order: its own order, linked to the first, at zero price. */
  'orders.remake': {
    params: z
      .object({
        jobId: jobIdSchema,
        id: orderId,
        lines: z
          .array(
            z
              .object({
                ref: z.string().trim().min(1).max(8),
                pose: z.number().int().min(1).max(99).nullable(),
                quantity: z.number().int().min(1).max(99),
              })
              .strict(),
          )
          .min(1)
          .max(60),
        reason: reason.min(1, 'validation.required'),
      })
      .strict(),
    result: bookOrderSchema,
  },

  /** Records (or replaces) the quantities returned on a paper form, found by its code or the student's name. */
  'orders.record': {
    params: z
      .object({
        jobId: jobIdSchema,
        query: typedCodeSchema,
        lines: z
          .array(
            z
              .object({
                ref: z.string().trim().min(1).max(8),
                pose: z.number().int().min(1).max(99).nullable().default(null),
                quantity: z.number().int().min(0).max(99),
              })
              .strict(),
          )
          .max(60),
        paymentMethod: z.enum(PAYMENT_METHODS),
        chequeNumber: z.string().trim().max(30).default(''),
        note: z.string().trim().max(500).default(''),
      })
      .strict(),
    result: paperOrderSchema,
  },

  /** Paper orders entered so far. */
  'orders.list': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(paperOrderSchema) },

  /** Totals per class and for the school, by payment method, with the association's share. */
  'orders.totals': { params: z.object({ jobId: jobIdSchema }).strict(), result: orderTotalsSchema },
} as const;
