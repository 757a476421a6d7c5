/**
 * Reads a roster file into clean rows, without touching any database: the same code serves the
 * preview (dry run) and the import. Formats: ONDE CSV extractions, SIECLE `ElevesSansAdresses.xml`
 * (bare or zipped), SIECLE CSV, and any CSV/TSV/XLSX through a column mapping. Only the fields the
 * product needs leave this module; every other column (addresses, phones, e-mails, decisions…) is
 * dropped here and never stored. A file that cannot be read as a whole raises a clear error naming
 * the line; a single bad row is rejected with its line and reason while the others are kept.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ColumnMapping, MappingField, RosterFormat } from '../../../shared/domain/roster';
import { AppError } from '../../lib/errors';
import { decodeText, decodeXml, looksBinary } from './encoding';
import { cleanCell, fold, parseDate, parseHint, parseIne, splitFullName } from './roster-values';
import { readZipSafely } from './zip-guard';

/** Roster files are small (a large lycée is a few hundred kilobytes); anything far bigger is not one. */
export const MAX_ROSTER_BYTES = 30 * 1024 * 1024;

export interface RosterRow {
  /** Line (CSV), row (XLSX) or element start line (XML) in the file, for messages. */
  line: number;
  familyName: string;
  usageName: string;
  firstName: string;
  className: string;
  classCode: string;
  level: string;
  birthDate: string | null;
  ine: string | null;
  photoHint: 'yes' | 'no' | null;
}

export const REJECT_CODES = ['missing_name', 'bad_date', 'bad_ine'] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export interface RejectedRow {
  line: number;
  code: RejectCode;
  value: string;
}

export interface DuplicateRow {
  line: number;
  firstLine: number;
  name: string;
}

export interface ParsedRoster {
  encoding: string;
  format: RosterFormat;
  columns: string[];
  usedColumns: string[];
  mapping: ColumnMapping | null;
  /** Headers signature: how a saved mapping profile is recognised next time. */
  signature: string;
  /** No mapping given and the columns were not recognised: the user must map them. */
  needsMapping: boolean;
  rows: RosterRow[];
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
  /** SIECLE students with an exit date: gone from the school, not imported. */
  left: number;
}

export interface ParseOptions {
  /** Explicit mapping chosen by the user (field → header as written). */
  mapping?: ColumnMapping | undefined;
  /** A mapping saved earlier for files with this header signature. */
  savedMapping?: ((signature: string) => ColumnMapping | undefined) | undefined;
}

/** Header aliases, in folded form (see `fold`). ONDE, SIECLE CSV and common spreadsheet headers. */
const ALIASES: Record<MappingField, readonly string[]> = {
  familyName: [
    'nom eleve',
    'nom',
    'nom de famille',
    'nom famille',
    'nom de naissance',
    'last name',
    'surname',
  ],
  usageName: ["nom d'usage eleve", "nom d'usage", 'nom usage'],
  firstName: ['prenom eleve', 'prenom', 'prenom 1', 'first name', 'given name'],
  fullName: ['eleve', 'eleves', 'nom prenom', 'nom et prenom', 'nom-prenom', 'nom, prenom'],
  className: ['libelle classe', 'classe', 'div.', 'div', 'division', 'classe/groupe', 'class'],
  classCode: ['identifiant classe', 'code classe', 'code division'],
  level: ['niveau', 'niveau eleve', 'level', 'grade'],
  birthDate: [
    'date naissance',
    'date de naissance',
    'ne(e) le',
    'nee le',
    'ne le',
    'date naiss',
    'naissance',
    'birth date',
    'date of birth',
  ],
  ine: ['ine', 'id national', 'identifiant national', 'numero ine'],
  photoHint: ['autorisation photo', 'droit a l image'],
};

export function aliasField(header: string): MappingField | undefined {
  const f = fold(header);
  for (const [field, aliases] of Object.entries(ALIASES) as [MappingField, readonly string[]][])
    if (aliases.includes(f)) return field;
  return undefined;
}

export function headerSignature(columns: readonly string[]): string {
  return columns.map(fold).filter(Boolean).join('|');
}

export interface Table {
  /** Cells of each non-empty record with its line number. */
  records: { line: number; cells: string[] }[];
}

