/**
 * The "Nouveau reportage" form as data: what the user typed, checked with the contract's own schemas
 * (so the UI and the core agree on every rule) plus the French date format the UI asks for.
 */
import {
  isoDateSchema,
  newJobSchema,
  schoolNameSchema,
  schoolYearOf,
  townSchema,
  type NewJob,
} from '../../shared/domain/job';
import type { ErrorParams } from '../../shared/rpc/errors';

export interface NewJobForm {
  schoolName: string;
  town: string;
  schoolYear: string;
  /** As typed: jj/mm/aaaa, or empty. */
  shootDate: string;
  /** Empty: the default folder in the library. */
  dir: string;
}

export const NEW_JOB_FIELDS = ['schoolName', 'town', 'schoolYear', 'shootDate', 'dir'] as const;
export type NewJobField = (typeof NEW_JOB_FIELDS)[number];

/** A message to show next to a field: a dictionary key (or the core's translated text) and its parameters. */
export interface FieldMessage {
  message: string;
  params?: ErrorParams;
}

export type FieldErrors = Partial<Record<NewJobField, FieldMessage>>;

/** The school years a new job can be in: the current one and the next (shoots are booked ahead). */
export function schoolYearChoices(today: Date): [string, string] {
  const current = schoolYearOf(today);
  const start = Number(current.slice(0, 4)) + 1;
  return [current, `${start}-${start + 1}`];
}

/**
 * `14/10/2026` → `2026-10-14`. Day and month may have one digit; anything else is refused rather than
 * guessed (a browser-locale date picker could silently swap day and month).
 */
export function parseFrenchDate(
  text: string,
): { iso: string } | { error: 'validation.date.format' | 'validation.date.invalid' } {
  const match = /^(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})$/.exec(text.trim());
  if (!match) return { error: 'validation.date.format' };
  const [, day = '', month = '', year = ''] = match;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isoDateSchema.safeParse(iso).success ? { iso } : { error: 'validation.date.invalid' };
}

function firstIssue(result: {
  success: boolean;
  error?: { issues: { message: string }[] };
}): string | undefined {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

export function validateNewJob(
  form: NewJobForm,
): { job: NewJob; errors: null } | { job: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const schoolName = firstIssue(schoolNameSchema.safeParse(form.schoolName));
  if (schoolName) errors.schoolName = { message: schoolName };
  const town = firstIssue(townSchema.safeParse(form.town));
  if (town) errors.town = { message: town };
  const shootDates: string[] = [];
  if (form.shootDate.trim() !== '') {
    const parsed = parseFrenchDate(form.shootDate);
    if ('error' in parsed) errors.shootDate = { message: parsed.error };
    else if (schoolYearOf(new Date(`${parsed.iso}T12:00:00`)) !== form.schoolYear)
      errors.shootDate = { message: 'validation.date.outsideYear', params: { year: form.schoolYear } };
    else shootDates.push(parsed.iso);
  }
  const job: NewJob = {
    schoolName: form.schoolName,
    town: form.town,
    schoolYear: form.schoolYear,
    shootDates,
    ...(form.dir.trim() ? { dir: form.dir.trim() } : {}),
  };
  const whole = newJobSchema.safeParse(job);
  if (!whole.success) {
    for (const issue of whole.error.issues) {
      const field = issue.path[0] === 'shootDates' ? 'shootDate' : issue.path[0];
      if (typeof field === 'string' && (NEW_JOB_FIELDS as readonly string[]).includes(field)) {
        errors[field as NewJobField] ??= { message: issue.message };
      }
    }
  }
  return Object.keys(errors).length > 0 ? { job: null, errors } : { job, errors: null };
}

/** The core's validation issues (paths like `shootDates.0`) mapped onto the form's fields. */
export function fieldErrorsFromIssues(issues: { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const head = issue.path.split('.')[0] ?? '';
    const field = head === 'shootDates' ? 'shootDate' : head;
    if ((NEW_JOB_FIELDS as readonly string[]).includes(field))
      errors[field as NewJobField] ??= { message: issue.message };
  }
  return errors;
}
