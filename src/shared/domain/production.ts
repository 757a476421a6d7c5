/**
 * Production as the UI, the core and the CLI see it: what a pochette contains as data (items of
 * format × quantity × which image), lab profiles (how a lab wants its files), print pixel sizes at
 * a resolution, lab-sheet imposition of small formats, ASCII-safe file names, and the report of a
 * production run. Pure logic: nothing here touches a file or an image.
 */
import { z } from 'zod';
import { formatLabel, printFormatSchema, type PrintFormat, type Product } from './price-list';

/** Which image an item of a pochette prints: the pose the family chose, the class photo, the sibling photo. */
export const ITEM_IMAGES = ['pose', 'class_photo', 'sibling_photo'] as const;
export type ItemImage = (typeof ITEM_IMAGES)[number];

export const pochetteItemSchema = z
  .object({
    format: printFormatSchema,
    quantity: z.number().int().min(1).max(50),
    image: z.enum(ITEM_IMAGES),
  })
  .strict();
export type PochetteItem = z.infer<typeof pochetteItemSchema>;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const FORMAT = String.raw`${NUMBER}\s*[×xX*]\s*${NUMBER}`;
const ITEM_RE = new RegExp(
  String.raw`^(\d+)\s*(?:[×xX*]|fois)?\s*(photos? de classe|photos? de fratrie|tirages?|photos?)?\s*(?:de\s+)?${FORMAT}\s*(?:cm)?\s*(\(.*\))?$`,
  'i',
);
const num = (v: string) => Number(v.replace(',', '.'));

/**
 * What the free-text contents of a pochette say as items, or null when a part does not read as
 * « N × L×H » (optionally « photo de classe », « photo de fratrie », « (même pose) »). The sentence
 * the studio typed stays what families read; the items are what production prints.
 */
