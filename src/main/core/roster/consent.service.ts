/**
 * Use cases on image-rights consent: read a student's consent, record a decision, withdraw one.
 * The rules themselves are the pure functions of `shared/domain/consent`; this service adds who may
 * decide for this student, timestamps, and the removal request a withdrawal after publication needs.
 */
import {
  consentStatus,
  consentStatuses,
  isAdult,
  needsRemoval,
  requiredHolders,
  type ConsentHolder,
  type ConsentSource,
  type ConsentUse,
  type StudentConsent,
} from '../../../shared/domain/consent';
import { AppError } from '../errors';
import type { OpenJob } from '../jobs/job-folder';
import { ConsentRepository } from './consent.repository';
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
  source: ConsentSource;
  note: string;
}

export class ConsentService {
  constructor(
    private readonly oneSignatureSuffices: () => boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private context(s: StudentRecord) {
    return {
      authorityHolders: s.authorityHolders,
      adult: isAdult(s.birthDate, this.now().toISOString().slice(0, 10)),
      oneSignatureSuffices: this.oneSignatureSuffices(),
    };
  }

  private studentOf(job: OpenJob, id: string): StudentRecord {
    const s = new RosterRepository(job.db).student(id);
    if (!s) throw new AppError('not_found', { what: id });
    return s;
  }

  get(job: OpenJob, studentId: string): StudentConsent {
    const s = this.studentOf(job, studentId);
    const repo = new ConsentRepository(job.db);
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
    const repo = new ConsentRepository(job.db);
    const recordedAt = this.now().toISOString();
    job.db.transaction(() => {
      repo.insert({ ...record, studentId: s.id, recordedAt });
      const status = consentStatus(
        repo.records(s.id).filter((r) => r.use === record.use),
        this.context(s),
      );
      const pending = repo.pendingRemovals().some((r) => r.studentId === s.id && r.use === record.use);
      if (!pending && needsRemoval(record.use, status, repo.isPublished(s.id)))
        repo.requestRemoval(s.id, record.use, recordedAt);
    })();
    return this.get(job, s.id);
  }

  record(job: OpenJob, studentId: string, input: ConsentInput): StudentConsent {
    const s = this.studentOf(job, studentId);
    this.checkHolder(s, input.holder, input.decision);
    return this.write(job, s, input);
  }

  /** Withdrawal: one action, dated today, effective everywhere from now on. */
  withdraw(job: OpenJob, studentId: string, input: WithdrawInput): StudentConsent {
    const s = this.studentOf(job, studentId);
    this.checkHolder(s, input.holder, 'withdrawn');
    return this.write(job, s, {
      ...input,
      decision: 'withdrawn',
      decidedOn: this.now().toISOString().slice(0, 10),
    });
  }
}
