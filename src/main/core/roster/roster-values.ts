/**
 * Cleaning of single values read from a roster: whitespace (including the non-breaking spaces
 * spreadsheets love), Excel's `="3A"` escapes, dates written dd/mm/yyyy or ISO, photo-authorisation
 * answers. Accents are kept exactly (only Unicode composition is normalised, so « é » typed two ways
 * is one letter).
 */

/** Trims, collapses runs of spaces (NBSP and narrow NBSP included), composes accents; strips `="…"`. */
export function cleanCell(raw: string | undefined): string {
  if (raw === undefined) return '';
  let v = raw
    .normalize('NFC')
    .replace(/[\s\u00a0\u202f]+/gu, ' ')
    .trim();
  const excel = /^="(.*)"$/.exec(v);
  if (excel) v = (excel[1] ?? '').trim();
  return v;
}

function validIso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A date as ISO `yyyy-mm-dd`: accepts dd/mm/yyyy (also with `-` or `.`, and a trailing time) and
 * yyyy-mm-dd. `null` for an empty cell, `undefined` for something that is not a real date.
 */
export function parseDate(value: string): string | null | undefined {
  const v = value.trim();
  if (v === '') return null;
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(v);
  if (fr) return validIso(Number(fr[3]), Number(fr[2]), Number(fr[1])) ?? undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+Z?)?$/.exec(v);
  if (iso) return validIso(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? undefined;
  return undefined;
}

/** ONDE's « Autorisation photo » answer: a hint only. */
export function parseHint(value: string): 'yes' | 'no' | null {
  const v = value.trim().toLowerCase();
  if (['oui', 'o', 'yes', 'y', '1', 'x', 'vrai', 'true'].includes(v)) return 'yes';
  if (['non', 'n', 'no', '0', 'faux', 'false'].includes(v)) return 'no';
  return null;
}

/** INE (identifiant national élève): digits and letters, 11 characters in practice. */
export function parseIne(value: string): string | null | undefined {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (v === '') return null;
  return /^[0-9A-Z]{9,12}$/.test(v) ? v : undefined;
}

/** Comparison form of a name or header: lower case, no accents, one space, typographic apostrophes unified. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/[\s\u00a0\u202f_]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim()
    .toLowerCase();
}

/** Splits a combined « NOM Prénom » cell: the leading words in capitals are the family name. */
export function splitFullName(value: string): { familyName: string; firstName: string } {
  const words = value.split(' ').filter(Boolean);
  const isCaps = (w: string) => /\p{L}/u.test(w) && w === w.toUpperCase();
  let n = 0;
  while (n < words.length - 1 && isCaps(words[n]!)) n += 1;
  if (n === 0) n = 1;
  return { familyName: words.slice(0, n).join(' '), firstName: words.slice(n).join(' ') };
}

const YES = new Set([
  'oui',
  'o',
  'x',
  '1',
  'accord',
  'accorde',
  'accordee',
  "d'accord",
  'autorise',
  'autorisee',
  'yes',
  'y',
  'ok',
  'vrai',
  'true',
  '✓',
  '✔',
  '☑',
  '☒',
]);
const NO = new Set([
  'non',
  'n',
  '0',
  'refus',
  'refuse',
  'refusee',
  "pas d'accord",
  "n'autorise pas",
  'no',
  'faux',
  'false',
  '✗',
  '✘',
]);

/**
 * An answer on a consent sheet: oui/non, o/n, x (ticked), 1/0, accord/refus, accordé/refusé… —
 * `null` for an empty cell or a dash (no answer), `undefined` for anything else (« ? », « peut-être »),
 * which is reported rather than guessed.
 */
export function parseConsentAnswer(value: string): 'granted' | 'refused' | null | undefined {
  const v = fold(value)
    .replace(/[.!]+$/, '')
    .trim();
  if (v === '' || /^[-–—]$/.test(v)) return null;
  if (YES.has(v)) return 'granted';
  if (NO.has(v)) return 'refused';
  return undefined;
}
