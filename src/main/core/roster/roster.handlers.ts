/**
 * RPC handlers of `school.*`, `roster.*`, `classes.*`, `students.*`, `siblings.*`, `consent.*` and
 * `shootList.*`. A batch of consent (a class grid saved, a sheet imported, an undo) leaves one audit
 * row with counts only, written in the batch's own transaction, and one change notice.
 */
import path from 'node:path';
import type { ConsentSource } from '../../../shared/domain/consent';
import { count, formatDate } from '../../../shared/i18n';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import { ConsentRepository } from './consent.repository';
import type { ConsentService } from './consent.service';
import type { ConsentSheetService } from './consent-sheet.service';
import type { MappingProfileRepository } from './mapping-profile.repository';
import type { RosterImportService } from './roster-import.service';
import type { RosterService } from './roster.service';
import { readSchool, updateSchool } from './school.service';
import type { ShootListService } from './shoot-list.service';
import type { DataEntity } from '../../../shared/rpc/events';

/** How a source reads in the audit trail's French summary. */
const SOURCE_WORDS: Record<ConsentSource, string> = {
  paper_form: 'formulaires papier',
  email: 'e-mails',
  shoot_day: 'formulaires remis le jour de la prise de vue',
  imported_sheet: 'feuille importée',
  letter: 'courriers',
  online_form: 'formulaires en ligne',
  oral: 'oral',
  other: 'autre',
};

export type RosterMethods =
  | 'school.get'
  | 'school.update'
  | 'roster.preview'
  | 'roster.import'
  | 'roster.mappings'
  | 'classes.list'
  | 'classes.add'
  | 'classes.update'
  | 'students.list'
  | 'students.add'
  | 'students.update'
  | 'students.archive'
  | 'students.move'
  | 'students.merge'
  | 'siblings.suggest'
  | 'siblings.link'
  | 'consent.get'
  | 'consent.record'
  | 'consent.withdraw'
  | 'consent.grid'
  | 'consent.recordMany'
  | 'consent.undoBatch'
  | 'consent.importSheet'
  | 'consent.sheetPdf'
  | 'consent.removals'
  | 'shootList.get'
  | 'shootList.pdf';

export interface RosterHandlerDeps {
  jobs: JobsService;
  events: EventBus;
  audit: AuditLog;
  roster: RosterService;
  imports: RosterImportService;
  shootLists: ShootListService;
  consent: ConsentService;
  sheets: ConsentSheetService;
  profiles: MappingProfileRepository;
}

