/**
 * The paper side of consent for a whole class: the consent sheet printed and handed out (in the
 * association's name, with the grid's columns), and the sheet the school returns, imported. An
 * import reads the file, matches each row to a student (INE, else name and birth date, else a name
 * that is unique), and says exactly what would be recorded and what could not be matched before
 * anything is written; then the answers are recorded as one batch, dated by the sheet, through the
 * same `recordMany` as the grid.
 */
import path from 'node:path';
import {
  gridHolders,
  isAdult,
  type ConsentEntry,
  type ConsentHolder,
  type ConsentSheetMapping,
  type ConsentSheetPreview,
  type SheetHolder,
} from '../../../shared/domain/consent';
import type { RetentionPolicy } from '../../../shared/domain/retention';
import { retentionDates } from '../../../shared/domain/retention';
import type { Language } from '../../../shared/domain/settings';
import { translate } from '../../../shared/i18n';
import { AppError, withFsErrors } from '../../lib/errors';
import { ExportRegistry } from '../exports/export-registry.repository';
import { writeFileAtomic } from '../../lib/atomic';
import type { OpenJob } from '../jobs/job-folder';
import { readJob } from '../jobs/job.repository';
import type { BatchTrace, ConsentService } from './consent.service';
import { parseConsentSheet, type SheetRow } from './consent-sheet-parser';
import { renderConsentSheetPdf, type ConsentSheetClass } from './consent-sheet.pdf';
import type { MappingProfileRepository } from './mapping-profile.repository';
import { RosterRepository, type StudentRecord } from './roster.repository';
import { safeFileName } from '../../lib/file-name';
import { readInputFile } from './roster-import.service';
import { displayName } from './roster.service';
import { fold } from './roster-values';

export interface SheetImportRequest {
  path: string;
  mapping?: ConsentSheetMapping | undefined;
  /** A saved mapping's name, applied instead of recognising the headers. */
  profile?: string | undefined;
  /** Name to save an explicit mapping under (defaults to the file name). */
  profileName?: string | undefined;
  /** Match only the students of this class (a sheet returned by one teacher). */
  classId?: string | undefined;
  /** The date of the sheet (ISO): the date of every decision it holds. */
  decidedOn: string;
  dryRun: boolean;
}

/** The feature name under which consent sheets are registered as exports. */
export const CONSENT_SHEET_FEATURE = 'consentSheets';

/** How a consent sheet was made (which classes), so erasure can make it again. */
export type ConsentSheetRecipe = {
  classIds: string[] | null;
};

/** Writes the audit row of an import inside its batch's transaction, with what the sheet held (counts only). */
export type SheetTrace = (
  db: Parameters<BatchTrace>[0],
  result: Parameters<BatchTrace>[1],
  sheet: { file: string; unmatched: number; invalid: number },
) => void;

type Match =
  { student: StudentRecord; by: 'ine' | 'name_birth' | 'name' } | { code: 'not_found' | 'ambiguous' };

export class ConsentSheetService {
  constructor(
    private readonly consent: ConsentService,
    private readonly profiles: MappingProfileRepository,
    private readonly oneSignatureSuffices: () => boolean,
    private readonly retentionPolicy: () => RetentionPolicy,
  ) {}

  // ------------------------------------------------------------------ import

  /** Finds the student a row is about among `pool`, or says why none could be chosen. */
  private match(row: SheetRow, pool: readonly StudentRecord[], classLabels: Map<string, string>): Match {
    if (row.ine) {
      const byIne = pool.find((s) => s.ine === row.ine);
      if (byIne) return { student: byIne, by: 'ine' };
    }
    const keys = new Set(
      [row.familyName, row.usageName].filter(Boolean).map((n) => `${fold(n)}|${fold(row.firstName)}`),
    );
    const named = pool.filter(
      (s) =>
        [s.familyName, s.usageName].some((n) => n && keys.has(`${fold(n)}|${fold(s.firstName)}`)) &&
        !(s.ine && row.ine && s.ine !== row.ine),
    );
    if (row.birthDate) {
      const born = named.filter((s) => s.birthDate === row.birthDate);
      if (born.length === 1) return { student: born[0]!, by: 'name_birth' };
      if (born.length > 1) return { code: 'ambiguous' };
      // A birth date that contradicts the roster's is another child; one the roster lacks proves nothing.
      const undated = named.filter((s) => s.birthDate === null);
      if (undated.length === 1) return { student: undated[0]!, by: 'name' };
      return { code: undated.length > 1 ? 'ambiguous' : 'not_found' };
    }
    if (named.length === 1) return { student: named[0]!, by: 'name' };
    if (named.length === 0) return { code: 'not_found' };
    // Two pupils of the same name: the sheet's class column may tell them apart.
    if (row.className) {
      const inClass = named.filter(
        (s) => s.classId !== null && fold(classLabels.get(s.classId) ?? '') === fold(row.className),
      );
      if (inClass.length === 1) return { student: inClass[0]!, by: 'name' };
    }
    return { code: 'ambiguous' };
  }

