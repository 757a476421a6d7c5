/**
 * Retention of a school shoot's personal data (policy, not law; configurable per studio, never
 * lengthened by default): the family gallery closes in the third week of August after the school
 * year, high-definition files are deleted by 31 December of the year the school year ends, and
 * bookkeeping records (without any image) are kept for the legal accounting period.
 */
import { z } from 'zod';

export const retentionPolicySchema = z.object({
  /** Day of August (of the school year's end year) the online gallery closes: the 21st ends the third week. */
  galleryCloseAugustDay: z.number().int().min(1).max(31),
  /** Years after the school year's end year whose 31 December is the deadline for high-definition files. */
  hdDeleteExtraYears: z.number().int().min(0).max(2),
  /** Years bookkeeping records are kept after the end of the school year's end year (French accounting: 10). */
  bookkeepingYears: z.number().int().min(1).max(10),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  galleryCloseAugustDay: 21,
  hdDeleteExtraYears: 0,
  bookkeepingYears: 10,
};

export interface RetentionDates {
  /** ISO dates (yyyy-mm-dd). */
  galleryCloses: string;
  hdFilesDeleted: string;
  bookkeepingDeleted: string;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The retention dates of a shoot in `schoolYear` (`2026-2027`). */
export function retentionDates(
  schoolYear: string,
  policy: RetentionPolicy = DEFAULT_RETENTION_POLICY,
): RetentionDates {
  const endYear = Number(schoolYear.slice(5));
  if (!Number.isInteger(endYear) || endYear < 2000) throw new Error(`Invalid school year: ${schoolYear}`);
  return {
    galleryCloses: iso(endYear, 8, policy.galleryCloseAugustDay),
    hdFilesDeleted: iso(endYear + policy.hdDeleteExtraYears, 12, 31),
    bookkeepingDeleted: iso(endYear + policy.bookkeepingYears, 12, 31),
  };
}

/** True when `date` (ISO) is past on `today` (ISO): the action it names is due. */
export function isDue(date: string, today: string): boolean {
  return today > date;
}
