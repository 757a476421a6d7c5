/**
 * Use cases on image-rights consent: read a student's consent or a whole class's grid, record a
 * decision, a batch of decisions (a class entered from its paper forms, a consent sheet imported),
 * withdraw one with the date of its letter, undo the last batch. The rules themselves are the pure
 * functions of `shared/domain/consent`; this service adds who may decide for this student, dates
 * (a document is never dated in the future), and the removal request a withdrawal after
 * publication needs.
 */
import { randomUUID } from 'node:crypto';
import {
  consentStatus,
  consentStatuses,
  gridHolders,
  isAdult,
  latestRecords,
  needsRemoval,
  requiredHolders,
  type ConsentBatch,
  type ConsentBatchKind,
  type ConsentBatchResult,
  type ConsentEntry,
  type ConsentGrid,
  type ConsentHolder,
  type ConsentRecord,
  type ConsentSource,
  type ConsentUse,
  type StudentConsent,
} from '../../../shared/domain/consent';
import { formatDate } from '../../../shared/i18n';
import type { Db } from '../../lib/sqlite';
import { AppError } from '../../lib/errors';
import { localToday } from '../gdpr/retention.service';
import type { OpenJob } from '../jobs/job-folder';
import { ConsentRepository, type ConsentBatchRow } from './consent.repository';
import { RosterRepository, type StudentRecord } from './roster.repository';

export interface ConsentInput {
  use: ConsentUse;
  holder: ConsentHolder;
  decision: 'granted' | 'refused';
  decidedOn: string;
  source: ConsentSource;
  note: string;
}

export interface WithdrawInput {
  use: ConsentUse;
  holder: ConsentHolder;
  /** The date of the letter or e-mail (ISO); today when absent. */
  decidedOn?: string | undefined;
  source: ConsentSource;
  note: string;
}

export interface BatchInput {
  kind: ConsentBatchKind;
  source: ConsentSource;
  decidedOn: string;
  note: string;
  entries: readonly ConsentEntry[];
}

/** A decision a batch writes: a refusal of a use already granted becomes a withdrawal. */
export type PlannedWrite = Omit<ConsentEntry, 'decision'> & { decision: ConsentRecord['decision'] };

/** Writes the audit row of a batch inside its transaction, so the batch and its trace commit together. */
export type BatchTrace = (db: Db, result: ConsentBatchResult) => void;