// ---------------------------------------------------------------- containers and text

function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 10);
  let best = ';';
  let bestCount = 0;
  for (const d of [';', '\t', ',', '|']) {
    const count = lines.reduce((n, l) => n + l.split(d).length - 1, 0);
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The first non-empty line after `line` (where a broken record starts). */
function nextContentLine(text: string, line: number): number {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = line; i < lines.length; i += 1) if (lines[i]!.trim() !== '') return i + 1;
  return line + 1;
}

function parseDelimited(text: string, file: string): Table & { delimiter: string } {
  const delimiter = detectDelimiter(text);
  let lastLine = 0;
  try {
    const parsed = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      // SIECLE CSV cells come as ="3A" (an Excel escape): quotes inside a field are literal.
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      on_record: (record: string[], context) => {
        lastLine = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return {
      delimiter,
      records: parsed
        .map((r) => ({ line: r.info.lines, cells: r.record.map(cleanCell) }))
        .filter((r) => r.cells.some((c) => c !== '')),
    };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('CSV_'))
      throw new AppError(
        'roster_bad_quote',
        { file, line: nextContentLine(text, lastLine) },
        { cause: error },
      );
    throw error;
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date)
    // exceljs gives spreadsheet dates as UTC midnight.
    return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function parseXlsx(buf: Buffer, file: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new AppError('roster_unsupported', { file }, { cause: error });
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new AppError('roster_empty', { file });
  const records: Table['records'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cleanCell(cellText(cell.value));
    });
    const filled = Array.from(cells, (c) => c ?? '');
    if (filled.some((c) => c !== '')) records.push({ line: rowNumber, cells: filled });
  });
  return { records };
}

// ---------------------------------------------------------------- tables → rows

function findHeader(table: Table, mapping: ColumnMapping | undefined): number {
  const limit = Math.min(table.records.length, 30);
  if (mapping) {
    const wanted = Object.values(mapping).map(fold);
    for (let i = 0; i < limit; i += 1) {
      const cells = table.records[i]!.cells.map(fold);
      if (wanted.every((w) => cells.includes(w))) return i;
    }
    return -1;
  }
  let best = 0;
  let bestScore = 0;
  for (let i = 0; i < limit; i += 1) {
    const score = new Set(table.records[i]!.cells.map(aliasField).filter(Boolean)).size;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

function autoMapping(columns: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const column of columns) {
    const field = aliasField(column);
    if (field && mapping[field] === undefined) mapping[field] = column;
  }
  // A file with both NOM and PRENOM columns does not need a combined « Élève » column.
  if (mapping.familyName && mapping.firstName) delete mapping.fullName;
  return mapping;
}

function hasNames(m: ColumnMapping): boolean {
  return (m.familyName !== undefined && m.firstName !== undefined) || m.fullName !== undefined;
}

function formatOf(columns: readonly string[], fallback: 'csv' | 'xlsx'): RosterFormat {
  const folded = new Set(columns.map(fold));
  if (folded.has('nom eleve') && folded.has('prenom eleve')) return 'onde';
  if (
    fallback === 'csv' &&
    folded.has('nom') &&
    folded.has('prenom') &&
    (folded.has('div.') || folded.has('ne(e) le'))
  )
    return 'siecle_csv';
  return fallback;
}

function studentKey(
  r: Pick<RosterRow, 'familyName' | 'usageName' | 'firstName' | 'birthDate' | 'ine'>,
): string {
  if (r.ine) return `ine:${r.ine}`;
  return `name:${fold(r.usageName || r.familyName)}|${fold(r.firstName)}|${r.birthDate ?? ''}`;
}

/** Removes second occurrences of a student within one file. */
function dedupe(rows: RosterRow[]): { rows: RosterRow[]; duplicates: DuplicateRow[] } {
  const seen = new Map<string, number>();
  const kept: RosterRow[] = [];
  const duplicates: DuplicateRow[] = [];
  for (const row of rows) {
    const key = studentKey(row);
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.push({
        line: row.line,
        firstLine: first,
        name: `${row.usageName || row.familyName} ${row.firstName}`,
      });
      continue;
    }
    seen.set(key, row.line);
    kept.push(row);
  }
  return { rows: kept, duplicates };
}

