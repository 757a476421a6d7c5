/** RPC handlers of `school.*`, `roster.*`, `classes.*`, `students.*`, `siblings.*`, `consent.*` and `shootList.*`. */
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/jobs.service';
import type { Handlers } from '../rpc/dispatcher';
import { ConsentRepository } from './consent.repository';
import type { ConsentService } from './consent.service';
import type { MappingProfileRepository } from './mapping-profile.repository';
import type { RosterService } from './roster.service';

type RosterMethods =
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
  | 'consent.removals'
  | 'shootList.get'
  | 'shootList.pdf';

export function rosterHandlers(
  jobs: JobsService,
  roster: RosterService,
  consent: ConsentService,
  profiles: MappingProfileRepository,
  events: EventBus,
): Pick<Handlers, RosterMethods> {
  const changed = (jobId: string, entity: string, ids?: string[]) =>
    events.emit('data.changed', { entity, jobId, ...(ids ? { ids } : {}) });
  return {
    'school.get': ({ jobId }) => roster.school(jobs.get(jobId)),
    'school.update': ({ jobId, patch }) => {
      const school = roster.updateSchool(jobs.get(jobId), patch);
      changed(jobId, 'school');
      events.emit('data.changed', { entity: 'jobs', ids: [jobId] });
      return school;
    },
    'roster.preview': ({ jobId, ...request }, ctx) => roster.preview(jobs.get(jobId), request, ctx.lang),
    'roster.import': async ({ jobId, dryRun, ...request }, ctx) => {
      const job = jobs.get(jobId);
      if (dryRun) return roster.preview(job, request, ctx.lang);
      const result = await roster.import(job, request, ctx.lang);
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
    'consent.removals': ({ jobId }) => new ConsentRepository(jobs.get(jobId).db).pendingRemovals(),
    'shootList.get': ({ jobId, classIds }) => roster.shootLists(jobs.get(jobId), classIds),
    'shootList.pdf': async ({ jobId, classIds }, ctx) => ({
      path: await roster.shootListPdf(jobs.get(jobId), classIds, ctx.lang),
    }),
  };
}
