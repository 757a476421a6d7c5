import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../../shared/domain/price-list';
import type { Student } from '../../../shared/domain/roster';
import { formEntries, looksLikeCode, searchForms, type IssuedCode } from './form-index';
import { draftOf, emptyRow, rowErrorsOf, validateDraft } from './price-list-draft';

const student = (id: string, firstName: string, displayName: string, classId = 'c1'): Student => ({
  id,
  classId,
  familyName: displayName,
  usageName: '',
  firstName,
  displayName,
  level: 'CP',
  birthDate: null,
  ine: null,
  archived: false,
  rosterOrder: 1,
  authorityHolders: 2,
  photoHint: null,
  consent: {} as Student['consent'],
  siblings: [],
});
const code = (
  c: string,
  kind: IssuedCode['kind'],
  studentIds: string[],
  revokedAt: string | null = null,
) => ({
  code: c,
  printed: `${c.slice(0, 5)}-${c.slice(5, 10)}-${c.slice(10)}`,
  kind,
  studentIds,
  issuedAt: '2026-10-01T10:00:00Z',
  revokedAt,
});

describe('the forms index of order entry', () => {
  const students = [
    student('zoe', 'Zoé', 'Łukasiewicz'),
    student('tom', 'Tom', 'Şahin'),
    student('lea', 'Léa', 'Şahin', 'c2'),
    student('anh', 'Anh', 'Nguyễn'),
  ];
  const classes = new Map([
    ['c1', 'CP Mme Dubois'],
    ['c2', 'CE2 M. Noël'],
  ]);
  const entries = formEntries(
    [
      code('AAAAABBBBBCCCCC', 'student', ['zoe']),
      code('DDDDDEEEEEFFFFF', 'student', ['tom']),
      code('GGGGGHHHHHJJJJJ', 'student', ['lea']),
      code('KKKKKMMMMMNNNNN', 'family', ['tom', 'lea']),
      code('PPPPPQQQQQRRRRR', 'student', ['anh'], '2026-10-02T10:00:00Z'),
    ],
    students,
    classes,
  );

  it('lists one form per family (siblings under their family code) and leaves revoked codes out', () => {
    expect(entries.map((e) => [e.printed, e.names, e.classLabel])).toEqual([
      ['AAAAA-BBBBB-CCCCC', 'Zoé Łukasiewicz', 'CP Mme Dubois'],
      ['KKKKK-MMMMM-NNNNN', 'Tom Şahin + Léa Şahin', 'CP Mme Dubois'],
    ]);
  });

  it('finds a form by name without accents, by first name, by initials or by the start of its code', () => {
    expect(searchForms(entries, 'lukas').map((e) => e.names)).toEqual(['Zoé Łukasiewicz']);
    expect(searchForms(entries, 'lea sah').map((e) => e.names)).toEqual(['Tom Şahin + Léa Şahin']);
    expect(searchForms(entries, 'sahin')).toHaveLength(1);
    expect(searchForms(entries, 'zl').map((e) => e.names)).toEqual(['Zoé Łukasiewicz']);
    expect(searchForms(entries, 'kkkkk-m').map((e) => e.code)).toEqual(['KKKKKMMMMMNNNNN']);
    expect(searchForms(entries, 'dupont')).toEqual([]);
    expect(searchForms(entries, '  ')).toEqual([]);
  });

  it('tells a code being typed from a name', () => {
    expect(looksLikeCode('7KQ2M')).toBe(true);
    expect(looksLikeCode('ABCDE-FG')).toBe(true);
    expect(looksLikeCode('Zoé')).toBe(false);
    expect(looksLikeCode('le gall')).toBe(false);
  });
});

describe('the price list being edited', () => {
  it('turns rows of typed text back into the products sent, prices in cents', () => {
    const rows = draftOf(DEFAULT_PRICE_LIST);
    expect(rows[0]!.price).toBe('20,00');
    expect(rows[1]!.format).toBe('13×18');
    const edited = rows.map((r, i) => (i === 0 ? { ...r, price: '18,5' } : r));
    const { products, errors } = validateDraft(edited);
    expect(errors).toEqual({});
    expect(products![0]).toMatchObject({ ref: 'P', priceCents: 1850, format: null });
    expect(products![1]!.format).toEqual({ widthCm: 13, heightCm: 18 });
  });

  it('refuses a poster above 24×30 cm, a bad price and a reference used twice, on their rows', () => {
    const rows = draftOf(DEFAULT_PRICE_LIST);
    const extra = { ...emptyRow(rows), label: 'Poster', price: '30', format: '30×40' };
    const twice = { ...emptyRow(rows), ref: 'T1', label: 'Double', price: 'douze' };
    const { products, errors } = validateDraft([...rows, extra, twice]);
    expect(products).toBeNull();
    expect(errors[extra.key]).toEqual({ format: 'validation.product.tooLarge' });
    expect(errors[twice.key]).toEqual({ ref: 'forms.value.refTaken', price: 'forms.value.price' });
    expect(extra.ref).toBe('T4');
  });

  it('places the core’s issues on the rows they name', () => {
    const rows = draftOf(DEFAULT_PRICE_LIST);
    const found = rowErrorsOf([{ path: 'products.2.format', message: 'validation.product.tooLarge' }], rows);
    expect(found).toEqual({ [rows[2]!.key]: { format: 'validation.product.tooLarge' } });
  });
});
