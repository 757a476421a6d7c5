/**
 * Contract entries of production (spread into `contract`): lab profiles (studio settings), the
 * checks before a run, the run itself (a task, or a call for the CLI), the packing documents
 * (packing lists, envelope labels, delivery slips) and marking orders packed or delivered, from
 * the screen or by scanning a label's code. Paths are on the machine running the core.
 */
import { z } from 'zod';
import { jobIdSchema } from '../domain/job';
import { labProfileSchema, productionCheckSchema, productionReportSchema } from '../domain/production';
import { PRINT_RATIO_IDS } from '../domain/proofing';
import { taskInfoSchema } from '../domain/task';

const id = z.string().min(1).max(100);
const filePath = z
  .string()
  .trim()
  .min(1, 'validation.path.required')
  .max(4096, 'validation.path.tooLong')
  .refine((v) => !v.includes('\0'), 'validation.path.invalid');
const profileName = z.string().trim().min(1).max(40);

const runSchema = z.object({
  runId: z.string(),
  path: z.string(),
  finishedAt: z.string(),
  orders: z.number().int(),
  prints: z.number().int(),
  files: z.number().int(),
});

export const productionContract = {
  /** The studio's lab profiles (the default first when none was saved). */
  'production.profiles': { params: z.object({}).strict(), result: z.array(labProfileSchema) },

  /** Saves a lab profile (replacing the one of the same name); returns every profile. */
  'production.saveProfile': {
    params: z.object({ profile: labProfileSchema }).strict(),
    result: z.array(labProfileSchema),
  },

  /**
   * The checks before production, read only: an order for a pose that no longer exists, a ratio
   * ordered with no crop yet, a child erased or whose consent was withdrawn after ordering, a double
   * order, a missing or damaged original, a pochette whose contents cannot be read. Each names the
   * one-click fix the screen offers.
   */
  'production.checks': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.array(productionCheckSchema),
  },

  /** The fix of a « ratio without crop » check: the centred crop is stored as the crop of that ratio. */
  'production.acceptCentredCrop': {
    params: z.object({ jobId: jobIdSchema, photoId: id, ratio: z.enum(PRINT_RATIO_IDS) }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },

  /**
   * Starts a production run as a task (progress, cancel, resume): every order to produce rendered
   * from the originals into the job's `exports/production`, with the lab profile of that name (the
   * first by default). The task's result is the run's report.
   */
  'production.start': {
    params: z.object({ jobId: jobIdSchema, profile: profileName.optional() }).strict(),
    result: taskInfoSchema,
  },

  /** The same run as one call (the command line): into `outDir` when given. */
  'production.build': {
    params: z
      .object({ jobId: jobIdSchema, profile: profileName.optional(), outDir: filePath.optional() })
      .strict(),
    result: productionReportSchema,
  },

  /** The latest finished run of the job, or null. */
  'production.last': { params: z.object({ jobId: jobIdSchema }).strict(), result: runSchema.nullable() },

  /**
   * Writes the packing documents of the orders in production: a packing-list PDF per class, the
   * envelope labels (A4 sheets, one label per order, with the order number's QR code) and a delivery
   * slip per class for the school. Never the family's access code. Returns the files written.
   */
  'production.documents': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.object({ folder: z.string(), files: z.array(z.string()), orders: z.number().int() }),
  },

  /**
   * Marks orders packed or delivered, by id (the screen) or by the order number a scanner typed from
   * a label. Unknown numbers are refused with the number in the message.
   */
  'production.mark': {
    params: z
      .object({
        jobId: jobIdSchema,
        orderIds: z.array(id).max(5000).optional(),
        orderNumber: z.string().trim().min(1).max(40).optional(),
        status: z.enum(['packed', 'delivered']),
      })
      .strict(),
    result: z.object({ orderIds: z.array(z.string()) }),
  },
};