export function parseContents(text: string): PochetteItem[] | null {
  const parts = text
    .split(/[,;+]|\bet\b/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  const items: PochetteItem[] = [];
  for (const part of parts) {
    const m = ITEM_RE.exec(part);
    if (!m) return null;
    const quantity = Number(m[1]);
    const what = (m[2] ?? '').toLowerCase();
    const w = num(m[3]!);
    const h = num(m[4]!);
    if (!(quantity >= 1 && quantity <= 50 && w > 0 && h > 0)) return null;
    const image: ItemImage = what.includes('classe')
      ? 'class_photo'
      : what.includes('fratrie')
        ? 'sibling_photo'
        : 'pose';
    items.push({ format: { widthCm: w, heightCm: h }, quantity, image });
  }
  return items;
}

/** The items as the sentence families read: « 1 × 18×24, 4 × 6×9 (même pose), 1 photo de classe 20×30 ». */
export function describeContents(items: readonly PochetteItem[]): string {
  return items
    .map((i) => {
      const f = formatLabel(i.format);
      if (i.image === 'class_photo') return `${i.quantity} photo${i.quantity > 1 ? 's' : ''} de classe ${f}`;
      if (i.image === 'sibling_photo')
        return `${i.quantity} photo${i.quantity > 1 ? 's' : ''} de fratrie ${f}`;
      return i.quantity > 1 && fitsOnSheet(i.format, DEFAULT_SHEET) > 1
        ? `${i.quantity} × ${f} (même pose)`
        : `${i.quantity} × ${f}`;
    })
    .join(', ');
}

/**
 * What one unit of a product prints, or null when it cannot be known (a pochette whose contents do
 * not parse: the price-list editor shows it as needing a look). A digital file prints nothing.
 */
export function productItems(product: Pick<Product, 'kind' | 'format' | 'contents'>): PochetteItem[] | null {
  switch (product.kind) {
    case 'print':
      return product.format ? [{ format: product.format, quantity: 1, image: 'pose' }] : null;
    case 'class_photo':
      return product.format ? [{ format: product.format, quantity: 1, image: 'class_photo' }] : null;
    case 'sibling_photo':
      return product.format ? [{ format: product.format, quantity: 1, image: 'sibling_photo' }] : null;
    case 'digital':
      return [];
    case 'pochette':
    case 'bundle':
      return parseContents(product.contents);
  }
}

/** References of the pochettes and bundles whose contents production cannot read (to look at in the price list). */
export function contentsNeedingALook(products: readonly Product[]): string[] {
  return products
    .filter((p) => (p.kind === 'pochette' || p.kind === 'bundle') && productItems(p) === null)
    .map((p) => p.ref);
}

/** A lab sheet small formats are imposed on (cm). */
export const DEFAULT_SHEET: PrintFormat = { widthCm: 12, heightCm: 18 };

/** How many prints of `format` fit on `sheet` (either way round), at least 1. */
export function fitsOnSheet(format: PrintFormat, sheet: PrintFormat): number {
  const fit = (w: number, h: number) =>
    Math.floor(sheet.widthCm / w + 1e-9) * Math.floor(sheet.heightCm / h + 1e-9);
  return Math.max(1, fit(format.widthCm, format.heightCm), fit(format.heightCm, format.widthCm));
}

/** Grid of `format` on `sheet` in the sheet's portrait orientation: columns, rows, and whether the format is turned. */
export function sheetGrid(
  format: PrintFormat,
  sheet: PrintFormat,
): { cols: number; rows: number; turned: boolean } {
  const sw = Math.min(sheet.widthCm, sheet.heightCm);
  const sh = Math.max(sheet.widthCm, sheet.heightCm);
  const fw = Math.min(format.widthCm, format.heightCm);
  const fh = Math.max(format.widthCm, format.heightCm);
  const upright = { cols: Math.floor(sw / fw + 1e-9), rows: Math.floor(sh / fh + 1e-9), turned: false };
  const turned = { cols: Math.floor(sw / fh + 1e-9), rows: Math.floor(sh / fw + 1e-9), turned: true };
  return turned.cols * turned.rows > upright.cols * upright.rows ? turned : upright;
}

/** Pixel size of a print (short side, long side) at `ppi`: cm ÷ 2.54 × ppi, rounded. 13×18 at 300 ppi = 1535 × 2126. */
export function printPixels(format: PrintFormat, ppi: number): { short: number; long: number } {
  const px = (cm: number) => Math.round((cm / 2.54) * ppi);
  return {
    short: px(Math.min(format.widthCm, format.heightCm)),
    long: px(Math.max(format.widthCm, format.heightCm)),
  };
}

/** `13x18` for folder and file names (ASCII). */
export function formatSlug(format: PrintFormat): string {
  const n = (v: number) => String(v).replace('.', '-');
  const s = Math.min(format.widthCm, format.heightCm);
  const l = Math.max(format.widthCm, format.heightCm);
  return `${n(s)}x${n(l)}`;
}

export const LAB_LAYOUTS = ['by_format', 'by_child'] as const;
export const LAB_PACKAGINGS = ['folder', 'zip'] as const;

/** Tokens of a file-name pattern. */
export const NAME_TOKENS = ['class', 'child', 'order', 'pose', 'qty', 'format'] as const;

export const labProfileSchema = z
  .object({
    name: z.string().trim().min(1, 'validation.required').max(40, 'validation.text.tooLong'),
    /** One folder per print format (what most labs want) or one folder per child (in-house stuffing). */
    layout: z.enum(LAB_LAYOUTS),
    /** File name with `{class}`, `{child}`, `{order}`, `{pose}`, `{qty}`, `{format}`. */
    namePattern: z
      .string()
      .trim()
      .min(1, 'validation.required')
      .max(120, 'validation.text.tooLong')
      .refine((v) => /\{(order|child|pose)\}/.test(v), 'validation.production.pattern'),
    /** Longest file name, extension excluded (some labs read 8 to 12 characters). */
    maxNameLength: z.number().int().min(8).max(120),
    ppi: z.number().int().min(150).max(600),
    jpegQuality: z.number().int().min(60).max(100),
    packaging: z.enum(LAB_PACKAGINGS),
  })
  .strict();
export type LabProfile = z.infer<typeof labProfileSchema>;

export const DEFAULT_LAB_PROFILE: LabProfile = {
  name: 'Laboratoire',
  layout: 'by_format',
  namePattern: '{order}_{child}_p{pose}_x{qty}',
  maxNameLength: 60,
  ppi: 300,
  jpegQuality: 92,
  packaging: 'folder',
};

/** ASCII-safe piece of a file name: accents dropped, anything else than letters, digits and `-` turned into `-`. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Œœ]/g, (c) => (c === 'Œ' ? 'OE' : 'oe'))
    .replace(/[Ææ]/g, (c) => (c === 'Æ' ? 'AE' : 'ae'))
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A file name (without extension) from the profile's pattern, ASCII-safe and within its length. */
export function fileNameFor(
  pattern: string,
  maxLength: number,
  values: Partial<Record<(typeof NAME_TOKENS)[number], string | number>>,
): string {
  const filled = pattern.replace(/\{(\w+)\}/g, (_m, token: string) => {
    const v = values[token as (typeof NAME_TOKENS)[number]];
    return v === undefined ? '' : asciiSlug(String(v));
  });
  const safe = filled
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/_{2,}/g, '_')
    .replace(/^[-_]+|[-_]+$/g, '');
  return (safe.slice(0, maxLength).replace(/[-_]+$/, '') || 'tirage').slice(0, maxLength);
}

