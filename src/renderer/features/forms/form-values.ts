/**
 * What staff type into the order-form screens, read the French way: prices « 12,50 » (or « 12.50 »,
 * « 12,50 € », « 1 234 »), quantities, print formats « 13×18 » (or « 13x18 »), dates dd/mm/yyyy and
 * percentages « 12,5 ». Pure and strict: a value is either understood exactly (prices in integer
 * cents, never floats) or refused with the dictionary key of the reason, shown under the field.
 */
import type { MessageKey } from '../../../shared/i18n';
import { centsToDecimalComma, formatAllowed, type PrintFormat } from '../../../shared/domain/price-list';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: MessageKey): Parsed<T> => ({ ok: false, error });

/** Highest price a product may have (the contract's limit), in cents. */
export const MAX_PRICE_CENTS = 100_000;
export const MAX_QUANTITY = 99;

/** Spaces of every kind (French thousands are grouped with a narrow no-break space). */
const SPACES = /[\s\u00a0\u202f]/g;

/** « 12,50 » → 1250 cents. Empty is refused: a product always has a price (« 0 » for a free one). */
export function parsePrice(text: string): Parsed<number> {
  const raw = text.replace(SPACES, '').replace(/€$/, '').replace(/^€/, '');
  if (raw === '') return fail('forms.value.priceRequired');
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(raw);
  if (!match) return fail('forms.value.price');
  const euros = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const total = euros * 100 + cents;
  return total > MAX_PRICE_CENTS ? fail('forms.value.priceTooHigh') : ok(total);
}

/** 1250 → « 12,50 », as the field shows a saved price. */
export function priceInput(cents: number): string {
  return centsToDecimalComma(cents);
}

/** A quantity box: empty means none; whole numbers 0–99 only. */
export function parseQuantity(text: string): Parsed<number> {
  const raw = text.replace(SPACES, '');
  if (raw === '') return ok(0);
  if (!/^\d{1,3}$/.test(raw)) return fail('forms.value.quantity');
  const n = Number(raw);
  return n > MAX_QUANTITY ? fail('forms.value.quantityTooHigh') : ok(n);
}

/** A pose number written by the family (1–99); empty means none. */
export function parsePose(text: string): Parsed<number | null> {
  const raw = text.replace(SPACES, '');
  if (raw === '') return ok(null);
  if (!/^\d{1,2}$/.test(raw) || Number(raw) < 1) return fail('forms.value.pose');
  return ok(Number(raw));
}

/**
 * « 13×18 », « 13x18 », « 13 X 18 », « 10,5×15 » → centimetres; empty → no format (a pochette, a
 * digital file). Formats above 24×30 cm are refused here already, with the circulaire's reason.
 */
export function parseFormat(text: string): Parsed<PrintFormat | null> {
  const raw = text.replace(SPACES, '').replace(/cm$/i, '');
  if (raw === '') return ok(null);
  const match = /^(\d{1,3}(?:[.,]\d)?)[x×*](\d{1,3}(?:[.,]\d)?)$/i.exec(raw);
  if (!match) return fail('forms.value.format');
  const widthCm = Number(match[1]!.replace(',', '.'));
  const heightCm = Number(match[2]!.replace(',', '.'));
  if (widthCm <= 0 || heightCm <= 0) return fail('forms.value.format');
  const format = { widthCm, heightCm };
  return formatAllowed(format) ? ok(format) : fail('validation.product.tooLarge');
}

/** The field text of a saved format: « 13×18 », « 10,5×15 ». */
export function formatInput(format: PrintFormat | null): string {
  if (!format) return '';
  const n = (v: number) => String(v).replace('.', ',');
  return `${n(format.widthCm)}×${n(format.heightCm)}`;
}

/** « 30/06/2027 » (or 30-06-2027, 30.06.2027, 1/7/2027) → « 2027-06-30 »; empty → no deadline. */
export function parseFrenchDate(text: string): Parsed<string | null> {
  const raw = text.trim();
  if (raw === '') return ok(null);
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  if (!match) return fail('forms.value.date');
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return fail('forms.value.dateInvalid');
  return ok(`${match[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** Today's calendar date where the studio is (local time), as `yyyy-mm-dd`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A return deadline before today: printed as is, families would read a date already gone by. */
export function isPastDeadline(iso: string | null, today: string): boolean {
  return iso !== null && iso < today;
}

/** « 2027-06-30 » → « 30/06/2027 », as the field shows a saved date. */
export function frenchDateInput(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** « 12,5 » (%) → 1250 basis points; 0–100 with at most two decimals. */
export function parsePercent(text: string): Parsed<number> {
  const raw = text.replace(SPACES, '').replace(/%$/, '');
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(raw);
  if (!match) return fail('forms.value.percent');
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp > 10_000 ? fail('forms.value.percent') : ok(bp);
}

/** 1250 basis points → « 12,5 ». */
export function percentInput(basisPoints: number): string {
  return String(basisPoints / 100).replace('.', ',');
}
