/**
 * Why a use has the status it has, in words the user can act on: who still has to answer, who
 * refused, who withdrew and on which date (the letter's, not the day it was typed in). Computed from the same records and rules as the core's status
 * (shared/domain/consent.ts), so the explanation never contradicts the badge.
 */
import {
  latestDecisions,
  latestRecords,
  type ConsentHolder,
  type ConsentStatus,
  type ConsentUse,
  type StudentConsent,
} from '../../../shared/domain/consent';

export { latestRecords };

export type ConsentReason =
  | { kind: 'allowed'; holders: ConsentHolder[] }
  | { kind: 'pending'; waitingFor: ConsentHolder[] }
  | { kind: 'refused'; by: ConsentHolder[] }
  /** `on`: the date of the withdrawal's letter or e-mail (the latest one when several withdrew). */
  | { kind: 'withdrawn'; by: ConsentHolder[]; on: string | null };

export function consentReason(consent: StudentConsent, use: ConsentUse): ConsentReason {
  const status: ConsentStatus = consent.statuses[use] ?? 'pending';
  const records = consent.records.filter((r) => r.use === use);
  const latest = latestDecisions(records);
  const counted: ConsentHolder[] = consent.adult ? ['self'] : [...consent.required, 'self'];
  switch (status) {
    case 'allowed':
      return { kind: 'allowed', holders: consent.required.filter((h) => latest[h] === 'granted') };
    case 'pending':
      return { kind: 'pending', waitingFor: consent.required.filter((h) => latest[h] !== 'granted') };
    case 'refused':
      return { kind: 'refused', by: counted.filter((h) => latest[h] === 'refused') };
    case 'withdrawn': {
      const by = counted.filter((h) => latest[h] === 'withdrawn');
      const last = latestRecords(records, use);
      const on =
        by
          .map((h) => last[h]?.decidedOn ?? '')
          .sort()
          .pop() ?? null;
      return { kind: 'withdrawn', by, on: on || null };
    }
  }
}

/** Holders whose decision may be recorded for this student: the required ones, plus the student (own refusal). */
export function recordableHolders(
  consent: Pick<StudentConsent, 'adult' | 'authorityHolders'>,
): ConsentHolder[] {
  if (consent.adult) return ['self'];
  return consent.authorityHolders === 2 ? ['parent1', 'parent2', 'self'] : ['parent1', 'self'];
}