export function rosterHandlers(deps: RosterHandlerDeps): Pick<Handlers, RosterMethods> {
  const { jobs, events, audit, roster, imports, shootLists, consent, sheets, profiles } = deps;
  const changed = (jobId: string, entity: DataEntity, ids?: string[]) =>
    events.emit('data.changed', { entity, jobId, ...(ids ? { ids } : {}) });
  return {
    'school.get': ({ jobId }) => readSchool(jobs.get(jobId)),
    'school.update': ({ jobId, patch }) => {
      const school = updateSchool(jobs.get(jobId), patch);
      changed(jobId, 'school');
      events.emit('data.changed', { entity: 'jobs', ids: [jobId] });
      return school;
    },
    'roster.preview': ({ jobId, ...request }, ctx) => imports.preview(jobs.get(jobId), request, ctx.lang),
    'roster.import': async ({ jobId, dryRun, ...request }, ctx) => {
      const job = jobs.get(jobId);
      if (dryRun) return imports.preview(job, request, ctx.lang);
      const result = await imports.import(job, request, ctx.lang);
      changed(jobId, 'students');
      changed(jobId, 'classes');
      return result;
    },
    'roster.mappings': () =>
      profiles.list().map((p) => ({ name: p.name, mapping: { ...p.mapping }, lastUsedAt: p.lastUsedAt })),
    'classes.list': ({ jobId }) => roster.classes(jobs.get(jobId)),
    'classes.add': ({ jobId, ...input }) => {
      const created = roster.addClass(jobs.get(jobId), input);
      changed(jobId, 'classes', [created.id]);
      return created;
    },
    'classes.update': ({ jobId, classId, ...patch }) => {
      const updated = roster.updateClass(jobs.get(jobId), classId, patch);
      changed(jobId, 'classes', [classId]);
      return updated;
    },
    'students.list': ({ jobId, classId, includeArchived }) =>
      roster.students(jobs.get(jobId), { classId, includeArchived }),
    'students.add': ({ jobId, ...input }) => {
      const created = roster.addStudent(jobs.get(jobId), input);
      changed(jobId, 'students', [created.id]);
      return created;
    },
    'students.update': ({ jobId, studentId, patch }) => {
      const updated = roster.updateStudent(jobs.get(jobId), studentId, patch);
      changed(jobId, 'students', [studentId]);
      return updated;
    },
    'students.archive': ({ jobId, studentIds, archived }) => {
      const count = roster.archiveStudents(jobs.get(jobId), studentIds, archived);
      changed(jobId, 'students', studentIds);
      return { count };
    },
    'students.move': ({ jobId, studentId, classId }) => {
      const moved = roster.moveStudent(jobs.get(jobId), studentId, classId);
      changed(jobId, 'students', [studentId]);
      return moved;
    },
    'students.merge': ({ jobId, keepId, duplicateId }) => {
      const kept = roster.mergeStudents(jobs.get(jobId), keepId, duplicateId);
      changed(jobId, 'students', [keepId, duplicateId]);
      return kept;
    },
    'siblings.suggest': ({ jobId }) => roster.siblingSuggestions(jobs.get(jobId)),
    'siblings.link': ({ jobId, studentIds, linked }) => {
      roster.linkSiblings(jobs.get(jobId), studentIds, linked);
      changed(jobId, 'students', studentIds);
      return { ok: true as const };
    },
    'consent.get': ({ jobId, studentId }) => consent.get(jobs.get(jobId), studentId),
    'consent.record': ({ jobId, studentId, ...input }) => {
      const result = consent.record(jobs.get(jobId), studentId, input);
      changed(jobId, 'consent', [studentId]);
      return result;
    },
    'consent.withdraw': ({ jobId, studentId, ...input }) => {
      const result = consent.withdraw(jobs.get(jobId), studentId, input);
      changed(jobId, 'consent', [studentId]);
      return result;
    },
    'consent.grid': ({ jobId, classId }) => consent.grid(jobs.get(jobId), classId),
    'consent.recordMany': ({ jobId, source, decidedOn, note, entries }) => {
      const result = consent.recordMany(
        jobs.get(jobId),
        { kind: 'grid', source, decidedOn, note, entries },
        (db, r) =>
          audit.record(
            db,
            'consent.recorded',
            `Consentements saisis par classe : ${count(r.recorded, 'décision', 'décisions')} pour ${count(r.students, 'élève', 'élèves')} (${SOURCE_WORDS[source]} du ${formatDate('fr', decidedOn)})`,
            {
              batch: r.batch?.id,
              kind: 'grid',
              source,
              decidedOn,
              records: r.recorded,
              students: r.students,
              withdrawals: r.withdrawals,
              unchanged: r.unchanged,
            },
          ),
      );
      if (result.batch) changed(jobId, 'consent', [...new Set(entries.map((e) => e.studentId))]);
      return result;
    },
    'consent.undoBatch': ({ jobId, batchId }) => {
      const { batch, studentIds } = consent.undoBatch(jobs.get(jobId), batchId, (db, b) =>
        audit.record(
          db,
          'consent.undone',
          `Saisie groupée de consentements annulée : ${count(b.records, 'décision retirée', 'décisions retirées')} pour ${count(b.students, 'élève', 'élèves')}`,
          { batch: b.id, kind: b.kind, source: b.source, decidedOn: b.decidedOn, records: b.records },
        ),
      );
      changed(jobId, 'consent', studentIds);
      return batch;
    },
    'consent.importSheet': async ({ jobId, dryRun, decidedOn, ...request }, ctx) => {
      const result = await sheets.importSheet(
        jobs.get(jobId),
        { ...request, decidedOn, dryRun },
        ctx.lang,
        (db, r, sheet) =>
          audit.record(
            db,
            'consent.recorded',
            `Feuille de consentement importée : ${count(r.recorded, 'décision', 'décisions')} pour ${count(r.students, 'élève', 'élèves')} (document du ${formatDate('fr', decidedOn)}), ${count(sheet.unmatched, 'ligne non reconnue', 'lignes non reconnues')}`,
            {
              batch: r.batch?.id,
              kind: 'import',
              file: sheet.file,
              decidedOn,
              records: r.recorded,
              students: r.students,
              withdrawals: r.withdrawals,
              unchanged: r.unchanged,
              unmatched: sheet.unmatched,
              invalid: sheet.invalid,
            },
          ),
      );
      if (result.batch)
        changed(
          jobId,
          'consent',
          result.matched.map((m) => m.studentId),
        );
      return result;
    },
    'consent.sheetPdf': async ({ jobId, classIds }) => {
      const job = jobs.get(jobId);
      const file = await sheets.sheetPdf(job, classIds);
      audit.record(job.db, 'export.written', 'Feuille de consentement exportée (PDF)', {
        what: 'consent_sheet',
        file: path.basename(file),
        classes: classIds?.length ?? 0,
      });
      return { path: file };
    },
    'consent.removals': ({ jobId }) => jobs.get(jobId).repo(ConsentRepository).pendingRemovals(),
    'shootList.get': ({ jobId, classIds }) => shootLists.lists(jobs.get(jobId), classIds),
    'shootList.pdf': async ({ jobId, classIds }, ctx) => ({
      path: await shootLists.pdf(jobs.get(jobId), classIds, ctx.lang),
    }),
  };
}
