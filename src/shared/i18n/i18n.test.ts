import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { errorMessage, formatBytes, formatDate, formatMoney, translate } from './index';

describe('French-first formats', () => {
  it('writes dates as dd/mm/yyyy in French, keeping the calendar day', () => {
    expect(formatDate('fr', '2026-10-05')).toBe('05/10/2026');
    expect(formatDate('fr', '2027-01-31')).toBe('31/01/2027');
  });

  it('writes money with a decimal comma and the euro sign after', () => {
    expect(formatMoney('fr', 1250).replace(/\s/g, ' ')).toBe('12,50 €');
    expect(formatMoney('fr', 123456).replace(/\s/g, ' ')).toBe('1 234,56 €');
    expect(formatMoney('en', 1250)).toBe('€12.50');
  });

  it('writes sizes in French units', () => {
    expect(formatBytes('fr', 8_400_000_000)).toBe('8,4 Go');
    expect(formatBytes('en', 8_400_000_000)).toBe('8.4 GB');
  });
});

describe('dictionaries', () => {
  it('English has exactly the French keys, and no message is empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const value of [...Object.values(fr), ...Object.values(en)]) expect(value.trim()).not.toBe('');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(errorMessage('fr', 'folder_missing', { path: '/x' })).toContain('« /x »');
    expect(translate('fr', 'job.schoolYear', {})).toContain('{year}');
  });
});