function tableToRoster(
  table: Table,
  file: string,
  base: 'csv' | 'xlsx',
  options: ParseOptions,
): Omit<ParsedRoster, 'encoding'> {
  if (table.records.length === 0) throw new AppError('roster_empty', { file });
  const headerIndex = findHeader(table, options.mapping);
  if (headerIndex < 0) {
    const missing = Object.values(options.mapping ?? {})
      .filter((h) => !table.records.slice(0, 30).some((r) => r.cells.map(fold).includes(fold(h))))
      .join(', ');
    throw new AppError('roster_mapping_column_missing', { file, column: missing });
  }
  const columns = table.records[headerIndex]!.cells;
  const signature = headerSignature(columns);
  const format = formatOf(columns, base);
  const mapping: ColumnMapping =
    options.mapping ??
    (format === base ? options.savedMapping?.(signature) : undefined) ??
    autoMapping(columns);
  const common = {
    format,
    columns: columns.filter(Boolean),
    signature,
    left: 0,
  };
  if (!hasNames(mapping))
    return {
      ...common,
      usedColumns: [],
      mapping: null,
      needsMapping: true,
      rows: [],
      rejected: [],
      duplicates: [],
    };

  const foldedColumns = columns.map(fold);
  const index = {} as Partial<Record<MappingField, number>>;
  for (const [field, header] of Object.entries(mapping) as [MappingField, string][]) {
    const i = foldedColumns.indexOf(fold(header));
    if (i < 0) throw new AppError('roster_mapping_column_missing', { file, column: header });
    index[field] = i;
  }
  const get = (cells: string[], field: MappingField) => {
    const i = index[field];
    return i === undefined ? '' : (cells[i] ?? '');
  };

  const rows: RosterRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, cells } of table.records.slice(headerIndex + 1)) {
    let familyName = get(cells, 'familyName');
    let firstName = get(cells, 'firstName');
    if (index.fullName !== undefined && (!familyName || !firstName)) {
      const split = splitFullName(get(cells, 'fullName'));
      familyName ||= split.familyName;
      firstName ||= split.firstName;
    }
    if (!familyName || !firstName) {
      rejected.push({ line, code: 'missing_name', value: cells.filter(Boolean).slice(0, 3).join(' ') });
      continue;
    }
    const rawDate = get(cells, 'birthDate');
    const birthDate = parseDate(rawDate);
    if (birthDate === undefined) {
      rejected.push({ line, code: 'bad_date', value: rawDate });
      continue;
    }
    const rawIne = get(cells, 'ine');
    const ine = parseIne(rawIne);
    if (ine === undefined) {
      rejected.push({ line, code: 'bad_ine', value: rawIne });
      continue;
    }
    const classCode = get(cells, 'classCode');
    rows.push({
      line,
      familyName,
      usageName: get(cells, 'usageName'),
      firstName,
      className: get(cells, 'className') || classCode,
      classCode,
      level: get(cells, 'level'),
      birthDate,
      ine,
      photoHint: parseHint(get(cells, 'photoHint')),
    });
  }
  const deduped = dedupe(rows);
  return {
    ...common,
    usedColumns: Object.values(mapping),
    mapping,
    needsMapping: false,
    rows: deduped.rows,
    rejected,
    duplicates: deduped.duplicates,
  };
}

// ---------------------------------------------------------------- SIECLE XML

const SIECLE_FIELDS = [
  'NOM_DE_FAMILLE',
  'NOM_USAGE',
  'PRENOM',
  'DATE_NAISS',
  'ID_NATIONAL',
  'CODE_STRUCTURE',
];

function text(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return cleanCell(String(value));
  if (value && typeof value === 'object' && '#text' in value) return text(value['#text']);
  return '';
}

function lineStarts(textValue: string, tag: RegExp): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const match of textValue.matchAll(tag)) {
    for (let i = from; i < match.index; i += 1) if (textValue.charCodeAt(i) === 10) line += 1;
    from = match.index;
    lines.push(line);
  }
  return lines;
}

