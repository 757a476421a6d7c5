/** Translation and French-first formatting shared by the UI, the core's error messages and the CLI. */
import type { Language } from '../domain/settings';
import type { ErrorCode, ErrorParams } from '../rpc/errors';
import { en } from './en';
import { fr, type Dictionary, type MessageKey } from './fr';

export type { MessageKey } from './fr';

const dictionaries: Record<Language, Dictionary> = { fr, en };
const locales: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(fr, key);
}

/**
 * Looks a key up and fills its placeholders; unknown placeholders are left visible, never dropped.
 * `{name}` is the value as given; `{name, plural, one {# photo} other {# photos}}` picks the form the
 * language's plural rules ask for (French: 0 and 1 are singular) and `#` stands for the value; an
 * exact form `=0 {aucune photo}` wins over the rule. Never write « photo(s) ». `{name, de}` writes the
 * French « de » before the value with its elision: « de Lucas », « d’Aïcha » (see `frenchDe`).
 * `{cause, select, network {…} other {…}}` picks the branch named by the value (a code sent by the
 * core, for example why a platform failed), `other` when none matches; branches hold placeholders too.
 */
export function translate(lang: Language, key: MessageKey, params: ErrorParams = {}): string {
  return fillTemplate(lang, dictionaries[lang][key], params);
}

const pluralRules: Partial<Record<Language, Intl.PluralRules>> = {};

/** The number a parameter stands for: a number, or a string already formatted (`1 234`, `12,5`). */
function countOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const n = Number(
    value
      .replace(/[\s\u00a0\u202f]/g, '')
      .replace(',', '.')
      .replace('\u2212', '-'),
  );
  return value.trim() !== '' && Number.isFinite(n) ? n : null;
}

export function pluralForm(lang: Language, value: number): Intl.LDMLPluralRule {
  const rules = (pluralRules[lang] ??= new Intl.PluralRules(locales[lang]));
  return rules.select(value);
}

/** The template with its placeholders filled (exported for tests and for templates built at run time). */
export function fillTemplate(lang: Language, template: string, params: ErrorParams = {}): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const close = matchingBrace(template, open);
    if (close < 0) break;
    out += template.slice(i, open);
    const body = template.slice(open + 1, close);
    out += fillPlaceholder(lang, body, params) ?? template.slice(open, close + 1);
    i = close + 1;
  }
  return out + template.slice(i);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j += 1) {
    if (text[j] === '{') depth += 1;
    else if (text[j] === '}') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** The branches of a plural or select placeholder: `one {…} other {…}` by name. */
function branches(rest: string): Map<string, string> {
  const forms = new Map<string, string>();
  let k = 0;
  while (k < rest.length) {
    const m = /^\s*(=\d+|\w+)\s*\{/.exec(rest.slice(k));
    if (!m) break;
    const open = k + m[0].length - 1;
    const close = matchingBrace(rest, open);
    if (close < 0) break;
    forms.set(m[1] as string, rest.slice(open + 1, close));
    k = close + 1;
  }
  return forms;
}

function fillPlaceholder(lang: Language, body: string, params: ErrorParams): string | null {
  const simple = /^(\w+)$/.exec(body);
  if (simple) {
    const name = simple[1] as string;
    return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : null;
  }
  const de = /^(\w+),\s*de$/.exec(body);
  if (de) {
    const name = de[1] as string;
    return Object.prototype.hasOwnProperty.call(params, name) ? frenchDe(String(params[name])) : null;
  }
  const choice = /^(\w+),\s*(plural|select),([\s\S]*)$/.exec(body);
  if (!choice) return null;
  const name = choice[1] as string;
  if (!Object.prototype.hasOwnProperty.call(params, name)) return null;
  const raw = params[name];
  const forms = branches(choice[3] as string);
  if (choice[2] === 'select') {
    const picked = forms.get(String(raw)) ?? forms.get('other');
    return picked === undefined ? null : fillTemplate(lang, picked, params);
  }
  const count = countOf(raw);
  const chosen =
    (count !== null ? forms.get(`=${count}`) : undefined) ??
    (count !== null ? forms.get(pluralForm(lang, count)) : undefined) ??
    forms.get('other');
  if (chosen === undefined) return null;
  return fillTemplate(lang, chosen.replace(/#/g, String(raw)), params);
}

export function errorMessage(lang: Language, code: ErrorCode, params: ErrorParams = {}): string {
  return translate(lang, `errors.${code}`, params);
}

/** dd/mm/yyyy for an ISO date (`2026-11-22`) or a timestamp; the calendar date is kept as written. */
export function formatDate(lang: Language, value: string | Date): string {
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00`)
      : new Date(value);
  return new Intl.DateTimeFormat(locales[lang], { day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    date,
  );
}

export function formatDateTime(lang: Language, value: string | Date): string {
  return new Intl.DateTimeFormat(locales[lang], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(value));
}

/** Euros from integer cents: `12,50 €` in French. Money is always held in cents, never in floats. */
export function formatMoney(lang: Language, cents: number): string {
  return new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function formatNumber(lang: Language, value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(locales[lang], {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/**
 * « 1 photo », « 0 photo », « 3 photos »: a count with its words in the French singular or plural,
 * for the French lines written outside the dictionaries (the CLI's output, the audit trail's stored
 * summaries, the platform's messages). Never « photo(s) ».
 */
export function count(n: number, one: string, other: string): string {
  return `${formatNumber('fr', n)} ${pluralForm('fr', n) === 'one' ? one : other}`;
}

/** File sizes in the units photographers read on their cards: `8,4 Go`. */
export function formatBytes(lang: Language, bytes: number): string {
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(lang, value, unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/**
 * First names that begin with a silent h (h muet), written « d’Hugo ». Every other h is treated as
 * aspirated (« de Hamza »): eliding wrongly before a name reads worse than not eliding.
 */
const H_MUET_NAMES = new Set(
  [
    'hadrien',
    'hector',
    'hélène',
    'héléna',
    'hélia',
    'hélio',
    'héloïse',
    'henri',
    'henriette',
    'hermine',
    'hervé',
    'hilaire',
    'hippolyte',
    'honoré',
    'honorine',
    'horace',
    'hortense',
    'hubert',
    'hugo',
    'hugues',
    'hyacinthe',
    'hélory',
    'hermann',
    'herminie',
    'hildegarde',
  ].map((n) => n.normalize('NFC')),
);

/**
 * French « de » before a word or a name, elided before a vowel sound: « d’Aïcha », « d’Émile »,
 * « d’Yves », « d’Hugo », but « de Lucas », « de Yanis » (y before a vowel is a consonant),
 * « de Hamza » (h aspirated unless the name is a known h muet).
 */
export function frenchDe(word: string): string {
  const text = word.trim();
  const lower = text.normalize('NFC').toLocaleLowerCase('fr');
  const first = lower.charAt(0);
  const vowels = 'aàâäeéèêëiîïoôöuùûüæœ';
  let elide = vowels.includes(first);
  if (first === 'y') elide = lower.length > 1 && !vowels.includes(lower.charAt(1)) && lower.charAt(1) !== 'y';
  if (first === 'h') elide = H_MUET_NAMES.has(lower.split(/[\s\-+]/)[0] ?? '');
  return elide ? `d’${text}` : `de ${text}`;
}
