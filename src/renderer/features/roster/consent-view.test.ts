import { describe, expect, it } from 'vitest';
import type { ConsentRecord, StudentConsent } from '../../../shared/domain/consent';
import { consentReason, recordableHolders } from './consent-view';

let n = 0;
function record(patch: Partial<ConsentRecord>): ConsentRecord {
  n += 1;
  return {
    id: `r${n}`,
    studentId: 's1',
    use: 'photo',
    holder: 'parent1',
    decision: 'granted',
    decidedOn: '2026-09-10',
    source: 'paper_form',
    note: '',
    recordedAt: `2026-09-10T10:00:${String(n).padStart(2, '0')}.000Z`,
    ...patch,
  };
}

function consent(records: ConsentRecord[], statuses: StudentConsent['statuses']): StudentConsent {
  return {
    studentId: 's1',
    authorityHolders: 2,
    adult: false,
    required: ['parent1', 'parent2'],
    statuses,
    photoHint: 'yes',
    records,
    removalPending: false,
  };
}

describe('consent reasons', () => {
  it('says whose answer is still awaited', () => {
    const c = consent([record({ holder: 'parent1' })], { photo: 'pending' } as StudentConsent['statuses']);
    expect(consentReason(c, 'photo')).toEqual({ kind: 'pending', waitingFor: ['parent2'] });
  });

  it('names who withdrew, and on the date of their letter rather than the day it was typed in', () => {
    const c = consent(
      [
        record({ holder: 'parent1' }),
        record({ holder: 'parent2' }),
        record({
          holder: 'parent2',
          decision: 'withdrawn',
          decidedOn: '2026-10-28',
          recordedAt: '2026-11-02T08:30:00.000Z',
        }),
      ],
      { photo: 'withdrawn' } as StudentConsent['statuses'],
    );
    expect(consentReason(c, 'photo')).toEqual({
      kind: 'withdrawn',
      by: ['parent2'],
      on: '2026-10-28',
    });
  });

  it('honours a minor’s own refusal, and lets an adult alone decide', () => {
    const c = consent([record({ holder: 'self', decision: 'refused' })], {
      photo: 'refused',
    } as StudentConsent['statuses']);
    expect(consentReason(c, 'photo')).toEqual({ kind: 'refused', by: ['self'] });
    expect(recordableHolders({ adult: true, authorityHolders: 2 })).toEqual(['self']);
    expect(recordableHolders({ adult: false, authorityHolders: 1 })).toEqual(['parent1', 'self']);
  });
});