interface SiecleEleve {
  '@_ELEVE_ID'?: string;
  NOM_DE_FAMILLE?: unknown;
  NOM_USAGE?: unknown;
  PRENOM?: unknown;
  DATE_NAISS?: unknown;
  ID_NATIONAL?: unknown;
  DATE_SORTIE?: unknown;
}
interface SiecleStructure {
  CODE_STRUCTURE?: unknown;
  TYPE_STRUCTURE?: unknown;
}

/** Fields of a SIECLE export never kept: structure and exit date are read, not stored as data. */
const SIECLE_READ_ONLY = new Set(['DATE_SORTIE', 'STRUCTURES', 'ELEVES']);

/**
 * The data fields of the file that are read but deliberately not stored (e-mails, phones, addresses,
 * the other holders' records…): named so the preview can say so instead of « 0 columns unused ».
 */
function siecleUnreadFields(eleves: readonly SiecleEleve[], donnees: object | undefined): string[] {
  const found = new Set<string>();
  const studentFields = new Set<string>(SIECLE_FIELDS);
  const walk = (value: unknown, depth: number, used: ReadonlySet<string> = new Set(), prefix = '') => {
    if (depth > 6 || found.size > 60 || value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('@_') || key === '#text') continue;
      const leaf = child === null || typeof child !== 'object' || '#text' in child;
      if (leaf) {
        if (!used.has(key) && !SIECLE_READ_ONLY.has(key) && text(child) !== '') found.add(prefix + key);
      } else walk(child, depth + 1, used, prefix);
    }
  };
  for (const e of eleves.slice(0, 2000)) walk(e, 0, studentFields);
  for (const [key, section] of Object.entries((donnees ?? {}) as Record<string, unknown>))
    if (!SIECLE_READ_ONLY.has(key)) walk(section, 0, new Set(), `${key} › `);
  return [...found];
}

function parseSiecleXml(xml: string, file: string): Omit<ParsedRoster, 'encoding'> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new AppError('roster_bad_xml', { file, line: valid.err.line, detail: valid.err.msg });
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ['ELEVE', 'STRUCTURES_ELEVE', 'STRUCTURE'].includes(name),
  });
  const doc = parser.parse(xml) as {
    BEE_ELEVES?: {
      DONNEES?: {
        ELEVES?: { ELEVE?: SiecleEleve[] };
        STRUCTURES?: { STRUCTURES_ELEVE?: { '@_ELEVE_ID'?: string; STRUCTURE?: SiecleStructure[] }[] };
      };
    };
  };
  const root = doc.BEE_ELEVES;
  if (!root) throw new AppError('roster_unsupported', { file });
  const eleves = root.DONNEES?.ELEVES?.ELEVE ?? [];
  const divisions = new Map<string, string>();
  for (const s of root.DONNEES?.STRUCTURES?.STRUCTURES_ELEVE ?? []) {
    const division = (s.STRUCTURE ?? []).find((st) => text(st.TYPE_STRUCTURE) === 'D');
    if (s['@_ELEVE_ID'] && division) divisions.set(s['@_ELEVE_ID'], text(division.CODE_STRUCTURE));
  }
  const lines = lineStarts(xml, /<ELEVE[\s>]/g);
  const rows: RosterRow[] = [];
  const rejected: RejectedRow[] = [];
  let left = 0;
  eleves.forEach((e, i) => {
    const line = lines[i] ?? 0;
    if (text(e.DATE_SORTIE) !== '') {
      left += 1;
      return;
    }
    const familyName = text(e.NOM_DE_FAMILLE);
    const firstName = text(e.PRENOM);
    if (!familyName || !firstName) {
      rejected.push({ line, code: 'missing_name', value: familyName || firstName });
      return;
    }
    const birthDate = parseDate(text(e.DATE_NAISS));
    if (birthDate === undefined) {
      rejected.push({ line, code: 'bad_date', value: text(e.DATE_NAISS) });
      return;
    }
    const ine = parseIne(text(e.ID_NATIONAL));
    if (ine === undefined) {
      rejected.push({ line, code: 'bad_ine', value: text(e.ID_NATIONAL) });
      return;
    }
    const division = divisions.get(e['@_ELEVE_ID'] ?? '') ?? '';
    rows.push({
      line,
      familyName,
      usageName: text(e.NOM_USAGE),
      firstName,
      className: division,
      classCode: division,
      level: '',
      birthDate,
      ine,
      photoHint: null,
    });
  });
  const deduped = dedupe(rows);
  return {
    format: 'siecle_xml',
    columns: [...SIECLE_FIELDS, ...siecleUnreadFields(eleves, root.DONNEES)],
    usedColumns: SIECLE_FIELDS,
    mapping: null,
    signature: 'siecle_xml',
    needsMapping: false,
    rows: deduped.rows,
    rejected,
    duplicates: deduped.duplicates,
    left,
  };
}

