import { describe, expect, it } from 'vitest';
import {
  fieldErrorsFromIssues,
  parseFrenchDate,
  schoolYearChoices,
  validateNewJob,
  type NewJobForm,
} from './new-job-form';

const form = (patch: Partial<NewJobForm> = {}): NewJobForm => ({
  schoolName: 'École Jules Ferry',
  town: 'Villeurbanne',
  schoolYear: '2026-2027',
  shootDate: '14/10/2026',
  dir: '',
  ...patch,
});

describe('parseFrenchDate', () => {
  it('reads day first, whatever the browser locale', () => {
    expect(parseFrenchDate('03/10/2026')).toEqual({ iso: '2026-10-03' });
    expect(parseFrenchDate(' 3/9/2026 ')).toEqual({ iso: '2026-09-03' });
  });
  it('refuses other formats and dates that do not exist', () => {
    expect(parseFrenchDate('2026-10-03')).toEqual({ error: 'validation.date.format' });
    expect(parseFrenchDate('10/2026')).toEqual({ error: 'validation.date.format' });
    expect(parseFrenchDate('31/02/2027')).toEqual({ error: 'validation.date.invalid' });
    expect(parseFrenchDate('12/13/2026')).toEqual({ error: 'validation.date.invalid' });
  });
});

describe('schoolYearChoices', () => {
  it('offers the current school year and the next', () => {
    expect(schoolYearChoices(new Date(2026, 5, 15))).toEqual(['2025-2026', '2026-2027']);
    expect(schoolYearChoices(new Date(2026, 9, 1))).toEqual(['2026-2027', '2027-2028']);
  });
});

describe('validateNewJob', () => {
  it('turns a valid form into the contract input with an ISO date and no folder', () => {
    expect(validateNewJob(form())).toEqual({
      errors: null,
      job: {
        schoolName: 'École Jules Ferry',
        town: 'Villeurbanne',
        schoolYear: '2026-2027',
        shootDates: ['2026-10-14'],
      },
    });
  });
  it('lets the shoot date be left for later', () => {
    expect(validateNewJob(form({ shootDate: '' })).job?.shootDates).toEqual([]);
  });
  it('names each wrong field with its message key', () => {
    const result = validateNewJob(form({ schoolName: '   ', shootDate: '31/02/2027' }));
    expect(result.errors).toEqual({
      schoolName: { message: 'validation.schoolName.required' },
      shootDate: { message: 'validation.date.invalid' },
    });
  });
  it('refuses a shoot date outside the chosen school year', () => {
    expect(validateNewJob(form({ shootDate: '14/10/2027' })).errors).toEqual({
      shootDate: { message: 'validation.date.outsideYear', params: { year: '2026-2027' } },
    });
  });
});

describe('fieldErrorsFromIssues', () => {
  it('puts the core’s issues under the form field they concern, first one per field', () => {
    expect(
      fieldErrorsFromIssues([
        { path: 'shootDates.0', message: 'cette date n’existe pas' },
        { path: 'dir', message: 'validation.path.relative' },
        { path: 'dir', message: 'chemin trop long' },
        { path: 'somethingElse', message: 'ignored' },
      ]),
    ).toEqual({
      shootDate: { message: 'cette date n’existe pas' },
      dir: { message: 'validation.path.relative' },
    });
  });
});
