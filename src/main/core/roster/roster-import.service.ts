/**
 * Roster import: a file (an ONDE or SIECLE export, or a CSV/XLSX read through a column mapping)
 * previewed, then merged into what the job already has — students found again are updated, new ones
 * added, those no longer in the file listed, never deleted. The preview and the import run the same
 * code; only the import writes, in one transaction, and only when the file was read without error.
 * An explicit mapping is saved as a profile for the next file of the same shape.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Language } from '../../../shared/domain/settings';
import type { ColumnMapping, RosterPreview } from '../../../shared/domain/roster';
import { AppError, fsErrorToAppError } from '../../lib/errors';
import { translate } from '../../../shared/i18n';
import type { OpenJob } from '../jobs/job-folder';
import type { MappingProfileRepository } from './mapping-profile.repository';
import { MAX_ROSTER_BYTES, parseRoster, type ParsedRoster, type RosterRow } from './roster-parser';
import { RosterRepository, type StudentRecord } from './roster.repository';
import { fold } from './roster-values';
import { displayName } from './roster.service';

export interface ImportRequest {
  path: string;
  /** Explicit column mapping (generic CSV/XLSX); saved as a profile on import. */
  mapping?: ColumnMapping | undefined;
  /** Name of a saved mapping profile to apply. */
  profile?: string | undefined;
  /** Name under which an explicit mapping is saved (defaults to the file name). */
  profileName?: string | undefined;
}

interface MergePlan {
  classLabels: Map<string, { id: string | null; label: string; code: string; level: string }>;
  matched: { row: RosterRow; student: StudentRecord }[];
  added: RosterRow[];
  missing: StudentRecord[];
}

/** Reads a file the user chose (a roster, a consent sheet), refusing what cannot be one before reading it whole. */
export async function readInputFile(file: string): Promise<Buffer> {
  const name = path.basename(file);
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) throw new AppError('roster_unsupported', { file: name });
    if (stat.size > MAX_ROSTER_BYTES) throw new AppError('roster_too_large', { file: name });
    return await fsp.readFile(file);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('not_found', { what: file }, { cause: error });
    throw fsErrorToAppError(error, file) ?? error;
  }
}

export class RosterImportService {
  constructor(private readonly profiles: MappingProfileRepository) {}

  private async read(request: ImportRequest): Promise<ParsedRoster> {
    const file = path.basename(request.path);
    const buf = await readInputFile(request.path);
    let mapping = request.mapping;
    if (!mapping && request.profile) {
      const profile = this.profiles.byName(request.profile);
      if (!profile) throw new AppError('not_found', { what: request.profile });
      mapping = profile.mapping;
    }
    return parseRoster(buf, file, {
      mapping,
      savedMapping: (signature) => this.profiles.bySignature(signature)?.mapping,
    });
  }

  private plan(repo: RosterRepository, parsed: ParsedRoster): MergePlan {
    const classes = repo.classes();
    const classLabels: MergePlan['classLabels'] = new Map();
    for (const row of parsed.rows) {
      if (!row.className) continue;
      const key = fold(row.className);
      if (classLabels.has(key)) continue;
      const existing =
        classes.find((c) => fold(c.label) === key) ??
        (row.classCode ? classes.find((c) => c.code !== '' && c.code === row.classCode) : undefined);
      classLabels.set(key, {
        id: existing?.id ?? null,
        label: existing?.label ?? row.className,
        code: row.classCode || existing?.code || '',
        level: row.level || existing?.level || '',
      });
    }

    const students = repo.students({ includeArchived: true });
    const used = new Set<string>();
    const byIne = new Map(students.filter((s) => s.ine).map((s) => [s.ine!, s]));
    const nameKeys = (s: { familyName: string; usageName: string; firstName: string }) =>
      [s.familyName, s.usageName].filter(Boolean).map((n) => `${fold(n)}|${fold(s.firstName)}`);
    const byName = new Map<string, StudentRecord[]>();
    for (const s of students) for (const key of nameKeys(s)) byName.set(key, [...(byName.get(key) ?? []), s]);

    const matched: MergePlan['matched'] = [];
    const added: RosterRow[] = [];
    for (const row of parsed.rows) {
      let found = row.ine ? byIne.get(row.ine) : undefined;
      if (found && used.has(found.id)) found = undefined;
      if (!found) {
        const candidates = [...new Set(nameKeys(row).flatMap((k) => byName.get(k) ?? []))].filter(
          (s) =>
            !used.has(s.id) &&
            !(s.ine && row.ine && s.ine !== row.ine) &&
            !(s.birthDate && row.birthDate && s.birthDate !== row.birthDate),
        );
        found =
          candidates.find((s) => s.birthDate !== null && s.birthDate === row.birthDate) ?? candidates[0];
      }
      if (found) {
        used.add(found.id);
        matched.push({ row, student: found });
      } else added.push(row);
    }
    const missing = students.filter((s) => !s.archived && !used.has(s.id));
    return { classLabels, matched, added, missing };
  }

