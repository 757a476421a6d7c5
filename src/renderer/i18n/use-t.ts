/**
 * `useT()`: translation and French-first formatting in the language of the studio settings. Every
 * component reads text through it, so switching FR/EN re-renders the whole UI at once.
 */
import { useMemo } from 'react';
import type { Language } from '../../shared/domain/settings';
import type { ErrorParams } from '../../shared/rpc/errors';
import {
  errorMessage,
  formatBytes,
  formatDate,
  formatDateTime,
  formatNumber,
  isMessageKey,
  translate,
  type MessageKey,
} from '../../shared/i18n';
import type { UiError } from '../lib/ui-error';
import { useAppStore } from '../stores/app-store';

export interface Translator {
  lang: Language;
  t: (key: MessageKey, params?: ErrorParams) => string;
  /** A message that may be a dictionary key (schemas carry keys) or text already translated by the core. */
  message: (keyOrText: string, params?: ErrorParams) => string;
  /** The same, as a sentence on its own under a field (validation messages are lower-case fragments). */
  fieldMessage: (keyOrText: string, params?: ErrorParams) => string;
  error: (error: UiError) => string;
  date: (value: string | Date) => string;
  dateTime: (value: string | Date) => string;
  number: (value: number, fractionDigits?: number) => string;
  bytes: (value: number) => string;
  duration: (seconds: number) => string;
}

export function createTranslator(lang: Language): Translator {
  const t = (key: MessageKey, params?: ErrorParams) => translate(lang, key, params);
  return {
    lang,
    t,
    message: (keyOrText, params) => (isMessageKey(keyOrText) ? t(keyOrText, params) : keyOrText),
    fieldMessage: (keyOrText, params) => {
      const text = isMessageKey(keyOrText) ? t(keyOrText, params) : keyOrText;
      return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
    },
    error: (error) =>
      // The details of a validation error are shown next to each field; the summary stays short.
      error.code === 'invalid_params' && error.issues.length > 0
        ? t('app.fixFields')
        : errorMessage(lang, error.code, error.params),
    date: (value) => formatDate(lang, value),
    dateTime: (value) => formatDateTime(lang, value),
    number: (value, digits) => formatNumber(lang, value, digits),
    bytes: (value) => formatBytes(lang, value),
    duration: (seconds) => {
      const total = Math.max(0, Math.round(seconds));
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      if (h > 0) return t('duration.hours', { h, m });
      if (m > 0) return t('duration.minutes', { m, s });
      return t('duration.seconds', { s });
    },
  };
}

export function useT(): Translator {
  const lang = useAppStore((s) => s.settings?.language ?? s.info?.language ?? 'fr');
  return useMemo(() => createTranslator(lang), [lang]);
}
