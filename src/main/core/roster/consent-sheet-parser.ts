/**
 * Reads a consent sheet a school returns (CSV/TSV/XLSX) into rows: who the student is (INE, names,
 * birth date, class — the roster's own column aliases) and, per use and holder, the answer given.
 * Columns are recognised by their headers (« Photo individuelle — Parent 1 », « Galerie en ligne »,
 * « Photo de classe resp. 2 ») or mapped by the user, with the mapping saved like a roster's. Only
 * the identity needed to match and the answers leave this module; nothing is written anywhere.
 */
import {
  CONSENT_USES,
  SHEET_IDENTITY_FIELDS,
  type ConsentSheetMapping,
  type ConsentUse,
  type SheetHolder,
  type SheetIdentityField,
} from '../../../shared/domain/consent';
import { AppError } from '../../lib/errors';
import { aliasField, headerSignature, readSheetTable, type Table } from './roster-parser';
import { fold, parseConsentAnswer, parseDate, parseIne, splitFullName } from './roster-values';

export interface SheetAnswer {
  column: string;
  use: ConsentUse;
  holder: SheetHolder;
  decision: 'granted' | 'refused';
}

export interface SheetRow {
  line: number;
  familyName: string;
  usageName: string;
  firstName: string;
  birthDate: string | null;
  ine: string | null;
  className: string;
  answers: SheetAnswer[];
}

export interface ParsedConsentSheet {
  encoding: string;
  columns: string[];
  /** Headers signature, prefixed so a consent sheet's saved mapping is never offered for a roster. */
  signature: string;
  mapping: ConsentSheetMapping | null;
  needsMapping: boolean;
  rows: SheetRow[];
  rejected: { line: number; code: 'missing_name' | 'bad_date' | 'bad_ine'; name: string }[];
  invalid: { line: number; column: string; value: string }[];
}

export interface SheetParseOptions {
  mapping?: ConsentSheetMapping | undefined;
  savedMapping?: ((signature: string) => ConsentSheetMapping | undefined) | undefined;
}

export function sheetSignature(columns: readonly string[]): string {
  return `consent:${headerSignature(columns)}`;
}

