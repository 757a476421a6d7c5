/**
 * The job setup form ("École et association") as data: what the user typed, turned into a
 * `school.update` patch checked with the contract's own schema, and the core's issues mapped back
 * onto the form's fields. Shoot dates are typed jj/mm/aaaa, several separated by commas.
 */
import { schoolYearOf } from '../../../shared/domain/job';
import { schoolPatchSchema, type School, type SchoolPatch } from '../../../shared/domain/school';
import { parseFrenchDate, type FieldMessage } from '../../lib/new-job-form';

export interface SchoolForm {
  schoolName: string;
  town: string;
  uai: string;
  schoolType: School['schoolType'];
  schoolYear: string;
  /** As typed: `14/10/2026, 15/10/2026`. */
  shootDates: string;
  associationType: School['association']['type'];
  legalName: string;
  chequePayee: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  siblingPhotos: boolean;
}

export const SCHOOL_FIELDS = [
  'schoolName',
  'town',
  'uai',
  'schoolType',
  'schoolYear',
  'shootDates',
  'associationType',
  'legalName',
  'chequePayee',
  'contactName',
  'contactEmail',
  'contactPhone',
] as const;
export type SchoolField = (typeof SCHOOL_FIELDS)[number];
export type SchoolErrors = Partial<Record<SchoolField, FieldMessage>>;

/** Contract paths (`association.legalName`, `shootDates.0`) → form fields. */
const PATH_TO_FIELD: Record<string, SchoolField> = {
  schoolName: 'schoolName',
  town: 'town',
  uai: 'uai',
  schoolType: 'schoolType',
  schoolYear: 'schoolYear',
  shootDates: 'shootDates',
  'association.type': 'associationType',
  'association.legalName': 'legalName',
  'association.chequePayee': 'chequePayee',
  'association.contactName': 'contactName',
  'association.contactEmail': 'contactEmail',
  'association.contactPhone': 'contactPhone',
};

export function formOf(school: School, formatDate: (iso: string) => string): SchoolForm {
  return {
    schoolName: school.schoolName,
    town: school.town,
    uai: school.uai,
    schoolType: school.schoolType,
    schoolYear: school.schoolYear,
    shootDates: school.shootDates.map(formatDate).join(', '),
    associationType: school.association.type,
    legalName: school.association.legalName,
    chequePayee: school.association.chequePayee,
    contactName: school.association.contactName,
    contactEmail: school.association.contactEmail,
    contactPhone: school.association.contactPhone,
    siblingPhotos: school.siblingPhotos,
  };
}

/** Dates typed jj/mm/aaaa, separated by commas, semicolons or spaces; each inside the school year. */
export function parseShootDates(
  text: string,
  schoolYear: string,
): { dates: string[] } | { error: FieldMessage } {
  const parts = text
    .split(/[,;]|\s+(?=\d)/)
    .map((p) => p.trim())
    .filter(Boolean);
  const dates: string[] = [];
  for (const part of parts) {
    const parsed = parseFrenchDate(part);
    if ('error' in parsed) return { error: { message: parsed.error } };
    if (schoolYearOf(new Date(`${parsed.iso}T12:00:00`)) !== schoolYear)
      return { error: { message: 'validation.date.outsideYear', params: { year: schoolYear } } };
    if (!dates.includes(parsed.iso)) dates.push(parsed.iso);
  }
  return { dates: dates.sort() };
}

export function validateSchool(
  form: SchoolForm,
): { patch: SchoolPatch; errors: null } | { patch: null; errors: SchoolErrors } {
  const errors: SchoolErrors = {};
  const dates = parseShootDates(form.shootDates, form.schoolYear.trim());
  if ('error' in dates) errors.shootDates = dates.error;
  const patch: SchoolPatch = {
    schoolName: form.schoolName,
    town: form.town,
    uai: form.uai,
    schoolType: form.schoolType,
    schoolYear: form.schoolYear,
    shootDates: 'dates' in dates ? dates.dates : [],
    association: {
      type: form.associationType,
      legalName: form.legalName,
      chequePayee: form.chequePayee,
      contactName: form.contactName,
      contactEmail: form.contactEmail,
      contactPhone: form.contactPhone,
    },
    siblingPhotos: form.siblingPhotos,
  };
  const checked = schoolPatchSchema.safeParse(patch);
  if (!checked.success) Object.assign(errors, { ...fieldErrorsOf(checked.error.issues), ...errors });
  return Object.keys(errors).length > 0 ? { patch: null, errors } : { patch, errors: null };
}

/** Issues from the schema or from the core (whose paths start with `patch.`) onto the fields. */
export function fieldErrorsOf(
  issues: readonly { path: string | readonly PropertyKey[]; message: string }[],
): SchoolErrors {
  const errors: SchoolErrors = {};
  for (const issue of issues) {
    const parts = (typeof issue.path === 'string' ? issue.path.split('.') : issue.path.map(String)).filter(
      (p, i) => !(i === 0 && p === 'patch'),
    );
    const field = PATH_TO_FIELD[parts.slice(0, 2).join('.')] ?? PATH_TO_FIELD[parts[0] ?? ''];
    if (field) errors[field] ??= { message: issue.message };
  }
  return errors;
}

/** The school years offered: the job's own, the current one and the next, without repeats. */
export function schoolYearOptions(current: string, today: Date): string[] {
  const now = schoolYearOf(today);
  const start = Number(now.slice(0, 4));
  return [...new Set([current, `${start - 1}-${start}`, now, `${start + 1}-${start + 2}`])].sort();
}