// ---------------------------------------------------------------- entry points

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads a spreadsheet-shaped file (CSV/TSV in any of the encodings schools send, or XLSX checked
 * against zip bombs) into its records, for files that are tables but not rosters (a consent sheet).
 * The same guards and messages as a roster: size, old Excel, binary data, broken quotes.
 */
export async function readSheetTable(
  buf: Buffer,
  file: string,
): Promise<Table & { encoding: string; base: 'csv' | 'xlsx' }> {
  if (buf.length === 0) throw new AppError('roster_empty', { file });
  if (buf.length > MAX_ROSTER_BYTES) throw new AppError('roster_too_large', { file });
  if (ZIP_MAGIC.every((b, i) => buf[i] === b)) {
    let xlsx = false;
    await readZipSafely(buf, file, (names) => {
      xlsx = names.includes('xl/workbook.xml');
      return { inflate: () => xlsx, keep: () => false };
    });
    if (!xlsx) throw new AppError('roster_unsupported', { file });
    return { encoding: 'XLSX', base: 'xlsx', ...(await parseXlsx(buf, file)) };
  }
  if (OLE_MAGIC.every((b, i) => buf[i] === b)) throw new AppError('roster_old_excel', { file });
  const decoded = decodeText(buf);
  if (decoded.text.trimStart().startsWith('<') || looksBinary(decoded.text))
    throw new AppError('roster_unsupported', { file });
  return { encoding: decoded.encoding, base: 'csv', ...parseDelimited(decoded.text, file) };
}

/** Parses a roster file's bytes. `file` is the name shown in messages. */
export async function parseRoster(
  buf: Buffer,
  file: string,
  options: ParseOptions = {},
): Promise<ParsedRoster> {
  if (buf.length === 0) throw new AppError('roster_empty', { file });
  if (buf.length > MAX_ROSTER_BYTES) throw new AppError('roster_too_large', { file });
  if (ZIP_MAGIC.every((b, i) => buf[i] === b)) {
    // Checked entry by entry before anything is inflated: a workbook has every entry inflated by
    // the spreadsheet library afterwards, so every one is counted first; a SIECLE zip only its XML.
    let xlsx = false;
    const zip = await readZipSafely(buf, file, (names) => {
      xlsx = names.includes('xl/workbook.xml');
      const roster = names.filter((n) => /\.xml$/i.test(n));
      const chosen = roster.find((n) => /eleves/i.test(n)) ?? roster[0];
      return { inflate: () => xlsx, keep: (n) => !xlsx && n === chosen };
    });
    if (xlsx)
      return { encoding: 'XLSX', ...tableToRoster(await parseXlsx(buf, file), file, 'xlsx', options) };
    const [name, data] = [...zip.files][0] ?? [];
    if (!name || !data) throw new AppError('roster_zip_without_roster', { file });
    const inner = `${file} › ${name.split('/').pop() ?? name}`;
    const decoded = decodeXml(data);
    return { encoding: decoded.encoding, ...parseSiecleXml(decoded.text, inner) };
  }
  // Excel 97-2003 (.xls) is a binary OLE container, not something to guess at.
  if (OLE_MAGIC.every((b, i) => buf[i] === b)) throw new AppError('roster_old_excel', { file });
  const decoded = decodeText(buf);
  if (decoded.text.trimStart().startsWith('<')) {
    const xml = decodeXml(buf);
    return { encoding: xml.encoding, ...parseSiecleXml(xml.text, file) };
  }
  if (looksBinary(decoded.text)) throw new AppError('roster_unsupported', { file });
  const table = parseDelimited(decoded.text, file);
  return { encoding: decoded.encoding, ...tableToRoster(table, file, 'csv', options) };
}
