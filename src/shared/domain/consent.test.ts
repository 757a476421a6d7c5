import { describe, expect, it } from 'vitest';
import {
  ageOn,
  consentStatus,
  consentStatuses,
  holderDecisions,
  isAdult,
  labelingConsent,
  needsRemoval,
  requiredHolders,
  type ConsentContext,
  type ConsentDecision,
  type ConsentHolder,
} from './consent';

const twoParents: ConsentContext = { authorityHolders: 2, adult: false, oneSignatureSuffices: false };
let clock = 0;
const rec = (holder: ConsentHolder, decision: ConsentDecision) => ({
  holder,
  decision,
  recordedAt: new Date(Date.UTC(2026, 8, 1, 8, 0, clock++)).toISOString(),
});

describe('consent status of one use', () => {
  it('is pending with no record, and pending while only one of two holders agreed', () => {
    expect(consentStatus([], twoParents)).toBe('pending');
    expect(consentStatus([rec('parent1', 'granted')], twoParents)).toBe('pending');
  });

  it('is allowed only when both holders agreed', () => {
    expect(consentStatus([rec('parent1', 'granted'), rec('parent2', 'granted')], twoParents)).toBe('allowed');
  });

  it('is blocked by a single refusal even when the other holder agreed', () => {
    expect(consentStatus([rec('parent1', 'granted'), rec('parent2', 'refused')], twoParents)).toBe('refused');
  });

  it('is blocked by a withdrawal that follows an agreement', () => {
    const records = [rec('parent1', 'granted'), rec('parent2', 'granted'), rec('parent2', 'withdrawn')];
    expect(consentStatus(records, twoParents)).toBe('withdrawn');
  });

  it('follows the latest decision of each holder, whatever the order the records arrive in', () => {
    const refused = rec('parent1', 'refused');
    const granted = rec('parent1', 'granted');
    const other = rec('parent2', 'granted');
    expect(consentStatus([other, granted, refused], twoParents)).toBe('allowed');
  });

  it('needs one holder when the user says there is one', () => {
    expect(consentStatus([rec('parent1', 'granted')], { ...twoParents, authorityHolders: 1 })).toBe(
      'allowed',
    );
    expect(requiredHolders({ ...twoParents, authorityHolders: 1 })).toEqual(['parent1']);
  });

  it('with the studio setting « one signature suffices », one agreement is enough but a refusal still blocks', () => {
    const one = { ...twoParents, oneSignatureSuffices: true };
    expect(consentStatus([rec('parent2', 'granted')], one)).toBe('allowed');
    expect(consentStatus([rec('parent1', 'granted'), rec('parent2', 'refused')], one)).toBe('refused');
  });

  it('an adult student decides alone; parents’ records do not count', () => {
    const adult = { ...twoParents, adult: true };
    expect(requiredHolders(adult)).toEqual(['self']);
    expect(consentStatus([rec('parent1', 'granted'), rec('parent2', 'granted')], adult)).toBe('pending');
    expect(consentStatus([rec('self', 'granted')], adult)).toBe('allowed');
    expect(consentStatus([rec('parent1', 'refused'), rec('self', 'granted')], adult)).toBe('allowed');
  });

  it('honours an older minor’s own refusal', () => {
    const records = [rec('parent1', 'granted'), rec('parent2', 'granted'), rec('self', 'refused')];
    expect(consentStatus(records, twoParents)).toBe('refused');
  });

  it('computes each use separately: consent to the photo is not consent to the online gallery', () => {
    const statuses = consentStatuses(
      [
        { use: 'photo' as const, ...rec('parent1', 'granted') },
        { use: 'photo' as const, ...rec('parent2', 'granted') },
        { use: 'online_gallery' as const, ...rec('parent1', 'granted') },
      ],
      twoParents,
    );
    expect(statuses).toEqual({
      photo: 'allowed',
      class_photo: 'pending',
      online_gallery: 'pending',
      other: 'pending',
    });
  });
});

describe('age and removal', () => {
  it('counts full years, birthday included', () => {
    expect(ageOn('2008-09-15', '2026-09-14')).toBe(17);
    expect(ageOn('2008-09-15', '2026-09-15')).toBe(18);
    expect(isAdult(null, '2026-09-15')).toBe(false);
  });

  it('marks a published student for removal when a published use is withdrawn', () => {
    expect(needsRemoval('online_gallery', 'withdrawn', true)).toBe(true);
    expect(needsRemoval('photo', 'refused', true)).toBe(true);
    expect(needsRemoval('online_gallery', 'withdrawn', false)).toBe(false);
    expect(needsRemoval('other', 'withdrawn', true)).toBe(false);
    expect(needsRemoval('online_gallery', 'allowed', true)).toBe(false);
  });
});

describe('consent while labeling', () => {
  it('forbids a child not to be photographed for every use, shows a missing form as pending', () => {
    const all = {
      photo: 'allowed',
      class_photo: 'allowed',
      online_gallery: 'refused',
      other: 'pending',
    } as const;
    // Online display is the publish gate's business, not labeling's.
    expect(labelingConsent(all)).toEqual({ verdict: 'allowed', use: 'photo' });
    expect(labelingConsent({ ...all, photo: 'withdrawn' }, 'class_photo')).toEqual({
      verdict: 'forbidden',
      use: 'photo',
    });
    expect(labelingConsent({ ...all, class_photo: 'refused' })).toEqual({ verdict: 'allowed', use: 'photo' });
    expect(labelingConsent({ ...all, class_photo: 'refused' }, 'class_photo')).toEqual({
      verdict: 'forbidden',
      use: 'class_photo',
    });
    expect(labelingConsent({ ...all, photo: 'pending' })).toEqual({ verdict: 'pending', use: 'photo' });
    expect(labelingConsent({})).toEqual({ verdict: 'pending', use: 'photo' });
  });

  it('says, holder by holder, who refused what on which document, and whose form is missing', () => {
    const r = (holder: ConsentHolder, decision: ConsentDecision, use = 'photo' as const) => ({
      ...rec(holder, decision),
      use,
      decidedOn: '2026-09-14',
      source: 'paper_form' as const,
    });
    expect(holderDecisions([r('parent1', 'refused')], 'photo', ['parent1', 'parent2'])).toEqual([
      { holder: 'parent1', decision: 'refused', decidedOn: '2026-09-14', source: 'paper_form' },
      { holder: 'parent2', decision: null, decidedOn: null, source: null },
    ]);
    // The latest decision counts; an older minor's own refusal is listed too.
    expect(
      holderDecisions([r('parent1', 'granted'), r('parent1', 'withdrawn'), r('self', 'refused')], 'photo', [
        'parent1',
      ]),
    ).toEqual([
      { holder: 'parent1', decision: 'withdrawn', decidedOn: '2026-09-14', source: 'paper_form' },
      { holder: 'self', decision: 'refused', decidedOn: '2026-09-14', source: 'paper_form' },
    ]);
  });
});
