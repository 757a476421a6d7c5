/**
 * The school of a job and the association that sells to families. Schools have no legal personality
 * in primary education, so order forms and cheques name the association exactly as entered here.
 */
import { z } from 'zod';
import { isoDateSchema, schoolNameSchema, schoolYearSchema, townSchema } from './job';

export const SCHOOL_TYPES = ['maternelle', 'elementaire', 'college', 'lycee'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

/** APE (parents), OCCE school cooperative, FSE / Maison des lycéens, or another association. */
export const ASSOCIATION_TYPES = ['ape', 'occe', 'fse_mdl', 'other'] as const;
export type AssociationType = (typeof ASSOCIATION_TYPES)[number];

const text = (max: number) =>
  z
    .string()
    .transform((v) => v.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(max, 'validation.text.tooLong'));

/** UAI (ex-RNE): 7 digits and a letter, e.g. 0751234A. Optional. */
export const uaiSchema = z
  .string()
  .transform((v) => v.replace(/\s/g, '').toUpperCase())
  .refine((v) => v === '' || /^\d{7}[A-Z]$/.test(v), 'validation.uai');

export const schoolSchema = z.object({
  schoolName: z.string(),
  town: z.string(),
  schoolYear: z.string(),
  /** ISO dates of the shoot day(s). */
  shootDates: z.array(z.string()),
  uai: z.string(),
  schoolType: z.enum(SCHOOL_TYPES),
  association: z.object({
    type: z.enum(ASSOCIATION_TYPES),
    /** Exactly as it must appear on order forms, e.g. « Coopérative scolaire OCCE de l’école Jules Ferry ». */
    legalName: z.string(),
    chequePayee: z.string(),
    contactName: z.string(),
    contactEmail: z.string(),
    contactPhone: z.string(),
  }),
  /** Sibling (fratrie) photos are contested: off unless the school agrees. */
  siblingPhotos: z.boolean(),
  /** What is still missing before order forms can be produced (message keys). */
  missing: z.array(z.string()),
});
export type School = z.infer<typeof schoolSchema>;

export const schoolPatchSchema = z
  .object({
    schoolName: schoolNameSchema,
    town: townSchema,
    schoolYear: schoolYearSchema,
    shootDates: z.array(isoDateSchema).max(10),
    uai: uaiSchema,
    schoolType: z.enum(SCHOOL_TYPES),
    association: z
      .object({
        type: z.enum(ASSOCIATION_TYPES),
        legalName: text(200),
        chequePayee: text(200),
        contactName: text(120),
        contactEmail: text(200).refine(
          (v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
          'validation.email',
        ),
        contactPhone: text(40),
      })
      .partial()
      .strict(),
    siblingPhotos: z.boolean(),
  })
  .partial()
  .strict();
export type SchoolPatch = z.input<typeof schoolPatchSchema>;
