/**
 * Use cases on the school and its roster: school details, roster preview and import (with merge
 * into what the job already has), hand edits of classes and students, sibling links. The preview
 * and the import run the same code; only the import writes, in one transaction, and only when the
 * file was read without error.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language } from '../../../shared/domain/settings';
import type { School, SchoolPatch } from '../../../shared/domain/school';
import type {
  ColumnMapping,
  RosterPreview,
  SchoolClass,
  ShootList,
  Student,
} from '../../../shared/domain/roster';
import { consentStatuses, isAdult } from '../../../shared/domain/consent';
import { translate } from '../../../shared/i18n';
import { AppError, fsErrorToAppError, withFsErrors } from '../../lib/errors';
import { safeFileName } from '../../lib/file-name';
import { ExportRegistry } from '../exports/export-registry.repository';
import type { OpenJob } from '../jobs/job-folder';
import { jobPaths } from '../jobs/job-paths';
import { readJob } from '../jobs/job.repository';
import { ConsentRepository } from './consent.repository';
import type { MappingProfileRepository } from './mapping-profile.repository';
import { MAX_ROSTER_BYTES, parseRoster, type ParsedRoster, type RosterRow } from './roster-parser';
import { RosterRepository, type StudentRecord } from './roster.repository';
import { fold } from './roster-values';
import { renderShootListPdf, writeShootListPdf } from './shoot-list.pdf';

/** The feature name shoot-day lists are registered under, and what makes one again. */
export const SHOOT_LIST_FEATURE = 'roster';
export type ShootListRecipe = {
  classIds: string[] | null;
  lang: Language;
};

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

