/**
 * The price list as staff edit it: one row of typed text per product, checked row by row (French
 * prices, formats « 13×18 » with the 24×30 cm limit, references) before the list is sent; what the
 * core still refuses comes back as issues on `products.<row>.<field>` and lands on the same fields.
 */
import type { Product, ProductKind } from '../../../shared/domain/price-list';
import type { ValidationIssue } from '../../../shared/rpc/errors';
import { formatInput, parseFormat, parsePrice, priceInput } from './form-values';

export const PRODUCT_FIELDS = ['ref', 'kind', 'label', 'price', 'format', 'contents'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

export interface ProductDraft {
  /** Stable React key of the row (rows move and get deleted). */
  key: string;
  ref: string;
  kind: ProductKind;
  label: string;
  price: string;
  format: string;
  contents: string;
}

export type RowErrors = Partial<Record<ProductField, string>>;

/** What `forms.updateSettings` / `priceList.setDefault` take for one product. */
export interface ProductInput {
  ref: string;
  kind: ProductKind;
  label: string;
  priceCents: number;
  format: { widthCm: number; heightCm: number } | null;
  contents: string;
}

let nextKey = 0;
const newKey = () => `p${(nextKey += 1)}`;

export function draftOf(products: readonly Product[]): ProductDraft[] {
  return products.map((p) => ({
    key: newKey(),
    ref: p.ref,
    kind: p.kind,
    label: p.label,
    price: priceInput(p.priceCents),
    format: formatInput(p.format),
    contents: p.contents,
  }));
}

/** A new empty row, with the first free reference `T4`, `T5`… so staff only type a label and a price. */
export function emptyRow(rows: readonly ProductDraft[]): ProductDraft {
  const taken = new Set(rows.map((r) => r.ref.trim().toUpperCase()));
  let n = 1;
  while (taken.has(`T${n}`)) n += 1;
  return { key: newKey(), ref: `T${n}`, kind: 'print', label: '', price: '', format: '', contents: '' };
}

/** Kinds that are described by what they contain rather than by one print size. */
export const KINDS_WITH_CONTENTS: readonly ProductKind[] = ['pochette', 'bundle'];

export function validateRow(row: ProductDraft, rows: readonly ProductDraft[]): RowErrors {
  const errors: RowErrors = {};
  const ref = row.ref.trim();
  if (!ref) errors.ref = 'validation.required';
  else if (!/^[A-Za-z0-9]{1,8}$/.test(ref)) errors.ref = 'validation.product.ref';
  else if (rows.some((r) => r !== row && r.ref.trim().toUpperCase() === ref.toUpperCase()))
    errors.ref = 'forms.value.refTaken';
  if (!row.label.trim()) errors.label = 'validation.required';
  const price = parsePrice(row.price);
  if (!price.ok) errors.price = price.error;
  const format = parseFormat(row.format);
  if (!format.ok) errors.format = format.error;
  return errors;
}

export function validateDraft(rows: readonly ProductDraft[]): {
  products: ProductInput[] | null;
  errors: Record<string, RowErrors>;
} {
  const errors: Record<string, RowErrors> = {};
  const products: ProductInput[] = [];
  for (const row of rows) {
    const found = validateRow(row, rows);
    if (Object.keys(found).length > 0) {
      errors[row.key] = found;
      continue;
    }
    const price = parsePrice(row.price);
    const format = parseFormat(row.format);
    products.push({
      ref: row.ref.trim(),
      kind: row.kind,
      label: row.label.trim(),
      priceCents: price.ok ? price.value : 0,
      format: format.ok ? format.value : null,
      contents: KINDS_WITH_CONTENTS.includes(row.kind) ? row.contents.trim() : '',
    });
  }
  return { products: Object.keys(errors).length === 0 ? products : null, errors };
}

const SERVER_FIELDS: Record<string, ProductField> = {
  ref: 'ref',
  kind: 'kind',
  label: 'label',
  priceCents: 'price',
  format: 'format',
  contents: 'contents',
};

/** Issues on `products.<index>.<field>` from the core, placed on the rows they name. */
export function rowErrorsOf(
  issues: readonly ValidationIssue[],
  rows: readonly ProductDraft[],
  prefix = 'products',
): Record<string, RowErrors> {
  const out: Record<string, RowErrors> = {};
  for (const issue of issues) {
    const [head, index, field] = issue.path.split('.');
    if (head !== prefix || index === undefined) continue;
    const row = rows[Number(index)];
    const target = SERVER_FIELDS[field ?? ''] ?? 'label';
    if (row) out[row.key] = { ...out[row.key], [target]: issue.message };
  }
  return out;
}
