/**
 * Use cases of sorting a shoot and labeling it by hand. Structure comes from capture times only
 * (`splitShoot`); every other decision is a person's and is recorded as row changes in the edit
 * log, in the same transaction as the change itself, so undo/redo is unlimited and survives a crash.
 * Concurrent windows write to the same rows: the last write wins and `data.changed` tells the others.
 */
import type {
  Checks,
  EditOutcome,
  PhotoLabels,
  PhotoMark,
  SequenceStep,
  SessionList,
} from '../../../shared/domain/labeling';
import {
  DEFAULT_THRESHOLDS,
  splitShoot,
  type CutKind,
  type CutLevel,
  type SplitResult,
  type SplitSession,
  type Thresholds,
} from '../../../shared/domain/sessions';
import {
  forbids,
  labelingConsent,
  labelUse,
  type ConsentStatus,
  type ConsentUse,
} from '../../../shared/domain/consent';
import { nextProposal, studentsBefore } from '../../../shared/domain/labeling';
import { wallClock } from '../ingest/capture-time';
import { AppError } from '../../lib/errors';
import type { OpenJob } from '../jobs/job-folder';
import type { ConsentService } from '../roster/consent.service';
import { RosterRepository } from '../roster/roster.repository';
import { displayName } from '../roster/roster.service';
import { LabelingRepository, photoIdsOf, type LabelState, type RowChange } from './labeling.repository';

/** Marks that make a photo need no student. */
const NEEDS_NO_STUDENT: readonly PhotoMark[] = ['class', 'staff', 'rejected'];

interface Split {
  result: SplitResult;
  thresholds: Thresholds;
  classOf: Map<string, string | null>;
}

/** A student put on photos although their consent forbids it, after a person confirmed. */
export interface ForbiddenLabel {
  studentId: string;
  classId: string | null;
  use: ConsentUse;
  photos: number;
}

function stateOf(
  sources: Map<string, Map<string, 'person' | 'card'>>,
  photoId: string,
  studentId: string,
): LabelState {
  return sources.get(photoId)?.get(studentId) === 'card' ? { source: 'card' } : {};
}

/** What a printed card gives one frame: students (a child, siblings) or a class/staff mark. */
export interface CardProposal {
  photoId: string;
  studentIds: string[];
  mark: 'class' | 'staff' | 'sibling' | null;
  /** The class a class card names (its frames are that class's photo). */
  classId?: string;
}

