import { describe, expect, it } from 'vitest';
import { cleanCell, fold, parseDate, parseHint, splitFullName } from './roster-values';

describe('roster values', () => {
  it('accepts French and ISO dates and refuses impossible ones', () => {
    expect(parseDate('05/09/2016')).toBe('2016-09-05');
    expect(parseDate('5/9/2016')).toBe('2016-09-05');
    expect(parseDate('05.09.2016')).toBe('2016-09-05');
    expect(parseDate('2016-09-05')).toBe('2016-09-05');
    expect(parseDate('05/09/2016 00:00:00')).toBe('2016-09-05');
    expect(parseDate('')).toBeNull();
    expect(parseDate('31/02/2016')).toBeUndefined();
    expect(parseDate('09/13/2016')).toBeUndefined();
    expect(parseDate('demain')).toBeUndefined();
  });

  it('normalises spaces (non-breaking included) but keeps accents and case', () => {
    expect(cleanCell('  LE\u00a0 GALL  ')).toBe('LE GALL');
    expect(cleanCell('Chloe\u0301')).toBe('Chloé');
    expect(cleanCell('="3A"')).toBe('3A');
  });

  it('folds names for comparison only', () => {
    expect(fold(' Nom d’usage  élève ')).toBe("nom d'usage eleve");
    expect(fold('DUPONT - MARTIN')).toBe('dupont-martin');
  });

  it('reads photo hints without turning unknown answers into a yes', () => {
    expect(parseHint('Oui')).toBe('yes');
    expect(parseHint('NON')).toBe('no');
    expect(parseHint('peut-être')).toBeNull();
  });

  it('splits « NOM Prénom » on the capitals', () => {
    expect(splitFullName('DA SILVA Maria Clara')).toEqual({
      familyName: 'DA SILVA',
      firstName: 'Maria Clara',
    });
    expect(splitFullName('Dupont Jean')).toEqual({ familyName: 'Dupont', firstName: 'Jean' });
  });
});
