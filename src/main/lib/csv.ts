/**
 * The one way the app writes CSV. Every CSV it writes is opened in a spreadsheet by someone — the
 * association's treasurer, the school, the photographer — and a spreadsheet runs a cell that
 * starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula: a pupil
 * named `=cmd|' /C calc'!A0` would run a command on the treasurer's machine (CSV injection). Text
 * cells that could be read so get a leading apostrophe, the usual neutralisation spreadsheets show
 * as text; numbers stay numbers (a negative amount is not a formula), written as JS numbers or, for
 * French spreadsheets, as a decimal-comma figure checked to be only that.
 */
import { stringify } from 'csv-stringify/sync';

/** A number already formatted for the sheet (`-12,50`): written as is when it is only a number. */
export class CsvNumber {
  constructor(readonly text: string) {}
}

export type CsvCell = string | number | null | undefined | CsvNumber;

/** `-12,50`, `12.5`, `3`: what a spreadsheet reads as a number and never as a formula. */
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/**
 * First characters a spreadsheet may take as the start of a formula: = + - @ and their full-width
 * forms (some spreadsheets fold them), after any spaces; or a tab, carriage return or line feed.
 */
const FORMULA_START = /^(?:[\t\r\n]|[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20])/u;

export function csvNumber(text: string): CsvNumber {
  return new CsvNumber(text);
}

/** Text as a spreadsheet must show it: a leading apostrophe when it could start a formula. */
export function neutralizeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof CsvNumber)
    return PLAIN_NUMBER.test(value.text) ? value.text : neutralizeCell(value.text);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return neutralizeCell(value);
}

export interface CsvOptions {
  /** Header row (neutralised like any text). */
  columns?: readonly string[];
  /** `;` by default: what French spreadsheets expect. */
  delimiter?: string;
  /** A UTF-8 byte order mark first, so Excel reads accents (default true). */
  bom?: boolean;
  /** CRLF line ends (default) or LF. */
  recordDelimiter?: 'windows' | 'unix';
}

/** Rows as CSV text, every cell neutralised. */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const { columns, delimiter = ';', bom = true, recordDelimiter = 'windows' } = options;
  const body = stringify(
    [...(columns ? [columns.map(neutralizeCell)] : []), ...rows.map((r) => r.map(cellText))],
    { delimiter, record_delimiter: recordDelimiter },
  );
  return `${bom ? '\uFEFF' : ''}${body}`;
}
