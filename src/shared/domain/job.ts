/**
 * A "job" is one school shoot: one school, one school year, one folder on disk holding its own
 * database and files, so that a school's data can be copied, archived or purged as a unit.
 */
import { z } from 'zod';

/** `2026-2027`: two consecutive years. */
export const schoolYearSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{4}$/, 'validation.schoolYear.format')
  .refine((v) => Number(v.slice(5)) === Number(v.slice(0, 4)) + 1, 'validation.schoolYear.consecutive');

/** Calendar date as ISO `yyyy-mm-dd` on the wire; shown as dd/mm/yyyy in the UI. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date.format')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'validation.date.invalid');

export const schoolNameSchema = z
  .string()
  .transform((v) => v.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'validation.schoolName.required').max(120, 'validation.text.tooLong'));

export const townSchema = z
  .string()
  .transform((v) => v.replace(/\s+/g, ' ').trim())
  .pipe(z.string().max(80, 'validation.text.tooLong'));

/** A folder path typed, pasted or picked by the user: absolute once resolved by the core. */
export const folderPathSchema = z
  .string()
  .trim()
  .min(1, 'validation.path.required')
  .max(4096, 'validation.path.tooLong')
  .refine((v) => !v.includes('\0'), 'validation.path.invalid');

export const jobIdSchema = z.string().uuid();

export const newJobSchema = z.object({
  schoolName: schoolNameSchema,
  town: townSchema.default(''),
  schoolYear: schoolYearSchema,
  shootDates: z.array(isoDateSchema).max(10).default([]),
  /** Folder to create the job in. Defaults to a new folder named after the school in the studio library. */
  dir: folderPathSchema.optional(),
});
export type NewJob = z.input<typeof newJobSchema>;

export const jobSummarySchema = z.object({
  id: jobIdSchema,
  path: z.string(),
  schoolName: z.string(),
  town: z.string(),
  schoolYear: z.string(),
  shootDates: z.array(z.string()),
  createdAt: z.string(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const recentJobSchema = jobSummarySchema.extend({
  lastOpenedAt: z.string(),
  /** False when the folder is gone (unplugged drive, moved, deleted): shown greyed out, never auto-removed. */
  available: z.boolean(),
});
export type RecentJob = z.infer<typeof recentJobSchema>;

/** The school year a shoot on `date` belongs to: September starts a new year. */
export function schoolYearOf(date: Date): string {
  const y = date.getFullYear();
  const start = date.getMonth() >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/** Bytes a default folder name may take: file systems hold 255 per name, with room for « (2) ». */
const MAX_FOLDER_NAME_BYTES = 240;

/**
 * Name of the folder a new job gets in the library: readable, accents kept, characters illegal on
 * Windows removed, short enough for any disk (120 characters and 240 bytes at most: a long name in
 * a script of 3-byte characters must not make the job impossible to create). Shared so the UI can
 * show the default folder before the job exists.
 */
export function folderNameFor(schoolYear: string, schoolName: string, town: string): string {
  const base = `${schoolYear} ${schoolName}${town ? ` - ${town}` : ''}`;
  const chars = [
    ...[...base]
      .map((c) => (c.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(c) ? ' ' : c))
      .join('')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[. ]+$/, '')
      .slice(0, 120),
  ];
  const encoder = new TextEncoder();
  while (chars.length > 0 && encoder.encode(chars.join('')).length > MAX_FOLDER_NAME_BYTES) chars.pop();
  return chars.join('').replace(/[. ]+$/, '');
}
