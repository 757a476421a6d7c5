/**
 * What families can order and at what price: a job's price list, copied from the studio's default
 * when the job first needs one. Prices are TTC in integer cents (never floats). The circulaire
 * 2003-091 trade rules are enforced here, where the UI, the core and the CLI all see them: no format
 * above 24×30 cm, sibling (fratrie) products only when the school allows sibling photos.
 */
import { z } from 'zod';

export const PRODUCT_KINDS = [
  'pochette',
  'print',
  'class_photo',
  'sibling_photo',
  'digital',
  'bundle',
] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** Largest print that may be sold to families, in centimetres (short side × long side). */
export const MAX_FORMAT_CM = { short: 24, long: 30 } as const;

export const printFormatSchema = z.object({
  widthCm: z.number().positive().max(200),
  heightCm: z.number().positive().max(200),
});
export type PrintFormat = z.infer<typeof printFormatSchema>;

/** True when the format fits in 24×30 cm, either way round. */
export function formatAllowed(f: PrintFormat): boolean {
  const short = Math.min(f.widthCm, f.heightCm);
  const long = Math.max(f.widthCm, f.heightCm);
  return short <= MAX_FORMAT_CM.short && long <= MAX_FORMAT_CM.long;
}

/** `13×18` (the way formats are written in France). */
export function formatLabel(f: PrintFormat): string {
  const n = (v: number) => String(v).replace('.', ',');
  return `${n(f.widthCm)}×${n(f.heightCm)}`;
}

export const productSchema = z
  .object({
    /** Short reference printed on the form and used in exports, e.g. `P1`. */
    ref: z
      .string()
      .trim()
      .min(1, 'validation.required')
      .max(8, 'validation.text.tooLong')
      .regex(/^[A-Za-z0-9]+$/, 'validation.product.ref'),
    kind: z.enum(PRODUCT_KINDS),
    label: z
      .string()
      .transform((v) => v.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'validation.required').max(80, 'validation.text.tooLong')),
    /** Price TTC in cents. */
    priceCents: z.number().int('validation.product.cents').min(0).max(100_000),
    /** Print size; null for a digital file or a pochette described by its contents. */
    format: printFormatSchema.nullable().default(null),
    /** What a pochette or bundle contains, printed under its name, e.g. « 1 × 18×24, 2 × 13×18 ». */
    contents: z
      .string()
      .transform((v) => v.replace(/\s+/g, ' ').trim())
      .pipe(z.string().max(200, 'validation.text.tooLong'))
      .default(''),
  })
  .strict()
  .refine((p) => p.format === null || formatAllowed(p.format), {
    message: 'validation.product.tooLarge',
    path: ['format'],
  });
export type Product = z.output<typeof productSchema>;

export const priceListSchema = z
  .array(productSchema)
  .max(30, 'validation.priceList.tooMany')
  .refine(
    (list) => new Set(list.map((p) => p.ref.toUpperCase())).size === list.length,
    'validation.priceList.duplicateRef',
  );
export type PriceList = Product[];

/** The price list a studio starts with (typical French school-photo prices); the studio edits it. */
export const DEFAULT_PRICE_LIST: PriceList = [
  {
    ref: 'P',
    kind: 'pochette',
    label: 'Pochette complète',
    priceCents: 2000,
    format: null,
    contents: '1 × 18×24, 2 × 13×18, 4 × 6×9 (même pose), 1 photo de classe 20×30',
  },
  {
    ref: 'T1',
    kind: 'print',
    label: 'Tirage 13×18',
    priceCents: 600,
    format: { widthCm: 13, heightCm: 18 },
    contents: '',
  },
  {
    ref: 'T2',
    kind: 'print',
    label: 'Tirage 15×20',
    priceCents: 800,
    format: { widthCm: 15, heightCm: 20 },
    contents: '',
  },
  {
    ref: 'T3',
    kind: 'print',
    label: 'Tirage 18×24',
    priceCents: 1050,
    format: { widthCm: 18, heightCm: 24 },
    contents: '',
  },
  {
    ref: 'C',
    kind: 'class_photo',
    label: 'Photo de classe 20×30',
    priceCents: 900,
    format: { widthCm: 20, heightCm: 30 },
    contents: '',
  },
  {
    ref: 'F',
    kind: 'sibling_photo',
    label: 'Photo de fratrie 18×24',
    priceCents: 1250,
    format: { widthCm: 18, heightCm: 24 },
    contents: '',
  },
  { ref: 'N', kind: 'digital', label: 'Fichier numérique', priceCents: 800, format: null, contents: '' },
];

/** The products offered on a form: sibling products only where the school allows sibling photos. */
export function offeredProducts(list: readonly Product[], siblingPhotosAllowed: boolean): Product[] {
  return list.filter((p) => siblingPhotosAllowed || p.kind !== 'sibling_photo');
}

/** The association's share as set by the contract: a percentage (in basis points) or an amount per item. */
export const associationShareSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10_000) }).strict(),
  z.object({ kind: z.literal('per_item'), cents: z.number().int().min(0).max(100_000) }).strict(),
]);
export type AssociationShare = z.infer<typeof associationShareSchema>;

/** The association's share of `totalCents` for `items` items, rounded to the cent. */
export function associationShareCents(share: AssociationShare, totalCents: number, items: number): number {
  switch (share.kind) {
    case 'none':
      return 0;
    case 'percent':
      return Math.round((totalCents * share.basisPoints) / 10_000);
    case 'per_item':
      return share.cents * items;
  }
}

/** Euros as written in a French spreadsheet cell or CSV: `12,50` (no currency sign, no grouping). */
export function centsToDecimalComma(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
