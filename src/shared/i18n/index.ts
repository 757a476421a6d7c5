/** Translation and French-first formatting shared by the UI, the core's error messages and the CLI. */
import type { Language } from '../domain/settings';
import type { ErrorCode, ErrorParams } from '../rpc/errors';
import { en } from './en';
import { fr, type Dictionary, type MessageKey } from './fr';

export type { MessageKey } from './fr';

const dictionaries: Record<Language, Dictionary> = { fr, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(fr, key);
}

/** Looks a key up and fills `{name}` placeholders; unknown placeholders are left visible, never dropped. */
export function translate(lang: Language, key: MessageKey, params: ErrorParams = {}): string {
  const template = dictionaries[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function errorMessage(lang: Language, code: ErrorCode, params: ErrorParams = {}): string {
  return translate(lang, `errors.${code}`, params);
}

const locales: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

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
