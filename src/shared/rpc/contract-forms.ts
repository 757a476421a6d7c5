/**
 * Contract entries of order forms, access codes, price lists and the bookkeeper's files (spread into
 * `contract`). Forms are made out to the school's association; paths are on the machine running the core.
 */
import { z } from 'zod';
import { isoDateSchema, jobIdSchema } from '../domain/job';
import { formsReportSchema } from '../domain/order-form';
import { associationShareSchema, priceListSchema, productSchema } from '../domain/price-list';
import { taskInfoSchema } from '../domain/task';
import { idSchema, noParams, typedCodeSchema, userPathSchema } from './schemas';

const formsSettingsSchema = z.object({
  products: z.array(productSchema),
  returnDeadline: z.string().nullable(),
  watermark: z.string(),
  share: associationShareSchema,
});

const issuedCodeSchema = z.object({
  code: z.string(),
  /** As printed: three groups of five. */
  printed: z.string(),
  kind: z.enum(['student', 'family']),
  studentIds: z.array(z.string()),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const formsContract = {
  /** The job's price list (copied from the studio default on first use), return deadline, watermark and association share. */
  'forms.settings': { params: z.object({ jobId: jobIdSchema }).strict(), result: formsSettingsSchema },

  /**
   * Changes the job's price list or form settings. Refuses formats above 24×30 cm and sibling
   * products when the school does not allow sibling photos, with the reason.
   */
  'forms.updateSettings': {
    params: z
      .object({
        jobId: jobIdSchema,
        products: priceListSchema.optional(),
        returnDeadline: isoDateSchema.nullable().optional(),
        watermark: z.string().trim().max(30, 'validation.text.tooLong').optional(),
        share: associationShareSchema.optional(),
      })
      .strict(),
    result: formsSettingsSchema,
  },

  /** The studio's default price list, copied into each new job. */
  'priceList.getDefault': { params: noParams, result: z.array(productSchema) },

  /** Replaces the studio's default price list (jobs that already have theirs keep it). */
  'priceList.setDefault': {
    params: z.object({ products: priceListSchema }).strict(),
    result: z.array(productSchema),
  },

  /**
   * Writes the order forms: one PDF per class in roster order, one for the whole school (when no
   * class is chosen), a proof sheet per class and a report of the students without a form (no
   * photos, no consent, no class). Codes stay the same from one build to the next.
   */
  'forms.build': {
    params: z
      .object({
        jobId: jobIdSchema,
        classIds: z.array(idSchema).max(200).optional(),
        outDir: userPathSchema.optional(),
      })
      .strict(),
    result: formsReportSchema,
  },

  /**
   * Starts `forms.build` for the job's own `exports/bons-de-commande` as a task: returns at once,
   * reports progress (forms drawn) through task events and can be cancelled with `tasks.cancel`.
   */
  'forms.start': {
    params: z.object({ jobId: jobIdSchema, classIds: z.array(idSchema).max(200).optional() }).strict(),
    result: taskInfoSchema,
  },

  /** The bookkeeper's list of forms (class, student, code, products, prices, quantities) as CSV or XLSX; returns its path. */
  'forms.export': {
    params: z
      .object({ jobId: jobIdSchema, format: z.enum(['csv', 'xlsx']), out: userPathSchema.optional() })
      .strict(),
    result: z.object({ path: z.string(), rows: z.number().int() }),
  },

  /** The treasurer's per-class summary PDF (orders, totals, association share); returns its path. */
  'forms.summaryPdf': {
    params: z.object({ jobId: jobIdSchema, out: userPathSchema.optional() }).strict(),
    result: z.object({ path: z.string() }),
  },

  /** Every access code of the job, revoked ones included. */
  'codes.list': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(issuedCodeSchema) },

  /** Checks a typed code: a typo is reported as such (check character), an unknown code too. */
  'codes.check': {
    params: z.object({ jobId: jobIdSchema, code: typedCodeSchema }).strict(),
    result: issuedCodeSchema,
  },

  /** Revokes a code (lost or shared form): it stops working and is never issued again; the next build prints a new one. */
  'codes.revoke': {
    params: z
      .object({ jobId: jobIdSchema, code: typedCodeSchema, reason: z.string().trim().max(200).default('') })
      .strict(),
    result: issuedCodeSchema,
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