  private describe(
    repo: RosterRepository,
    parsed: ParsedRoster,
    plan: MergePlan,
    file: string,
    written: boolean,
    lang: Language,
  ): RosterPreview {
    const perClass = new Map<string, number>();
    let withoutClass = 0;
    for (const row of parsed.rows) {
      if (!row.className) withoutClass += 1;
      else {
        const label = plan.classLabels.get(fold(row.className))!.label;
        perClass.set(label, (perClass.get(label) ?? 0) + 1);
      }
    }
    const classLabel = new Map(repo.classes().map((c) => [c.id, c.label]));
    return {
      file,
      encoding: parsed.encoding,
      format: parsed.format,
      columns: parsed.columns,
      usedColumns: parsed.usedColumns,
      mapping: parsed.mapping,
      needsMapping: parsed.needsMapping,
      mappingProfile: parsed.mapping ? (this.profiles.bySignature(parsed.signature)?.name ?? null) : null,
      classes: [...plan.classLabels.values()].map((c) => ({
        label: c.label,
        students: perClass.get(c.label) ?? 0,
        isNew: c.id === null,
      })),
      students: parsed.rows.length,
      withoutClass,
      rejected: parsed.rejected.map((r) => ({
        line: r.line,
        code: r.code,
        reason: translate(lang, `roster.reject.${r.code}`, { value: r.value }),
      })),
      duplicates: parsed.duplicates,
      left: parsed.left,
      photoHints: parsed.rows.filter((r) => r.photoHint !== null).length,
      merge: {
        matched: plan.matched.length,
        added: plan.added.length,
        missing: plan.missing.map((s) => ({
          id: s.id,
          name: `${displayName(s)} ${s.firstName}`,
          classLabel: s.classId ? (classLabel.get(s.classId) ?? null) : null,
        })),
      },
      written,
    };
  }

  /** Reads the file and says what an import would do; writes nothing. */
  async preview(job: OpenJob, request: ImportRequest, lang: Language): Promise<RosterPreview> {
    const parsed = await this.read(request);
    const repo = job.repo(RosterRepository);
    return this.describe(repo, parsed, this.plan(repo, parsed), path.basename(request.path), false, lang);
  }

  /** Imports (merges) the roster in one transaction. Refuses a file whose columns are not mapped. */
  async import(job: OpenJob, request: ImportRequest, lang: Language): Promise<RosterPreview> {
    const parsed = await this.read(request);
    const file = path.basename(request.path);
    if (parsed.needsMapping)
      throw new AppError('roster_needs_mapping', { file, columns: parsed.columns.join(', ') });
    const repo = job.repo(RosterRepository);
    const plan = repo.transaction(() => {
      const p = this.plan(repo, parsed);
      const classIds = new Map<string, string | null>();
      for (const [key, c] of p.classLabels) {
        if (c.id) {
          repo.updateClass(c.id, { code: c.code, level: c.level });
          classIds.set(key, c.id);
        } else classIds.set(key, repo.insertClass({ label: c.label, code: c.code, level: c.level }).id);
      }
      const order = new Map<string, number>();
      const place = (row: RosterRow) => {
        const classId = row.className ? (classIds.get(fold(row.className)) ?? null) : null;
        const n = (order.get(classId ?? '') ?? 0) + 1;
        order.set(classId ?? '', n);
        return { classId, rosterOrder: n };
      };
      for (const { row, student } of p.matched)
        repo.updateStudent(student.id, {
          // A file without a class for this student (or without a class column) leaves the class as it was.
          ...(row.className ? place(row) : {}),
          familyName: row.familyName,
          usageName: row.usageName,
          firstName: row.firstName,
          level: row.level || student.level,
          birthDate: row.birthDate ?? student.birthDate,
          ine: row.ine ?? student.ine,
          photoHint: row.photoHint ?? student.photoHint,
          archived: false,
        });
      for (const row of p.added)
        repo.insertStudent({
          ...place(row),
          familyName: row.familyName,
          usageName: row.usageName,
          firstName: row.firstName,
          level: row.level,
          birthDate: row.birthDate,
          ine: row.ine,
          photoHint: row.photoHint,
        });
      return p;
    });
    if (request.mapping && (parsed.format === 'csv' || parsed.format === 'xlsx'))
      this.profiles.save(request.profileName ?? file, parsed.signature, request.mapping);
    return this.describe(repo, parsed, plan, file, true, lang);
  }
}