  /** Who an answer column stands for, for this student (the adult student answers in the first column). */
  private holdersFor(s: StudentRecord, holder: SheetHolder): ConsentHolder[] {
    const holders = gridHolders({
      adult: isAdult(s.birthDate, this.consent.today()),
      authorityHolders: s.authorityHolders,
    });
    if (holder === 'family') return this.oneSignatureSuffices() ? holders.slice(0, 1) : holders;
    const slot = holder === 'parent1' ? 0 : 1;
    return holders[slot] ? [holders[slot]] : [];
  }

  /**
   * Reads and matches a consent sheet; with `dryRun` writes nothing, otherwise records what matched
   * as one batch (source « feuille de consentement importée », the sheet's date).
   */
  async importSheet(
    job: OpenJob,
    request: SheetImportRequest,
    lang: Language,
    trace?: SheetTrace,
  ): Promise<ConsentSheetPreview> {
    const file = path.basename(request.path);
    const buf = await readInputFile(request.path);
    let mapping = request.mapping;
    if (!mapping && request.profile) {
      const saved = this.profiles.consentSheet({ name: request.profile });
      if (!saved) throw new AppError('not_found', { what: request.profile });
      mapping = saved.mapping;
    }
    const parsed = await parseConsentSheet(buf, file, {
      mapping,
      savedMapping: (signature) => this.profiles.consentSheet({ signature })?.mapping,
    });
    if (parsed.needsMapping && !request.dryRun)
      throw new AppError('consent_sheet_needs_mapping', { file, columns: parsed.columns.join(', ') });

    const roster = job.repo(RosterRepository);
    if (request.classId && !roster.classById(request.classId))
      throw new AppError('not_found', { what: request.classId });
    const classLabels = new Map(roster.classes().map((c) => [c.id, c.label]));
    const pool = roster.students().filter((s) => !request.classId || s.classId === request.classId);

    const unmatched: ConsentSheetPreview['unmatched'] = parsed.rejected.map((r) => ({
      line: r.line,
      name: r.name,
      code: r.code,
      reason: translate(lang, `consentSheet.unmatched.${r.code}`),
    }));
    const matchedRows: {
      row: SheetRow;
      student: StudentRecord;
      by: 'ine' | 'name_birth' | 'name';
      entries: ConsentEntry[];
    }[] = [];
    const used = new Set<string>();
    for (const row of parsed.rows) {
      const name = `${row.usageName || row.familyName} ${row.firstName}`;
      const found = this.match(row, pool, classLabels);
      if ('code' in found) {
        unmatched.push({
          line: row.line,
          name,
          code: found.code,
          reason: translate(lang, `consentSheet.unmatched.${found.code}`),
        });
        continue;
      }
      if (used.has(found.student.id)) {
        unmatched.push({
          line: row.line,
          name,
          code: 'duplicate',
          reason: translate(lang, 'consentSheet.unmatched.duplicate'),
        });
        continue;
      }
      used.add(found.student.id);
      const entries = row.answers.flatMap((a) =>
        this.holdersFor(found.student, a.holder).map((holder) => ({
          studentId: found.student.id,
          use: a.use,
          holder,
          decision: a.decision,
        })),
      );
      matchedRows.push({ row, student: found.student, by: found.by, entries });
    }
    unmatched.sort((a, b) => a.line - b.line);

    const entries = matchedRows.flatMap((m) => m.entries);
    const plan = this.consent.planBatch(job, entries);
    const changes = new Map<string, number>();
    for (const w of plan.writes) changes.set(w.studentId, (changes.get(w.studentId) ?? 0) + 1);

    let batch: ConsentSheetPreview['batch'] = null;
    if (!request.dryRun) {
      const result = this.consent.recordMany(
        job,
        {
          kind: 'import',
          source: 'imported_sheet',
          decidedOn: request.decidedOn,
          note: file.slice(0, 200),
          entries,
        },
        trace &&
          ((db, result) =>
            trace(db, result, { file, unmatched: unmatched.length, invalid: parsed.invalid.length })),
      );
      batch = result.batch;
      if (request.mapping)
        this.profiles.saveConsentSheet(request.profileName ?? file, parsed.signature, request.mapping);
    }

    const savedProfile = parsed.mapping
      ? (this.profiles.consentSheet({ signature: parsed.signature })?.name ?? null)
      : null;
    return {
      file,
      encoding: parsed.encoding,
      columns: parsed.columns,
      mapping: parsed.mapping,
      needsMapping: parsed.needsMapping,
      mappingProfile: request.mapping ? null : savedProfile,
      decidedOn: request.decidedOn,
      rows: parsed.rows.length + parsed.rejected.length,
      matched: matchedRows.map((m) => ({
        line: m.row.line,
        studentId: m.student.id,
        name: `${displayName(m.student)} ${m.student.firstName}`,
        classLabel: m.student.classId ? (classLabels.get(m.student.classId) ?? null) : null,
        matchedBy: m.by,
        granted: m.entries.filter((e) => e.decision === 'granted').length,
        refused: m.entries.filter((e) => e.decision === 'refused').length,
        changes: changes.get(m.student.id) ?? 0,
      })),
      unmatched,
      invalid: parsed.invalid,
      records: plan.writes.length,
      unchanged: plan.unchanged,
      written: !request.dryRun,
      batch,
    };
  }

