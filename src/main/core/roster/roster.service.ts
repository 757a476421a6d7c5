/**
 * Use cases on the roster once it is in the job: classes and students (hand edits, archive, move,
 * merge of duplicates), consent statuses as students carry them, sibling links. The school itself is
 * `school.service.ts`, importing a file `roster-import.service.ts`, shoot-day lists
 * `shoot-list.service.ts`.
 */
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { consentStatuses, isAdult } from '../../../shared/domain/consent';
import { AppError } from '../../lib/errors';
import type { OpenJob } from '../jobs/job-folder';
import { ConsentRepository } from './consent.repository';
import { RosterRepository, type StudentRecord } from './roster.repository';
import { fold } from './roster-values';

export function displayName(s: { familyName: string; usageName: string }): string {
  return s.usageName || s.familyName;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export class RosterService {
  constructor(private readonly oneSignatureSuffices: () => boolean) {}

  // ------------------------------------------------------------------ classes and students

  classes(job: OpenJob): SchoolClass[] {
    const repo = job.repo(RosterRepository);
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
    const repo = job.repo(RosterRepository);
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
    const repo = job.repo(RosterRepository);
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
    const repo = job.repo(RosterRepository);
    const consent = job.repo(ConsentRepository).allRecords();
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
    const repo = job.repo(RosterRepository);
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
    const repo = job.repo(RosterRepository);
    if (!repo.student(id)) throw new AppError('not_found', { what: id });
    repo.updateStudent(id, patch);
    return this.student(job, id);
  }

  /** Archives or restores students in one transaction; returns how many exist and were set. */
  archiveStudents(job: OpenJob, ids: string[], archived: boolean): number {
    const repo = job.repo(RosterRepository);
    for (const id of ids) if (!repo.student(id)) throw new AppError('not_found', { what: id });
    repo.transaction(() => {
      for (const id of ids) repo.updateStudent(id, { archived });
    });
    return ids.length;
  }

  moveStudent(job: OpenJob, id: string, classId: string | null): Student {
    const repo = job.repo(RosterRepository);
    const s = repo.student(id);
    if (!s) throw new AppError('not_found', { what: id });
    if (classId && !repo.classById(classId)) throw new AppError('not_found', { what: classId });
    repo.transaction(() => repo.updateStudent(id, { classId, rosterOrder: repo.nextRosterOrder(classId) }));
    return this.student(job, id);
  }

  /** Merges a duplicate into the student kept: its consent records and sibling links follow; its empty fields fill the kept one's. */
  mergeStudents(job: OpenJob, keepId: string, duplicateId: string): Student {
    const repo = job.repo(RosterRepository);
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
    const repo = job.repo(RosterRepository);
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
    const repo = job.repo(RosterRepository);
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
}