export function displayName(s: { familyName: string; usageName: string }): string {
  return s.usageName || s.familyName;
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

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export class RosterService {
  constructor(
    private readonly profiles: MappingProfileRepository,
    private readonly oneSignatureSuffices: () => boolean,
  ) {}

  // ------------------------------------------------------------------ school

  school(job: OpenJob): School {
    const repo = new RosterRepository(job.db);
    const s = repo.school();
    const j = readJob(job.db);
    const missing: string[] = [];
    if (!s.associationLegalName) missing.push('school.missing.legalName');
    if (!s.chequePayee) missing.push('school.missing.chequePayee');
    return {
      schoolName: j.schoolName,
      town: j.town,
      schoolYear: j.schoolYear,
      shootDates: j.shootDates,
      uai: s.uai,
      schoolType: s.schoolType,
      association: {
        type: s.associationType,
        legalName: s.associationLegalName,
        chequePayee: s.chequePayee,
        contactName: s.contactName,
        contactEmail: s.contactEmail,
        contactPhone: s.contactPhone,
      },
      siblingPhotos: s.siblingPhotos,
      missing,
    };
  }

  updateSchool(job: OpenJob, patch: SchoolPatch & { association?: Partial<School['association']> }): School {
    const repo = new RosterRepository(job.db);
    repo.transaction(() => {
      const s = repo.school();
      const a = patch.association ?? {};
      repo.saveSchool({
        uai: patch.uai ?? s.uai,
        schoolType: patch.schoolType ?? s.schoolType,
        associationType: a.type ?? s.associationType,
        associationLegalName: a.legalName ?? s.associationLegalName,
        chequePayee: a.chequePayee ?? s.chequePayee,
        contactName: a.contactName ?? s.contactName,
        contactEmail: a.contactEmail ?? s.contactEmail,
        contactPhone: a.contactPhone ?? s.contactPhone,
        siblingPhotos: patch.siblingPhotos ?? s.siblingPhotos,
      });
      const j = readJob(job.db);
      repo.saveJobIdentity({
        schoolName: patch.schoolName ?? j.schoolName,
        town: patch.town ?? j.town,
        schoolYear: patch.schoolYear ?? j.schoolYear,
        shootDates: patch.shootDates ?? j.shootDates,
      });
    });
    return this.school(job);
  }

  // ------------------------------------------------------------------ import

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
    const repo = new RosterRepository(job.db);
    return this.describe(repo, parsed, this.plan(repo, parsed), path.basename(request.path), false, lang);
  }

  /** Imports (merges) the roster in one transaction. Refuses a file whose columns are not mapped. */
  async import(job: OpenJob, request: ImportRequest, lang: Language): Promise<RosterPreview> {
    const parsed = await this.read(request);
    const file = path.basename(request.path);
    if (parsed.needsMapping)
      throw new AppError('roster_needs_mapping', { file, columns: parsed.columns.join(', ') });
    const repo = new RosterRepository(job.db);
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

  // ------------------------------------------------------------------ classes and students

  classes(job: OpenJob): SchoolClass[] {
    const repo = new RosterRepository(job.db);
    const counts = repo.studentCounts();
    const staff = repo.staff();
    return repo.classes().map((c) => ({
      id: c.id,
      label: c.label,
      code: c.code,
      level: c.level,
      students: counts.get(c.id) ?? 0,
      staff: staff.filter((s) => s.classId === c.id).map(({ id, name, role }) => ({ id, name, role })),
    }));
  }

  addClass(job: OpenJob, input: { label: string; level: string }): SchoolClass {
    const repo = new RosterRepository(job.db);
    if (repo.classes().some((c) => fold(c.label) === fold(input.label)))
      throw new AppError('class_exists', { label: input.label });
    const created = repo.insertClass({ label: input.label, code: '', level: input.level });
    return this.classes(job).find((c) => c.id === created.id)!;
  }

  updateClass(
    job: OpenJob,
    classId: string,
    patch: {
      label?: string | undefined;
      level?: string | undefined;
      staff?: { name: string; role: 'teacher' | 'assistant' | 'other' }[] | undefined;
    },
  ): SchoolClass {
    const repo = new RosterRepository(job.db);
    const current = repo.classById(classId);
    if (!current) throw new AppError('not_found', { what: classId });
    if (patch.label && repo.classes().some((c) => c.id !== classId && fold(c.label) === fold(patch.label!)))
      throw new AppError('class_exists', { label: patch.label });
    repo.transaction(() => {
      repo.updateClass(classId, {
        ...(patch.label ? { label: patch.label } : {}),
        ...(patch.level !== undefined ? { level: patch.level } : {}),
      });
      if (patch.staff) repo.replaceStaff(classId, patch.staff);
    });
    return this.classes(job).find((c) => c.id === classId)!;
  }

  students(
    job: OpenJob,
    options: { classId?: string | undefined; includeArchived?: boolean | undefined },
  ): Student[] {
    const repo = new RosterRepository(job.db);
    const consent = new ConsentRepository(job.db).allRecords();
    const siblings = new Map<string, string[]>();
    for (const [a, b] of repo.siblingPairs()) {
      siblings.set(a, [...(siblings.get(a) ?? []), b]);
      siblings.set(b, [...(siblings.get(b) ?? []), a]);
    }
    const one = this.oneSignatureSuffices();
    return repo
      .students({
        ...(options.classId ? { classId: options.classId } : {}),
        includeArchived: options.includeArchived ?? false,
      })
      .map((s) => ({
        ...s,
        displayName: displayName(s),
        consent: consentStatuses(consent.get(s.id) ?? [], {
          authorityHolders: s.authorityHolders,
          adult: isAdult(s.birthDate, today()),
          oneSignatureSuffices: one,
        }),
        siblings: siblings.get(s.id) ?? [],
      }));
  }

  private student(job: OpenJob, id: string): Student {
    const found = this.students(job, { includeArchived: true }).find((s) => s.id === id);
    if (!found) throw new AppError('not_found', { what: id });
    return found;
  }

  addStudent(
    job: OpenJob,
    input: {
      classId: string | null;
      familyName: string;
      firstName: string;
      usageName: string;
      level: string;
      birthDate: string | null;
    },
  ): Student {
    const repo = new RosterRepository(job.db);
    if (input.classId && !repo.classById(input.classId))
      throw new AppError('not_found', { what: input.classId });
    const id = repo.insertStudent({
      ...input,
      ine: null,
      photoHint: null,
      rosterOrder: repo.nextRosterOrder(input.classId),
    });
    return this.student(job, id);
  }

  updateStudent(
    job: OpenJob,
    id: string,
    patch: Partial<Omit<StudentRecord, 'id' | 'classId' | 'rosterOrder'>>,
  ): Student {
    const repo = new RosterRepository(job.db);
    if (!repo.student(id)) throw new AppError('not_found', { what: id });
    repo.updateStudent(id, patch);
    return this.student(job, id);
  }

  /** Archives or restores students in one transaction; returns how many exist and were set. */
  archiveStudents(job: OpenJob, ids: string[], archived: boolean): number {
    const repo = new RosterRepository(job.db);
    for (const id of ids) if (!repo.student(id)) throw new AppError('not_found', { what: id });
    repo.transaction(() => {
      for (const id of ids) repo.updateStudent(id, { archived });
    });
    return ids.length;
  }

  moveStudent(job: OpenJob, id: string, classId: string | null): Student {
    const repo = new RosterRepository(job.db);
    const s = repo.student(id);
    if (!s) throw new AppError('not_found', { what: id });
    if (classId && !repo.classById(classId)) throw new AppError('not_found', { what: classId });
    repo.transaction(() => repo.updateStudent(id, { classId, rosterOrder: repo.nextRosterOrder(classId) }));
    return this.student(job, id);
  }

  /** Merges a duplicate into the student kept: its consent records and sibling links follow; its empty fields fill the kept one's. */
  mergeStudents(job: OpenJob, keepId: string, duplicateId: string): Student {
    const repo = new RosterRepository(job.db);
    const keep = repo.student(keepId);
    const dup = repo.student(duplicateId);
    if (!keep) throw new AppError('not_found', { what: keepId });
    if (!dup || keepId === duplicateId) throw new AppError('not_found', { what: duplicateId });
    repo.transaction(() => {
      repo.mergeStudentInto(duplicateId, keepId);
      repo.updateStudent(keepId, {
        birthDate: keep.birthDate ?? dup.birthDate,
        ine: keep.ine ?? dup.ine,
        usageName: keep.usageName || dup.usageName,
        level: keep.level || dup.level,
        classId: keep.classId ?? dup.classId,
      });
    });
    return this.student(job, keepId);
  }

  /** Students sharing a family name: offered to the user as possible siblings, never linked automatically. */
  siblingSuggestions(
    job: OpenJob,
  ): { familyName: string; students: { id: string; name: string; classLabel: string | null }[] }[] {
    const repo = new RosterRepository(job.db);
    const labels = new Map(repo.classes().map((c) => [c.id, c.label]));
    const linked = new Set(repo.siblingPairs().map(([a, b]) => `${a}|${b}`));
    const groups = new Map<string, StudentRecord[]>();
    for (const s of repo.students()) {
      const key = fold(displayName(s));
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const result = [];
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      const allLinked = members.every((a) =>
        members.every(
          (b) => a.id === b.id || linked.has(a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`),
        ),
      );
      if (allLinked) continue;
      result.push({
        familyName: displayName(members[0]!),
        students: members.map((s) => ({
          id: s.id,
          name: `${displayName(s)} ${s.firstName}`,
          classLabel: s.classId ? (labels.get(s.classId) ?? null) : null,
        })),
      });
    }
    return result;
  }

  /** Links the given students as one family (every pair), as confirmed by the user. */
  linkSiblings(job: OpenJob, ids: string[], linked: boolean): void {
    const repo = new RosterRepository(job.db);
    for (const id of ids) if (!repo.student(id)) throw new AppError('not_found', { what: id });
    repo.transaction(() => {
      for (const a of ids)
        for (const b of ids)
          if (a < b) {
            if (linked) repo.linkSiblings(a, b);
            else repo.unlinkSiblings(a, b);
          }
    });
  }

  // ------------------------------------------------------------------ shoot-day list

  /**
   * Per class, students in roster order with whether they may be photographed (valid photo
   * consent). `without` leaves a student out (erasure makes the lists again without them).
   */
  shootLists(job: OpenJob, classIds?: string[], without?: string): ShootList[] {
    const students = this.students(job, {}).filter((s) => s.id !== without);
    return this.classes(job)
      .filter((c) => !classIds || classIds.includes(c.id))
      .map((c) => ({
        classId: c.id,
        classLabel: c.label,
        staff: c.staff,
        rows: students
          .filter((s) => s.classId === c.id)
          .sort((a, b) => a.rosterOrder - b.rosterOrder)
          .map((s, i) => ({
            studentId: s.id,
            order: i + 1,
            familyName: s.displayName,
            firstName: s.firstName,
            mayPhotograph: s.consent.photo === 'allowed',
            photoStatus: s.consent.photo,
            classPhotoStatus: s.consent.class_photo,
          })),
      }));
  }

  /** Writes the shoot-day list PDF into the job's `exports/` folder and registers it; returns its path. */
  async shootListPdf(job: OpenJob, classIds: string[] | undefined, lang: Language): Promise<string> {
    const lists = this.shootLists(job, classIds);
    if (lists.length === 0) throw new AppError('roster_no_classes');
    const j = readJob(job.db);
    const suffix = lists.length === 1 ? `-${safeFileName(lists[0]!.classLabel)}` : '';
    const target = job.paths.export(`${translate(lang, 'shootList.fileName')}${suffix}.pdf`);
    await withFsErrors(target, () => writeShootListPdf(target, lists, j, lang));
    // Every student on it, so erasing one makes the list again without them.
    const recipe: ShootListRecipe = { classIds: classIds ?? null, lang };
    new ExportRegistry(job).record({
      path: target,
      feature: SHOOT_LIST_FEATURE,
      kind: 'shoot_list',
      recipe,
      studentIds: lists.flatMap((l) => l.rows.map((r) => r.studentId)),
    });
    return target;
  }

  /** A shoot-day list made again as its recipe says, without the student `without`; null when no class is left. */
  async remakeShootList(job: OpenJob, recipe: ShootListRecipe, without: string): Promise<Buffer | null> {
    const lists = this.shootLists(job, recipe.classIds ?? undefined, without);
    return lists.length === 0 ? null : renderShootListPdf(lists, readJob(job.db), recipe.lang);
  }
}

/**
 * Where shoot-day lists are written by default, in each language, for the whole school and for each
 * class: erasure looks there for lists an older version wrote without registering them.
 */
export function defaultShootListFiles(
  jobDir: string,
  classes: readonly { id: string; label: string }[],
): { path: string; recipe: ShootListRecipe }[] {
  return LANGUAGES.flatMap((lang) => {
    const base = jobPaths(jobDir).export(translate(lang, 'shootList.fileName'));
    return [
      { path: `${base}.pdf`, recipe: { classIds: null, lang } },
      ...classes.map((c) => ({
        path: `${base}-${safeFileName(c.label)}.pdf`,
        recipe: { classIds: [c.id], lang },
      })),
    ];
  });
}