/** The use a header names, from the words schools write (folded: no accents, lower case). */
function headerUse(f: string): ConsentUse | undefined {
  if (/galerie|en ligne|internet|diffusion|site web|\bweb\b/.test(f)) return 'online_gallery';
  if (/photos? (de |d')?(classe|groupe)|classe entiere/.test(f)) return 'class_photo';
  if (/individuel|portrait|photo ind\b/.test(f)) return 'photo';
  if (/\bautres?\b|other/.test(f)) return 'other';
  return undefined;
}

/** The holder a header names: « parent 1 », « resp. 2 », « titulaire 1 », « RL2 », a trailing « 1 »; else the family. */
function headerHolder(f: string): SheetHolder {
  const named =
    /(?:parent|responsable|resp\.?|titulaire|representant|rl|p)\s*(?:legal\s*)?(?:n°\s*|no\s*)?([12])(?!\d)/.exec(
      f,
    ) ?? /(?:^|[\s(—–-])([12])\)?$/.exec(f);
  if (named?.[1] === '1') return 'parent1';
  if (named?.[1] === '2') return 'parent2';
  return 'family';
}

/** What a header holds on a consent sheet: an identity field, an answer column, or nothing we use. */
function classify(
  header: string,
):
  | { kind: 'identity'; field: SheetIdentityField }
  | { kind: 'decision'; use: ConsentUse; holder: SheetHolder }
  | undefined {
  const field = aliasField(header);
  if (field && (SHEET_IDENTITY_FIELDS as readonly string[]).includes(field))
    return { kind: 'identity', field: field as SheetIdentityField };
  // ONDE's « Autorisation photo » is the school's hint, never a consent: not read as an answer.
  if (field === 'photoHint') return undefined;
  const f = fold(header);
  const use = headerUse(f);
  return use ? { kind: 'decision', use, holder: headerHolder(f) } : undefined;
}

function autoMapping(columns: readonly string[]): ConsentSheetMapping {
  const identity: ConsentSheetMapping['identity'] = {};
  const decisions: ConsentSheetMapping['decisions'] = [];
  for (const column of columns) {
    if (!column) continue;
    const c = classify(column);
    if (c?.kind === 'identity' && identity[c.field] === undefined) identity[c.field] = column;
    if (
      c?.kind === 'decision' &&
      !decisions.some((d) => d.use === c.use && (d.holder === c.holder || d.holder === 'family'))
    )
      decisions.push({ column, use: c.use, holder: c.holder });
  }
  if (identity.familyName && identity.firstName) delete identity.fullName;
  decisions.sort((a, b) => CONSENT_USES.indexOf(a.use) - CONSENT_USES.indexOf(b.use));
  return { identity, decisions };
}

function usable(m: ConsentSheetMapping): boolean {
  const names =
    (m.identity.familyName !== undefined && m.identity.firstName !== undefined) ||
    m.identity.fullName !== undefined;
  return names && m.decisions.length > 0;
}

function mappedHeaders(m: ConsentSheetMapping): string[] {
  return [...Object.values(m.identity), ...m.decisions.map((d) => d.column)];
}

/** The header row: the one holding every mapped column, or the one most columns of which we recognise. */
function findHeader(table: Table, mapping: ConsentSheetMapping | undefined): number {
  const limit = Math.min(table.records.length, 30);
  if (mapping) {
    const wanted = mappedHeaders(mapping).map(fold);
    for (let i = 0; i < limit; i += 1) {
      const cells = table.records[i]!.cells.map(fold);
      if (wanted.every((w) => cells.includes(w))) return i;
    }
    return -1;
  }
  let best = 0;
  let bestScore = 0;
  for (let i = 0; i < limit; i += 1) {
    const score = table.records[i]!.cells.filter((c) => classify(c) !== undefined).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

export async function parseConsentSheet(
  buf: Buffer,
  file: string,
  options: SheetParseOptions = {},
): Promise<ParsedConsentSheet> {
  const table = await readSheetTable(buf, file);
  if (table.records.length === 0) throw new AppError('roster_empty', { file });
  const headerIndex = findHeader(table, options.mapping);
  if (headerIndex < 0) {
    const missing = mappedHeaders(options.mapping!)
      .filter((h) => !table.records.slice(0, 30).some((r) => r.cells.map(fold).includes(fold(h))))
      .join(', ');
    throw new AppError('roster_mapping_column_missing', { file, column: missing });
  }
  const columns = table.records[headerIndex]!.cells;
  const signature = sheetSignature(columns);
  const mapping = options.mapping ?? options.savedMapping?.(signature) ?? autoMapping(columns);
  const common = { encoding: table.encoding, columns: columns.filter(Boolean), signature };
  if (!usable(mapping))
    return { ...common, mapping: null, needsMapping: true, rows: [], rejected: [], invalid: [] };

  const folded = columns.map(fold);
  const indexOf = (header: string) => {
    const i = folded.indexOf(fold(header));
    if (i < 0) throw new AppError('roster_mapping_column_missing', { file, column: header });
    return i;
  };
  const identity = new Map<SheetIdentityField, number>();
  for (const [field, header] of Object.entries(mapping.identity) as [SheetIdentityField, string][])
    identity.set(field, indexOf(header));
  const decisions = mapping.decisions.map((d) => ({ ...d, index: indexOf(d.column) }));
  const get = (cells: string[], field: SheetIdentityField) => {
    const i = identity.get(field);
    return i === undefined ? '' : (cells[i] ?? '');
  };

  const rows: SheetRow[] = [];
  const rejected: ParsedConsentSheet['rejected'] = [];
  const invalid: ParsedConsentSheet['invalid'] = [];
  for (const { line, cells } of table.records.slice(headerIndex + 1)) {
    let familyName = get(cells, 'familyName');
    let firstName = get(cells, 'firstName');
    if (identity.has('fullName') && (!familyName || !firstName)) {
      const split = splitFullName(get(cells, 'fullName'));
      familyName ||= split.familyName;
      firstName ||= split.firstName;
    }
    const name = [get(cells, 'usageName') || familyName, firstName].filter(Boolean).join(' ');
    if (!familyName || !firstName) {
      // A sheet's footer (« Total », a signature line) is not a student: skipped without a word.
      if (decisions.every((d) => !cells[d.index])) continue;
      rejected.push({ line, code: 'missing_name', name: cells.filter(Boolean).slice(0, 3).join(' ') });
      continue;
    }
    const birthDate = parseDate(get(cells, 'birthDate'));
    if (birthDate === undefined) {
      rejected.push({ line, code: 'bad_date', name });
      continue;
    }
    const ine = parseIne(get(cells, 'ine'));
    if (ine === undefined) {
      rejected.push({ line, code: 'bad_ine', name });
      continue;
    }
    const answers: SheetAnswer[] = [];
    for (const d of decisions) {
      const raw = cells[d.index] ?? '';
      const decision = parseConsentAnswer(raw);
      if (decision === undefined) invalid.push({ line, column: d.column, value: raw });
      else if (decision !== null) answers.push({ column: d.column, use: d.use, holder: d.holder, decision });
    }
    rows.push({
      line,
      familyName,
      usageName: get(cells, 'usageName'),
      firstName,
      birthDate,
      ine,
      className: get(cells, 'className'),
      answers,
    });
  }
  return { ...common, mapping, needsMapping: false, rows, rejected, invalid };
}
