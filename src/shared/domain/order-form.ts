/**
 * Order forms (bons de commande) and what comes back from them. `OrderFormInput` is everything one
 * printed form shows, built by the core from the roster, the price list, the access codes and the
 * poses (which the labeling feature supplies); the PDF renderer knows nothing else.
 */
import { z } from 'zod';
import type { RetentionDates } from './retention';
import type { Product } from './price-list';

export interface FormPose {
  /** Number printed under the thumbnail, which the family writes in the quantity table. */
  number: number;
  /** A preview image on disk (JPEG/PNG/WebP), downsized and watermarked for the form. */
  imagePath: string;
  /** The job's photo this pose is (absent for images that are not job photos, e.g. in benchmarks). */
  photoId?: string;
  /** Clockwise rotation chosen at proofing, applied on top of the preview's own orientation. */
  rotation?: 0 | 90 | 180 | 270;
}

/** The class photo picked for a class, with the students it shows (for the consent gate). */
export interface ClassPhotoPick {
  classId: string;
  photoId: string;
  /** A preview image on disk. */
  imagePath: string;
  studentIds: string[];
  /** Clockwise rotation chosen at proofing, applied on top of the preview's own orientation. */
  rotation?: 0 | 90 | 180 | 270;
}

export interface FormStudent {
  id: string;
  firstName: string;
  /** Usage name when the school gave one, else family name. */
  displayName: string;
  classLabel: string;
  poses: FormPose[];
}

export interface OrderFormInput {
  /** Canonical access code (15 characters); printed grouped. */
  code: string;
  /** Family page of the online gallery; null when no platform is configured (the QR then holds the code). */
  galleryUrl: string | null;
  school: { name: string; town: string; schoolYear: string };
  /** The seller, by its legal name, and the cheque payee (circulaire 2003-091). */
  association: { legalName: string; chequePayee: string; contactEmail: string; contactPhone: string };
  /** One student, or the linked siblings of a family (one combined form). */
  students: FormStudent[];
  products: Product[];
  /** ISO date the form must be returned by; null prints a line to fill in by hand. */
  returnDeadline: string | null;
  retention: RetentionDates;
  watermark: string;
}

export const PAYMENT_METHODS = ['cheque', 'cash', 'transfer', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const orderLineSchema = z.object({
  ref: z.string(),
  label: z.string(),
  /** Pose number the family chose, when the product is a print of one pose. */
  pose: z.number().int().min(1).max(99).nullable(),
  quantity: z.number().int().min(1).max(99),
  unitCents: z.number().int(),
  totalCents: z.number().int(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const paperOrderSchema = z.object({
  code: z.string(),
  studentIds: z.array(z.string()),
  names: z.string(),
  classLabel: z.string(),
  lines: z.array(orderLineSchema),
  items: z.number().int(),
  totalCents: z.number().int(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  chequeNumber: z.string(),
  note: z.string(),
  recordedAt: z.string(),
});
export type PaperOrder = z.infer<typeof paperOrderSchema>;

export const orderTotalsSchema = z.object({
  classes: z.array(
    z.object({
      classLabel: z.string(),
      orders: z.number().int(),
      items: z.number().int(),
      totalCents: z.number().int(),
      associationShareCents: z.number().int(),
      byPayment: z.record(z.string(), z.number().int()),
    }),
  ),
  school: z.object({
    orders: z.number().int(),
    items: z.number().int(),
    totalCents: z.number().int(),
    associationShareCents: z.number().int(),
    byPayment: z.record(z.string(), z.number().int()),
  }),
});
export type OrderTotals = z.infer<typeof orderTotalsSchema>;

/** Why a student got no form. */
export const SKIP_REASONS = ['no_photos', 'consent', 'no_class'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const formsReportSchema = z.object({
  forms: z.number().int(),
  students: z.number().int(),
  files: z.array(z.string()),
  skipped: z.array(
    z.object({
      studentId: z.string(),
      name: z.string(),
      classLabel: z.string(),
      reason: z.enum(SKIP_REASONS),
    }),
  ),
  /** Path of the text report listing students without a form. */
  reportPath: z.string(),
});
export type FormsReport = z.infer<typeof formsReportSchema>;

/** One row of the bookkeeper's list of forms. */
export interface FormListRow {
  classLabel: string;
  studentName: string;
  code: string;
  products: Product[];
}
