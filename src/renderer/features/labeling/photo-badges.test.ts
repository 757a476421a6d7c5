import { describe, expect, it } from 'vitest';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { photoFacts } from './photo-badges';

function student(id: string, classId: string, consent: Partial<Student['consent']> = {}): Student {
  return {
    id,
    classId,
    familyName: `Nom${id}`,
    usageName: '',
    firstName: `Prénom${id}`,
    displayName: `Nom${id}`,
    level: 'CP',
    birthDate: null,
    ine: null,
    archived: false,
    rosterOrder: 1,
    authorityHolders: 1,
    photoHint: null,
    consent: {
      photo: 'allowed',
      class_photo: 'allowed',
      online_gallery: 'allowed',
      other: 'allowed',
      ...consent,
    },
    siblings: [],
  };
}

const classes = new Map<string, SchoolClass>([
  ['cp', { id: 'cp', label: 'CP A' } as SchoolClass],
  ['ce1', { id: 'ce1', label: 'CE1 B' } as SchoolClass],
]);

describe('grid badges', () => {
  it('warns about a do-not-photograph student, a consent refused for a class photo, and another class', () => {
    const students = new Map([
      ['a', student('a', 'cp', { photo: 'refused' })],
      ['b', student('b', 'cp', { class_photo: 'withdrawn' })],
      ['c', student('c', 'ce1')],
    ]);
    const portrait = photoFacts({ studentIds: ['a'], mark: null }, students, classes, 'cp', false);
    expect(portrait.names).toBe('Prénoma Noma');
    expect(portrait.badges.map((b) => b.kind)).toEqual(['doNotPhotograph']);
    // b's refusal is for the class photo only: nothing on a portrait, a warning on the class photo.
    expect(photoFacts({ studentIds: ['b'], mark: null }, students, classes, 'cp', false).badges).toEqual([]);
    expect(
      photoFacts({ studentIds: ['b'], mark: 'class' }, students, classes, 'cp', false).badges.map(
        (b) => b.kind,
      ),
    ).toEqual(['consent']);
    expect(photoFacts({ studentIds: ['c'], mark: null }, students, classes, 'cp', false).badges).toEqual([
      { kind: 'otherClass', tone: 'warning', text: 'CE1 B' },
    ]);
    // Across classes (whole job, "à trier"), the class is shown plainly.
    expect(photoFacts({ studentIds: ['c'], mark: null }, students, classes, null, true).badges).toEqual([
      { kind: 'class', tone: 'neutral', text: 'CE1 B' },
    ]);
    // A rejected photo is never sold: no consent warning on it.
    expect(
      photoFacts({ studentIds: ['a'], mark: 'rejected' }, students, classes, 'cp', false).badges,
    ).toEqual([]);
  });

  it('shows a pending consent on the photo while labeling, before anything is sold', () => {
    const students = new Map([
      ['p', student('p', 'cp', { photo: 'pending' })],
      ['q', student('q', 'cp', { class_photo: 'pending' })],
      ['r', student('r', 'cp', { photo: 'pending', class_photo: 'refused' })],
    ]);
    const kinds = (ids: string[], mark: 'class' | null) =>
      photoFacts({ studentIds: ids, mark }, students, classes, 'cp', false).badges.map((b) => [
        b.kind,
        b.tone,
      ]);
    expect(kinds(['p'], null)).toEqual([['pending', 'warning']]);
    // q's missing form is for the class photo: nothing on their portrait.
    expect(kinds(['q'], null)).toEqual([]);
    expect(kinds(['q'], 'class')).toEqual([['pending', 'warning']]);
    // A refusal outweighs a missing form: the class photo shows the refusal.
    expect(kinds(['r'], 'class')).toEqual([['consent', 'danger']]);
    expect(kinds(['p', 'r'], 'class')).toEqual([
      ['pending', 'warning'],
      ['consent', 'danger'],
    ]);
  });

  it('tells a label a printed card gave from a person’s, until a person confirms it', () => {
    const students = new Map([['a', student('a', 'cp')]]);
    const kinds = (cardStudentIds?: string[]) =>
      photoFacts(
        { studentIds: ['a'], mark: null, cardStudentIds },
        students,
        classes,
        'cp',
        false,
      ).badges.map((b) => [b.kind, b.tone]);
    expect(kinds(['a'])).toEqual([['card', 'neutral']]);
    expect(kinds([])).toEqual([]);
    expect(kinds()).toEqual([]);
  });
});