function sameState(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class LabelingService {
  constructor(
    private readonly consent: ConsentService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private repo(job: OpenJob): LabelingRepository {
    return job.repo(LabelingRepository);
  }

  thresholdsOf(job: OpenJob, given?: Thresholds): Thresholds {
    return given ?? this.repo(job).thresholds() ?? { ...DEFAULT_THRESHOLDS };
  }

  setThresholds(job: OpenJob, t: Thresholds): void {
    this.repo(job).saveThresholds(t, this.now().toISOString());
  }

  private split(job: OpenJob, given?: Thresholds): Split {
    const repo = this.repo(job);
    const thresholds = this.thresholdsOf(job, given);
    const result = splitShoot(repo.timedPhotos(), thresholds, repo.cuts());
    const sessionOfPhoto = new Map<string, string>();
    for (const s of result.sessions) for (const id of s.photoIds) sessionOfPhoto.set(id, s.id);
    const classOf = new Map<string, string | null>(result.sessions.map((s) => [s.id, null]));
    // Anchors come most recent first: the latest assignment inside a session decides its class.
    for (const a of repo.classAnchors()) {
      const sessionId = sessionOfPhoto.get(a.photoId);
      if (sessionId !== undefined && classOf.get(sessionId) === null) classOf.set(sessionId, a.classId);
    }
    return { result, thresholds, classOf };
  }

  private session(split: Split, sessionId: string): SplitSession {
    const s = split.result.sessions.find((x) => x.id === sessionId);
    if (!s) throw new AppError('not_found', { what: `séance ${sessionId}` });
    return s;
  }

  list(job: OpenJob, given?: Thresholds): SessionList {
    const split = this.split(job, given);
    const labels = this.repo(job).labels();
    return {
      thresholds: split.thresholds,
      aside: split.result.aside,
      sessions: split.result.sessions.map((s, i) => ({
        id: s.id,
        number: i + 1,
        startAt: wallClock(s.startMs),
        endAt: wallClock(s.endMs),
        photoCount: s.photoIds.length,
        classId: split.classOf.get(s.id) ?? null,
        subjects: s.subjects.map((b) => ({
          id: b.id,
          photoIds: b.photoIds,
          labeled: b.photoIds.filter((id) => labels.has(id)).length,
        })),
      })),
    };
  }

  /** Every label's source (a person's or a card's), as photo → student → source. */
  labelSourcesOf(job: OpenJob): Map<string, Map<string, 'person' | 'card'>> {
    return this.repo(job).labelSources();
  }

  marksOf(job: OpenJob): Map<string, PhotoMark> {
    return this.repo(job).marks();
  }

  labels(job: OpenJob): PhotoLabels[] {
    return this.repo(job).photoLabels();
  }

  /** The class of each photo's session under the job's thresholds (unassigned sessions and "à trier" left out). */
  photoClasses(job: OpenJob): Map<string, string> {
    const split = this.split(job);
    const out = new Map<string, string>();
    for (const s of split.result.sessions) {
      const classId = split.classOf.get(s.id);
      if (classId) for (const id of s.photoIds) out.set(id, classId);
    }
    return out;
  }

  /** Applies row changes and logs them as one undoable edit; returns the photos touched. */
  private edit(job: OpenJob, action: string, changes: RowChange[]): string[] {
    const effective = changes.filter((c) => !sameState(c.before, c.after));
    if (effective.length === 0) return [];
    const repo = this.repo(job);
    const now = this.now().toISOString();
    repo.transaction(() => {
      for (const c of effective) repo.applyRow(c, 'after', now);
      repo.logEdit(action, effective, now);
    });
    return photoIdsOf(effective);
  }

  private requirePhotos(job: OpenJob, ids: readonly string[]): void {
    const missing = this.repo(job).missingPhotos(ids);
    if (missing.length > 0) throw new AppError('not_found', { what: `photo ${missing[0]}` });
  }

  cut(job: OpenJob, level: CutLevel, photoId: string, kind: CutKind): string[] {
    this.requirePhotos(job, [photoId]);
    const before = this.repo(job).cut(level, photoId);
    return this.edit(job, `${level === 'session' ? 'sessions' : 'subjects'}.${kind}`, [
      { table: 'split_cut', key: { level, photoId }, before: before && { kind: before }, after: { kind } },
    ]);
  }

  assignClass(job: OpenJob, sessionId: string, classId: string | null, given?: Thresholds): string[] {
    const repo = this.repo(job);
    if (classId !== null && !repo.classExists(classId))
      throw new AppError('not_found', { what: `classe ${classId}` });
    const session = this.session(this.split(job, given), sessionId);
    const inSession = new Set(session.photoIds);
    const changes: RowChange[] = [];
    let anchorBefore: { classId: string } | null = null;
    for (const a of repo.classAnchors()) {
      if (!inSession.has(a.photoId)) continue;
      if (a.photoId === session.id) anchorBefore = { classId: a.classId };
      else
        changes.push({
          table: 'session_class',
          key: { photoId: a.photoId },
          before: { classId: a.classId },
          after: null,
        });
    }
    changes.push({
      table: 'session_class',
      key: { photoId: session.id },
      before: anchorBefore,
      after: classId === null ? null : { classId },
    });
    this.edit(job, 'sessions.assignClass', changes);
    return [session.id];
  }

  mark(job: OpenJob, photoIds: readonly string[], mark: PhotoMark | null, reason: string): string[] {
    this.requirePhotos(job, photoIds);
    const repo = this.repo(job);
    return this.edit(
      job,
      'photos.mark',
      [...new Set(photoIds)].map((photoId) => ({
        table: 'photo_mark' as const,
        key: { photoId },
        before: repo.mark(photoId),
        after: mark === null ? null : { mark, reason: mark === 'rejected' ? reason : '' },
      })),
    );
  }

  /**
   * Puts students on photos. A student whose consent forbids the photo's use (or being photographed
   * at all) is put there only with `confirmForbidden`: a person saw why and decided; the caller
   * traces it. Students already on a photo are not asked about again.
   */
  assign(
    job: OpenJob,
    photoIds: readonly string[],
    studentIds: readonly string[],
    replace: boolean,
    options: { confirmForbidden?: boolean } = {},
  ): { photoIds: string[]; forbidden: ForbiddenLabel[] } {
    this.requirePhotos(job, photoIds);
    const repo = this.repo(job);
    const unknown = studentIds.find((id) => !repo.studentExists(id));
    if (unknown) throw new AppError('not_found', { what: `élève ${unknown}` });
    const wanted = new Set(studentIds);
    const marks = repo.marks();
    const roster = job.repo(RosterRepository);
    const statuses = new Map(studentIds.map((id) => [id, this.consent.get(job, id).statuses]));
    const forbidden = new Map<string, ForbiddenLabel>();
    const changes: RowChange[] = [];
    const sources = repo.labelSources();
    for (const photoId of new Set(photoIds)) {
      const current = repo.labelsOf(photoId);
      if (replace)
        for (const studentId of current)
          if (!wanted.has(studentId))
            changes.push({
              table: 'photo_label',
              key: { photoId, studentId },
              before: stateOf(sources, photoId, studentId),
              after: null,
            });
      for (const studentId of wanted) {
        if (current.includes(studentId)) continue;
        const verdict = labelingConsent(statuses.get(studentId)!, labelUse(marks.get(photoId)));
        if (verdict.verdict === 'forbidden') {
          const seen = forbidden.get(studentId);
          if (seen) seen.photos += 1;
          else
            forbidden.set(studentId, {
              studentId,
              classId: roster.student(studentId)?.classId ?? null,
              use: verdict.use,
              photos: 1,
            });
        }
        changes.push({ table: 'photo_label', key: { photoId, studentId }, before: null, after: {} });
      }
    }
    if (forbidden.size > 0 && options.confirmForbidden !== true) {
      const first = roster.student([...forbidden.keys()][0]!)!;
      throw new AppError('label_consent_forbidden', { name: `${first.firstName} ${displayName(first)}` });
    }
    return { photoIds: this.edit(job, 'labels.assign', changes), forbidden: [...forbidden.values()] };
  }

  remove(job: OpenJob, photoIds: readonly string[], studentIds?: readonly string[]): string[] {
    this.requirePhotos(job, photoIds);
    const repo = this.repo(job);
    const sources = repo.labelSources();
    const changes: RowChange[] = [];
    for (const photoId of new Set(photoIds))
      for (const studentId of repo.labelsOf(photoId))
        if (!studentIds || studentIds.includes(studentId))
          changes.push({
            table: 'photo_label',
            key: { photoId, studentId },
            before: stateOf(sources, photoId, studentId),
            after: null,
          });
    return this.edit(job, 'labels.remove', changes);
  }

  /**
   * Labels frames from their cards (source « carte ») as one undoable edit. A frame a person already
   * labeled or marked is left as it is: a card never overrides a person's decision. Students whose
   * consent forbids the photo are not put there (the checks list them for a person to decide).
   */
  assignFromCards(job: OpenJob, proposals: readonly CardProposal[]): { photoIds: string[]; skipped: number } {
    const repo = this.repo(job);
    const sources = repo.labelSources();
    const marks = repo.marks();
    const changes: RowChange[] = [];
    // Frames a class card gives to its class: they tell the session's class like children's labels.
    const classFrames = new Map<string, string>();
    let skipped = 0;
    const statuses = new Map<string, Record<ConsentUse, ConsentStatus>>();
    const statusOf = (id: string) => {
      let st = statuses.get(id);
      if (!st) statuses.set(id, (st = this.consent.get(job, id).statuses));
      return st;
    };
    for (const p of proposals) {
      if (!repo.photoExists(p.photoId)) continue;
      const current = sources.get(p.photoId);
      const byPerson = [...(current?.values() ?? [])].some((s) => s === 'person');
      if (byPerson || (marks.has(p.photoId) && marks.get(p.photoId) !== p.mark)) {
        skipped += 1;
        continue;
      }
      if (p.mark === 'class' && p.classId) classFrames.set(p.photoId, p.classId);
      if (p.mark && !marks.has(p.photoId))
        changes.push({
          table: 'photo_mark',
          key: { photoId: p.photoId },
          before: null,
          after: { mark: p.mark, reason: '' },
        });
      for (const studentId of p.studentIds) {
        if (current?.has(studentId) || !repo.studentExists(studentId)) continue;
        if (labelingConsent(statusOf(studentId), labelUse(marks.get(p.photoId))).verdict === 'forbidden')
          continue;
        changes.push({
          table: 'photo_label',
          key: { photoId: p.photoId, studentId },
          before: null,
          after: { source: 'card' },
        });
      }
    }
    const labelled = new Set(changes.map((c) => (c.key as { photoId: string }).photoId));
    const edited = this.edit(job, 'labels.fromCards', [
      ...changes,
      ...this.sessionClassesFromCards(job, changes, classFrames),
    ]);
    // The photos the cards labelled or marked (a session's class is told by the sessions list).
    return { photoIds: edited.filter((id) => labelled.has(id)), skipped };
  }

  /**
   * A session without a class whose card labels all name children of one class (or whose class
   * card names it) gets that class, in the same step as the labels (one undo takes both back): the
   * cards already said which class it was. A session with children of two classes, or no card
   * label, stays for a person to assign.
   */
  private sessionClassesFromCards(
    job: OpenJob,
    changes: readonly RowChange[],
    classFrames: ReadonlyMap<string, string>,
  ): RowChange[] {
    const labelled = new Map<string, Set<string>>();
    for (const c of changes)
      if (c.table === 'photo_label') {
        const { photoId, studentId } = c.key;
        labelled.set(photoId, (labelled.get(photoId) ?? new Set()).add(studentId));
      }
    if (labelled.size === 0 && classFrames.size === 0) return [];
    const repo = this.repo(job);
    const classOfStudent = repo.classesOfStudents([
      ...new Set([...labelled.values()].flatMap((s) => [...s])),
    ]);
    const split = this.split(job);
    const out: RowChange[] = [];
    for (const session of split.result.sessions) {
      if (split.classOf.get(session.id) !== null) continue;
      const classes = new Set<string | null>();
      for (const id of session.photoIds) {
        for (const studentId of labelled.get(id) ?? []) classes.add(classOfStudent.get(studentId) ?? null);
        const named = classFrames.get(id);
        if (named) classes.add(named);
      }
      const [only] = [...classes];
      if (classes.size !== 1 || !only) continue;
      out.push({
        table: 'session_class',
        key: { photoId: session.id },
        before: null,
        after: { classId: only },
      });
    }
    return out;
  }

  /** Marks a student absent in sequence mode (or lifts the mark); undoable like any other decision. */
  setAbsent(job: OpenJob, studentId: string, absent: boolean): boolean {
    const repo = this.repo(job);
    if (!repo.studentExists(studentId)) throw new AppError('not_found', { what: `élève ${studentId}` });
    const was = repo.isAbsent(studentId);
    if (was === absent) return false;
    this.edit(job, absent ? 'labels.absent' : 'labels.present', [
      { table: 'absent_skip', key: { studentId }, before: was ? {} : null, after: absent ? {} : null },
    ]);
    return true;
  }

  absent(job: OpenJob): string[] {
    return this.repo(job).absent();
  }

  private outcome(job: OpenJob, action: string | null, photoIds: string[]): EditOutcome {
    const repo = this.repo(job);
    return {
      done: action !== null,
      action,
      photoIds,
      canUndo: repo.lastDone() !== null,
      canRedo: repo.firstUndone() !== null,
    };
  }

  undo(job: OpenJob): EditOutcome {
    const repo = this.repo(job);
    const entry = repo.lastDone();
    if (!entry) return this.outcome(job, null, []);
    const now = this.now().toISOString();
    repo.transaction(() => {
      for (const c of [...entry.changes].reverse()) repo.applyRow(c, 'before', now);
      repo.setUndone(entry.seq, true);
    });
    return this.outcome(job, entry.action, photoIdsOf(entry.changes));
  }

  redo(job: OpenJob): EditOutcome {
    const repo = this.repo(job);
    const entry = repo.firstUndone();
    if (!entry) return this.outcome(job, null, []);
    const now = this.now().toISOString();
    repo.transaction(() => {
      for (const c of entry.changes) repo.applyRow(c, 'after', now);
      repo.setUndone(entry.seq, false);
    });
    return this.outcome(job, entry.action, photoIdsOf(entry.changes));
  }

  sequenceNext(
    job: OpenJob,
    input: {
      sessionId: string;
      afterSubjectId: string | null;
      skippedStudentIds: readonly string[];
      thresholds?: Thresholds;
    },
  ): SequenceStep {
    const split = this.split(job, input.thresholds);
    const session = this.session(split, input.sessionId);
    const repo = this.repo(job);
    const labels = repo.labels();
    const marks = repo.marks();
    const open = (ids: readonly string[]) =>
      ids.every((id) => !labels.has(id)) &&
      !ids.every((id) => NEEDS_NO_STUDENT.includes(marks.get(id) as PhotoMark));
    const start = session.subjects.findIndex((b) => b.id === input.afterSubjectId) + 1;
    // Walk forward from the current burst, then wrap to the bursts left behind.
    const order = [...session.subjects.slice(start), ...session.subjects.slice(0, start)];
    const next = order.find((b) => open(b.photoIds)) ?? null;
    const classId = split.classOf.get(session.id) ?? null;
    let studentId: string | null = null;
    if (classId !== null) {
      // A rejected photo is no photo of the student: they are still to be photographed.
      const studentsOf = (id: string) => (marks.get(id) === 'rejected' ? [] : (labels.get(id) ?? []));
      const done = new Set([...input.skippedStudentIds, ...repo.absent()]);
      for (const photoId of labels.keys()) for (const id of studentsOf(photoId)) done.add(id);
      const roster = job
        .repo(RosterRepository)
        .students({ classId })
        .sort((a, b) => a.rosterOrder - b.rosterOrder)
        .map((s) => ({
          id: s.id,
          forbidden: labelingConsent(this.consent.get(job, s.id).statuses).verdict === 'forbidden',
        }));
      const at = next ? session.subjects.indexOf(next) : session.subjects.length;
      studentId = nextProposal(roster, { after: studentsBefore(session.subjects, at, studentsOf), done });
    }
    return {
      subject: next && { id: next.id, photoIds: next.photoIds, labeled: 0 },
      studentId,
    };
  }

  checks(job: OpenJob, given?: Thresholds): Checks {
    const split = this.split(job, given);
    const repo = this.repo(job);
    const roster = job.repo(RosterRepository);
    const labels = repo.labels();
    const marks = repo.marks();

    const ordered = [...split.result.sessions.flatMap((s) => s.photoIds), ...split.result.aside];
    // A frame showing a printed card is no photo of anyone: never « sans élève ».
    const cardFrames = repo.cardFrames();
    const unlabeledPhotos = ordered.filter(
      (id) =>
        !labels.has(id) && !cardFrames.has(id) && !NEEDS_NO_STUDENT.includes(marks.get(id) as PhotoMark),
    );

    const statuses = new Map<string, Record<ConsentUse, ConsentStatus>>();
    const statusOf = (studentId: string) => {
      let s = statuses.get(studentId);
      if (!s) {
        s = this.consent.get(job, studentId).statuses;
        statuses.set(studentId, s);
      }
      return s;
    };

    const photosOf = new Map<string, string[]>();
    for (const [photoId, studentIds] of labels) {
      if (marks.get(photoId) === 'rejected') continue;
      for (const studentId of studentIds)
        photosOf.set(studentId, [...(photosOf.get(studentId) ?? []), photoId]);
    }
    const doNotPhotograph = [...photosOf]
      .filter(([studentId]) => forbids(statusOf(studentId).photo))
      .map(([studentId, photoIds]) => ({ studentId, photoIds }));
    const dnp = new Set(doNotPhotograph.map((d) => d.studentId));
    const consentConflicts: Checks['consentConflicts'] = [];
    for (const [studentId, photoIds] of photosOf) {
      if (dnp.has(studentId)) continue;
      for (const photoId of photoIds) {
        const use: ConsentUse = labelUse(marks.get(photoId));
        if (forbids(statusOf(studentId)[use])) consentConflicts.push({ photoId, studentId, use });
      }
    }

    const classesWithSession = new Map<string, string[]>();
    for (const s of split.result.sessions) {
      const classId = split.classOf.get(s.id);
      if (classId)
        classesWithSession.set(classId, [...(classesWithSession.get(classId) ?? []), ...s.photoIds]);
    }
    const studentsWithoutPhoto: string[] = [];
    const classesWithoutClassPhoto: string[] = [];
    for (const c of roster.classes()) {
      const photos = classesWithSession.get(c.id);
      if (!photos) continue;
      if (!photos.some((id) => marks.get(id) === 'class')) classesWithoutClassPhoto.push(c.id);
      for (const s of roster.students({ classId: c.id }).sort((a, b) => a.rosterOrder - b.rosterOrder))
        // A student whose only photos were rejected has no usable photo either.
        if (!photosOf.has(s.id) && !forbids(statusOf(s.id).photo)) studentsWithoutPhoto.push(s.id);
    }

    return {
      unlabeledPhotos,
      studentsWithoutPhoto,
      consentConflicts,
      doNotPhotograph,
      classesWithoutClassPhoto,
      total:
        unlabeledPhotos.length +
        studentsWithoutPhoto.length +
        consentConflicts.length +
        doNotPhotograph.length +
        classesWithoutClassPhoto.length,
    };
  }
}
