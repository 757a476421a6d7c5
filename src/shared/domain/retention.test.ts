import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_POLICY, isDue, retentionDates, retentionPolicySchema } from './retention';

describe('retention dates', () => {
  it('closes the gallery on 21 August after the school year and deletes HD files by 31 December', () => {
    expect(retentionDates('2026-2027')).toEqual({
      galleryCloses: '2027-08-21',
      hdFilesDeleted: '2027-12-31',
      bookkeepingDeleted: '2037-12-31',
    });
  });

  it('follows a studio policy, within bounds that never allow an open-ended retention', () => {
    expect(
      retentionDates('2026-2027', {
        ...DEFAULT_RETENTION_POLICY,
        galleryCloseAugustDay: 15,
        hdDeleteExtraYears: 1,
      }),
    ).toMatchObject({
      galleryCloses: '2027-08-15',
      hdFilesDeleted: '2028-12-31',
    });
    expect(
      retentionPolicySchema.safeParse({ ...DEFAULT_RETENTION_POLICY, hdDeleteExtraYears: 5 }).success,
    ).toBe(false);
  });

  it('says when a date is past', () => {
    expect(isDue('2027-08-21', '2027-08-21')).toBe(false);
    expect(isDue('2027-08-21', '2027-08-22')).toBe(true);
  });
});