  // ------------------------------------------------------------------ the sheet to hand out

  /** The sheets of the classes (all by default), in roster order, leaving out the student `without`. */
  private sheets(
    job: OpenJob,
    classIds: readonly string[] | undefined,
    without?: string,
  ): ConsentSheetClass[] {
    const roster = job.repo(RosterRepository);
    const today = this.consent.today();
    return roster
      .classes()
      .filter((c) => !classIds || classIds.includes(c.id))
      .map((c) => ({
        label: c.label,
        students: roster
          .students({ classId: c.id })
          .filter((s) => s.id !== without)
          .sort((a, b) => a.rosterOrder - b.rosterOrder)
          .map((s, i) => ({
            studentId: s.id,
            order: i + 1,
            name: `${displayName(s)} ${s.firstName}`,
            holders: gridHolders({
              adult: isAdult(s.birthDate, today),
              authorityHolders: s.authorityHolders,
            }),
          })),
      }));
  }

  private render(job: OpenJob, sheets: ConsentSheetClass[]): Promise<Buffer> {
    const school = job.repo(RosterRepository).school();
    const j = readJob(job.db);
    return renderConsentSheetPdf(sheets, {
      associationName: school.associationLegalName,
      contact: [school.contactEmail, school.contactPhone].filter(Boolean).join(', '),
      schoolName: j.schoolName,
      town: j.town,
      schoolYear: j.schoolYear,
      shootDates: j.shootDates,
      galleryCloses: retentionDates(j.schoolYear, this.retentionPolicy()).galleryCloses,
      oneSignatureSuffices: this.oneSignatureSuffices(),
    });
  }

  /** Writes the consent sheet of the classes (all by default) into the job's `exports/`; returns its path. */
  async sheetPdf(job: OpenJob, classIds?: string[]): Promise<string> {
    const school = job.repo(RosterRepository).school();
    if (!school.associationLegalName) throw new AppError('forms_association_missing');
    const sheets = this.sheets(job, classIds);
    if (sheets.length === 0) throw new AppError('roster_no_classes');
    const name =
      sheets.length === 1
        ? `Feuille de consentement - ${safeFileName(sheets[0]!.label)}.pdf`
        : 'Feuilles de consentement.pdf';
    const target = job.paths.export(name);
    const pdf = await this.render(job, sheets);
    await withFsErrors(target, () => writeFileAtomic(target, pdf));
    // Every child on it, so erasing one makes the sheet again without them.
    const recipe: ConsentSheetRecipe = { classIds: classIds ?? null };
    new ExportRegistry(job).record({
      path: target,
      feature: CONSENT_SHEET_FEATURE,
      kind: 'consent_sheet',
      recipe,
      studentIds: sheets.flatMap((c) => c.students.map((s) => s.studentId)),
    });
    return target;
  }

  /** A consent sheet made again as its recipe says, without the student `without`; null when no class is left. */
  async remakeSheet(job: OpenJob, recipe: ConsentSheetRecipe, without: string): Promise<Buffer | null> {
    const sheets = this.sheets(job, recipe.classIds ?? undefined, without);
    return sheets.length === 0 ? null : this.render(job, sheets);
  }
}