export class ConsentService {
  constructor(
    private readonly oneSignatureSuffices: () => boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Today where the studio is (a form dated today in Lyon at 00:30 is not dated yesterday). */
  today(): string {
    return localToday(this.now());
  }

  private context(s: StudentRecord) {
    return {
      authorityHolders: s.authorityHolders,
      adult: isAdult(s.birthDate, this.today()),
      oneSignatureSuffices: this.oneSignatureSuffices(),
    };
  }

  private studentOf(job: OpenJob, id: string): StudentRecord {
    const s = job.repo(RosterRepository).student(id);
    if (!s) throw new AppError('not_found', { what: id });
    return s;
  }

  /** A document cannot be dated after today: a typo (2062 for 2026) would order it after every later one. */
  private checkDate(decidedOn: string): void {
    if (decidedOn > this.today())
      throw new AppError('consent_date_future', {
        date: formatDate('fr', decidedOn),
        today: formatDate('fr', this.today()),
      });
  }

  get(job: OpenJob, studentId: string): StudentConsent {
    const s = this.studentOf(job, studentId);
    const repo = job.repo(ConsentRepository);
    const records = repo.records(studentId);
    const ctx = this.context(s);
    return {
      studentId,
      authorityHolders: s.authorityHolders,
      adult: ctx.adult,
      required: requiredHolders(ctx),
      statuses: consentStatuses(records, ctx),
      photoHint: s.photoHint,
      records,
      removalPending: repo.pendingRemovals().some((r) => r.studentId === studentId),
    };
  }

  /** Who may decide: the student themself at 18+; otherwise the holders of parental authority (and the child's own refusal). */
  private checkHolder(s: StudentRecord, holder: ConsentHolder, decision: string): void {
    const ctx = this.context(s);
    if (ctx.adult && holder !== 'self') throw new AppError('consent_adult_self');
    if (!ctx.adult && holder === 'self' && decision === 'granted') throw new AppError('consent_minor_self');
    if (!ctx.adult && holder === 'parent2' && s.authorityHolders === 1)
      throw new AppError('consent_one_holder');
  }

  /** Queues the removal of a published student's photos when this use is now blocked; true when queued. */
  private queueRemoval(
    repo: ConsentRepository,
    s: StudentRecord,
    use: ConsentUse,
    at: string,
    batchId: string | null = null,
  ): boolean {
    const status = consentStatus(
      repo.records(s.id).filter((r) => r.use === use),
      this.context(s),
    );
    const pending = repo.pendingRemovals().some((r) => r.studentId === s.id && r.use === use);
    if (pending || !needsRemoval(use, status, repo.isPublished(s.id))) return false;
    repo.requestRemoval(s.id, use, at, batchId);
    return true;
  }

  private write(
    job: OpenJob,
    s: StudentRecord,
    record: {
      use: ConsentUse;
      holder: ConsentHolder;
      decision: 'granted' | 'refused' | 'withdrawn';
      decidedOn: string;
      source: ConsentSource;
      note: string;
    },
  ): StudentConsent {
    const repo = job.repo(ConsentRepository);
    const recordedAt = this.now().toISOString();
    job.db.transaction(() => {
      repo.insert({ ...record, studentId: s.id, recordedAt });
      this.queueRemoval(repo, s, record.use, recordedAt);
    })();
    return this.get(job, s.id);
  }

  record(job: OpenJob, studentId: string, input: ConsentInput): StudentConsent {
    const s = this.studentOf(job, studentId);
    this.checkHolder(s, input.holder, input.decision);
    this.checkDate(input.decidedOn);
    return this.write(job, s, input);
  }

  /**
   * Withdrawal: one action, dated by its letter (today when not given), effective everywhere from
   * now on; its source and note say how it came.
   */
  withdraw(job: OpenJob, studentId: string, input: WithdrawInput): StudentConsent {
    const s = this.studentOf(job, studentId);
    this.checkHolder(s, input.holder, 'withdrawn');
    const decidedOn = input.decidedOn ?? this.today();
    this.checkDate(decidedOn);
    return this.write(job, s, { ...input, decision: 'withdrawn', decidedOn });
  }

  // ------------------------------------------------------------------ class grid and batches

  private batchOf(repo: ConsentRepository, row: ConsentBatchRow): ConsentBatch {
    return { ...row, undoable: repo.supersededInBatch(row.id) === 0 };
  }

  lastBatch(job: OpenJob): ConsentBatch | null {
    const repo = job.repo(ConsentRepository);
    const row = repo.lastBatch();
    return row ? this.batchOf(repo, row) : null;
  }

  /** A class as the consent grid shows it: students in roster order, the decision in force per use and holder. */
  grid(job: OpenJob, classId: string): ConsentGrid {
    const roster = job.repo(RosterRepository);
    const schoolClass = roster.classById(classId);
    if (!schoolClass) throw new AppError('not_found', { what: classId });
    const repo = job.repo(ConsentRepository);
    const rows = roster
      .students({ classId })
      .sort((a, b) => a.rosterOrder - b.rosterOrder)
      .map((s, i) => {
        const ctx = this.context(s);
        // The class's own records only: a school's 20,000 records are not read to show 30 children.
        const records = repo.records(s.id);
        const cells = (['photo', 'class_photo', 'online_gallery', 'other'] as const).flatMap((use) =>
          Object.values(latestRecords(records, use)).map((r) => ({
            use,
            holder: r.holder,
            decision: r.decision,
            decidedOn: r.decidedOn,
            source: r.source,
          })),
        );
        return {
          studentId: s.id,
          order: i + 1,
          displayName: s.usageName || s.familyName,
          firstName: s.firstName,
          adult: ctx.adult,
          authorityHolders: s.authorityHolders,
          holders: gridHolders(ctx),
          photoHint: s.photoHint,
          cells,
          statuses: consentStatuses(records, ctx),
        };
      });
    return {
      classId,
      classLabel: schoolClass.label,
      oneSignatureSuffices: this.oneSignatureSuffices(),
      rows,
      lastBatch: this.lastBatch(job),
      today: this.today(),
    };
  }

  /** Checks every entry (the student exists, this holder may decide) and keeps one per student, use and holder. */
  private prepare(
    job: OpenJob,
    input: readonly ConsentEntry[],
  ): { students: Map<string, StudentRecord>; entries: ConsentEntry[] } {
    const roster = job.repo(RosterRepository);
    const students = new Map<string, StudentRecord>();
    // The last decision given wins (a key pressed twice, a sheet listing a child twice).
    const entries = new Map<string, ConsentEntry>();
    for (const e of input) {
      let s = students.get(e.studentId);
      if (!s) {
        s = roster.student(e.studentId);
        if (!s) throw new AppError('not_found', { what: e.studentId });
        students.set(s.id, s);
      }
      this.checkHolder(s, e.holder, e.decision);
      entries.set(`${e.studentId}|${e.use}|${e.holder}`, e);
    }
    return { students, entries: [...entries.values()] };
  }

  /**
   * What entries change: a decision already in force is skipped (so is a refusal where consent is
   * already refused or withdrawn); a refusal of a use already granted is a withdrawal.
   */
  private classify(
    repo: ConsentRepository,
    entries: readonly ConsentEntry[],
  ): { writes: PlannedWrite[]; unchanged: number } {
    const writes: PlannedWrite[] = [];
    let unchanged = 0;
    const inForce = new Map<string, ConsentRecord[]>();
    for (const e of entries) {
      let records = inForce.get(e.studentId);
      if (!records) {
        records = repo.records(e.studentId);
        inForce.set(e.studentId, records);
      }
      const current = latestRecords(records, e.use)[e.holder]?.decision;
      const blocked = current === 'refused' || current === 'withdrawn';
      if (current === e.decision || (e.decision === 'refused' && blocked)) {
        unchanged += 1;
        continue;
      }
      writes.push({
        ...e,
        decision: e.decision === 'refused' && current === 'granted' ? 'withdrawn' : e.decision,
      });
    }
    return { writes, unchanged };
  }

  /** What a batch would write, without writing anything (the dry run of an imported sheet). */
  planBatch(job: OpenJob, entries: readonly ConsentEntry[]): { writes: PlannedWrite[]; unchanged: number } {
    const prepared = this.prepare(job, entries);
    return this.classify(job.repo(ConsentRepository), prepared.entries);
  }

  /**
   * Records a batch in one transaction: every entry is checked first (a batch with one impossible
   * entry writes nothing), decisions already in force are skipped, a refusal of a use already
   * granted is written as a withdrawal. `trace` writes the audit row in the same transaction.
   */
  recordMany(job: OpenJob, input: BatchInput, trace?: BatchTrace): ConsentBatchResult {
    this.checkDate(input.decidedOn);
    const { students, entries } = this.prepare(job, input.entries);
    const repo = job.repo(ConsentRepository);
    const recordedAt = this.now().toISOString();
    return job.db.transaction((): ConsentBatchResult => {
      const { writes, unchanged } = this.classify(repo, entries);
      const touched = new Set(writes.map((w) => w.studentId));
      if (writes.length === 0)
        return { batch: null, recorded: 0, withdrawals: 0, unchanged, students: 0, removalsQueued: 0 };

      const row: ConsentBatchRow = {
        id: randomUUID(),
        kind: input.kind,
        source: input.source,
        decidedOn: input.decidedOn,
        recordedAt,
        records: writes.length,
        students: touched.size,
      };
      repo.insertBatch(row);
      for (const w of writes)
        repo.insert(
          {
            studentId: w.studentId,
            use: w.use,
            holder: w.holder,
            decision: w.decision,
            decidedOn: input.decidedOn,
            source: input.source,
            note: input.note,
            recordedAt,
          },
          row.id,
        );
      const removals = new Set<string>();
      for (const key of new Set(writes.map((w) => `${w.studentId}|${w.use}`))) {
        const [studentId = '', use] = key.split('|') as [string, ConsentUse];
        if (this.queueRemoval(repo, students.get(studentId)!, use, recordedAt, row.id))
          removals.add(studentId);
      }
      const result: ConsentBatchResult = {
        batch: { ...row, undoable: true },
        recorded: writes.length,
        withdrawals: writes.filter((w) => w.decision === 'withdrawn').length,
        unchanged,
        students: touched.size,
        removalsQueued: removals.size,
      };
      trace?.(job.db, result);
      return result;
    })();
  }

  /**
   * Undoes the job's last batch (a grid saved with the wrong date, a sheet imported for the wrong
   * class): its records go, with the removals it queued that are not done. Refused when another
   * batch came after it or when one of its decisions was changed since — the history would lie.
   */
  undoBatch(
    job: OpenJob,
    batchId: string,
    trace?: (db: Db, batch: ConsentBatch) => void,
  ): { batch: ConsentBatch; studentIds: string[] } {
    const repo = job.repo(ConsentRepository);
    return job.db.transaction(() => {
      const last = repo.lastBatch();
      if (!last || last.id !== batchId) throw new AppError('consent_undo_not_last');
      const batch = this.batchOf(repo, last);
      if (!batch.undoable) throw new AppError('consent_undo_superseded');
      const studentIds = [...new Set(repo.batchRecords(batchId).map((r) => r.studentId))];
      repo.undoBatch(batchId, this.now().toISOString());
      trace?.(job.db, batch);
      return { batch: { ...batch, undoable: false }, studentIds };
    })();
  }
}
