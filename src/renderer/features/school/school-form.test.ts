import { describe, expect, it } from 'vitest';
import type { School } from '../../../shared/domain/school';
import { fieldErrorsOf, formOf, parseShootDates, validateSchool } from './school-form';

const school: School = {
  schoolName: 'École élémentaire Jules Ferry',
  town: 'Villeurbanne',
  schoolYear: '2026-2027',
  shootDates: ['2026-10-14', '2026-10-15'],
  uai: '',
  schoolType: 'elementaire',
  association: {
    type: 'occe',
    legalName: '',
    chequePayee: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
  },
  siblingPhotos: false,
  missing: ['school.missing.legalName'],
};

const french = (iso: string) => iso.split('-').reverse().join('/');

describe('school setup form', () => {
  it('shows the shoot dates the French way and sends them back as ISO dates', () => {
    const form = formOf(school, french);
    expect(form.shootDates).toBe('14/10/2026, 15/10/2026');
    const checked = validateSchool({
      ...form,
      shootDates: '15/10/2026 ; 14/10/2026 16/10/2026',
      uai: '0751234a',
    });
    expect(checked.errors).toBeNull();
    expect(checked.patch?.shootDates).toEqual(['2026-10-14', '2026-10-15', '2026-10-16']);
  });

  it('names the field of each problem: a date outside the school year, a bad UAI, a bad e-mail', () => {
    const checked = validateSchool({
      ...formOf(school, french),
      shootDates: '14/10/2025',
      uai: '12345',
      contactEmail: 'ape@',
      schoolName: ' ',
    });
    expect(checked.errors).toEqual({
      shootDates: { message: 'validation.date.outsideYear', params: { year: '2026-2027' } },
      uai: { message: 'validation.uai' },
      contactEmail: { message: 'validation.email' },
      schoolName: { message: 'validation.schoolName.required' },
    });
    expect(parseShootDates('31/02/2027', '2026-2027')).toEqual({
      error: { message: 'validation.date.invalid' },
    });
  });

  it('maps the core issues (paths under `patch`) onto the fields', () => {
    expect(
      fieldErrorsOf([
        { path: 'patch.association.legalName', message: 'validation.text.tooLong' },
        { path: 'patch.shootDates.1', message: 'validation.date.invalid' },
        { path: 'jobId', message: 'x' },
      ]),
    ).toEqual({
      legalName: { message: 'validation.text.tooLong' },
      shootDates: { message: 'validation.date.invalid' },
    });
  });
});
