import { describe, expect, it } from 'vitest';
import {
  formatInput,
  frenchDateInput,
  parseFormat,
  parseFrenchDate,
  parsePercent,
  parsePose,
  parsePrice,
  parseQuantity,
  percentInput,
  priceInput,
} from './form-values';

describe('typed prices', () => {
  it('reads French and English decimal marks, euro signs and grouped thousands into exact cents', () => {
    expect(parsePrice('12,50')).toEqual({ ok: true, value: 1250 });
    expect(parsePrice('12.5')).toEqual({ ok: true, value: 1250 });
    expect(parsePrice('12,05')).toEqual({ ok: true, value: 1205 });
    expect(parsePrice(' 20 ')).toEqual({ ok: true, value: 2000 });
    expect(parsePrice('12,50 €')).toEqual({ ok: true, value: 1250 });
    expect(parsePrice('1\u202f000')).toEqual({ ok: true, value: 100_000 });
    expect(parsePrice('0')).toEqual({ ok: true, value: 0 });
    // 0.1 + 0.2 style float drift would give 1009.9999: cents are computed from the digits.
    expect(parsePrice('10,10')).toEqual({ ok: true, value: 1010 });
  });

  it('refuses what is not a price, saying why', () => {
    expect(parsePrice('')).toEqual({ ok: false, error: 'forms.value.priceRequired' });
    expect(parsePrice('12,505')).toEqual({ ok: false, error: 'forms.value.price' });
    expect(parsePrice('-5')).toEqual({ ok: false, error: 'forms.value.price' });
    expect(parsePrice('douze')).toEqual({ ok: false, error: 'forms.value.price' });
    expect(parsePrice('12,50,1')).toEqual({ ok: false, error: 'forms.value.price' });
    expect(parsePrice('1000,01')).toEqual({ ok: false, error: 'forms.value.priceTooHigh' });
  });

  it('shows saved prices with a decimal comma', () => {
    expect(priceInput(1250)).toBe('12,50');
    expect(priceInput(800)).toBe('8,00');
    expect(parsePrice(priceInput(1999))).toEqual({ ok: true, value: 1999 });
  });
});

describe('typed quantities and poses', () => {
  it('reads an empty box as none and whole numbers up to 99', () => {
    expect(parseQuantity('')).toEqual({ ok: true, value: 0 });
    expect(parseQuantity(' 2 ')).toEqual({ ok: true, value: 2 });
    expect(parseQuantity('99')).toEqual({ ok: true, value: 99 });
    expect(parseQuantity('100')).toEqual({ ok: false, error: 'forms.value.quantityTooHigh' });
    expect(parseQuantity('1,5')).toEqual({ ok: false, error: 'forms.value.quantity' });
    expect(parseQuantity('-1')).toEqual({ ok: false, error: 'forms.value.quantity' });
    expect(parseQuantity('x')).toEqual({ ok: false, error: 'forms.value.quantity' });
  });

  it('reads pose numbers 1 to 99, empty meaning any', () => {
    expect(parsePose('')).toEqual({ ok: true, value: null });
    expect(parsePose('3')).toEqual({ ok: true, value: 3 });
    expect(parsePose('0')).toEqual({ ok: false, error: 'forms.value.pose' });
    expect(parsePose('1a')).toEqual({ ok: false, error: 'forms.value.pose' });
  });
});

describe('typed print formats', () => {
  it('reads the ways formats are written and refuses anything above 24×30 cm', () => {
    expect(parseFormat('13×18')).toEqual({ ok: true, value: { widthCm: 13, heightCm: 18 } });
    expect(parseFormat('13 x 18 cm')).toEqual({ ok: true, value: { widthCm: 13, heightCm: 18 } });
    expect(parseFormat('10,5X15')).toEqual({ ok: true, value: { widthCm: 10.5, heightCm: 15 } });
    expect(parseFormat('30×24')).toEqual({ ok: true, value: { widthCm: 30, heightCm: 24 } });
    expect(parseFormat('')).toEqual({ ok: true, value: null });
    expect(parseFormat('30×40')).toEqual({ ok: false, error: 'validation.product.tooLarge' });
    expect(parseFormat('25×25')).toEqual({ ok: false, error: 'validation.product.tooLarge' });
    expect(parseFormat('A4')).toEqual({ ok: false, error: 'forms.value.format' });
    expect(formatInput({ widthCm: 10.5, heightCm: 15 })).toBe('10,5×15');
    expect(formatInput(null)).toBe('');
  });
});

describe('typed dates and percentages', () => {
  it('reads dd/mm/yyyy and refuses impossible dates', () => {
    expect(parseFrenchDate('30/06/2027')).toEqual({ ok: true, value: '2027-06-30' });
    expect(parseFrenchDate('1/7/2027')).toEqual({ ok: true, value: '2027-07-01' });
    expect(parseFrenchDate('')).toEqual({ ok: true, value: null });
    expect(parseFrenchDate('31/06/2027')).toEqual({ ok: false, error: 'forms.value.dateInvalid' });
    expect(parseFrenchDate('2027-06-30')).toEqual({ ok: false, error: 'forms.value.date' });
    expect(frenchDateInput('2027-06-30')).toBe('30/06/2027');
  });

  it('reads a percentage into basis points', () => {
    expect(parsePercent('12,5')).toEqual({ ok: true, value: 1250 });
    expect(parsePercent('10 %')).toEqual({ ok: true, value: 1000 });
    expect(parsePercent('100,01')).toEqual({ ok: false, error: 'forms.value.percent' });
    expect(percentInput(1250)).toBe('12,5');
  });
});