/**
 * What a check or a problem says, for the screen to word it in the reader's language: a wording
 * (`production.words.<key>` in the dictionaries) and its values — order numbers, a file name, a
 * format, a product. The `message` beside it stays the French of the command line and the files.
 */
export const PRODUCTION_WORDINGS = [
  'student_erased',
  'consent_withdrawn',
  'double_order',
  'product_gone',
  'product_unreadable',
  'pose_missing',
  'class_photo_missing',
  'sibling_photo_missing',
  'crop_missing',
  'original_missing',
  'original_damaged',
  'run_original_missing',
  'run_original_damaged',
] as const;
export const productionWordsSchema = z.object({
  key: z.enum(PRODUCTION_WORDINGS),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ProductionWords = z.infer<typeof productionWordsSchema>;

export const productionProblemSchema = z.object({
  /** What stopped the item: a damaged original, a pose that no longer exists, a product production cannot read. */
  kind: z.enum([
    'damaged_original',
    'missing_original',
    'pose_missing',
    'product_unknown',
    'class_photo_missing',
    'sibling_photo_missing',
  ]),
  orderNumber: z.string(),
  /** In French, naming the file or the product (never the family's code). */
  message: z.string(),
  words: productionWordsSchema,
});
export type ProductionProblem = z.infer<typeof productionProblemSchema>;

export const productionReportSchema = z.object({
  runId: z.string(),
  /** The run's folder (or zip) on the machine running the core. */
  path: z.string(),
  orders: z.number().int(),
  /** Prints the lab makes (quantities counted), sheets counted as one print each. */
  prints: z.number().int(),
  /** Image files written (the same image at the same format once). */
  files: z.number().int(),
  digitalFiles: z.number().int(),
  /** Originals decoded (one per distinct original). */
  decodes: z.number().int(),
  /** Originals whose digital file is the camera's own JPEG, metadata removed, not re-encoded (nor decoded when no print needs them). */
  digitalAsShot: z.number().int(),
  perFormat: z.array(z.object({ format: z.string(), prints: z.number().int(), sheets: z.number().int() })),
  /** Prints made with a centred crop because none was stored for the ratio: to review. */
  centredCrops: z.number().int(),
  /** Originals read from their backup copy because the copy in the job no longer matched its ingest SHA-256. */
  fromBackup: z.array(z.string()),
  problems: z.array(productionProblemSchema),
});
export type ProductionReport = z.infer<typeof productionReportSchema>;

/** A check before production, with the way to fix it. */
export const productionCheckSchema = z.object({
  kind: z.enum([
    'pose_missing',
    'crop_missing',
    'student_erased',
    'consent_withdrawn',
    'double_order',
    'original_missing',
    'original_damaged',
    'contents_unknown',
  ]),
  orderNumbers: z.array(z.string()),
  /** The photo concerned (crop, original), when there is one. */
  photoId: z.string().nullable(),
  ratio: z.string().nullable(),
  message: z.string(),
  words: productionWordsSchema,
  /** The one-click fix the screen offers. */
  fix: z.enum(['accept_centred_crop', 'verify_originals', 'open_order', 'open_price_list']),
});
export type ProductionCheck = z.infer<typeof productionCheckSchema>;

/**
 * The characters a French (AZERTY) keyboard gives for the keys of a US (QWERTY) one: a barcode
 * scanner types key by key, and one set up for QWERTY on an AZERTY computer types « Càààà& » for
 * C00001 (the digits are the unshifted top row, the hyphen comes out as « ) »).
 */
const AZERTY_FOR_QWERTY: Readonly<Record<string, string>> = {
  '&': '1',
  'é': '2',
  '"': '3',
  "'": '4',
  '(': '5',
  '-': '6',
  'è': '7',
  '_': '8',
  'ç': '9',
  'à': '0',
  ')': '-',
};

/**
 * What a scanned order number may have been: as typed (trimmed, upper case), then as a
 * QWERTY-configured scanner meant it on an AZERTY keyboard, when that differs.
 */
export function scannedNumberCandidates(typed: string): string[] {
  const plain = typed.trim();
  const remapped = [...plain].map((c) => AZERTY_FOR_QWERTY[c] ?? c).join('');
  return [...new Set([plain.toUpperCase(), remapped.toUpperCase()])];
}
