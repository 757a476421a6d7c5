import { describe, expect, it } from 'vitest';
import { nextProposal, studentsBefore } from './labeling';

const roster = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, forbidden: id === 'b' }));

describe('sequence mode proposal', () => {
  it('follows the roster from the child just labeled, wraps round, and never proposes a forbidden child', () => {
    expect(nextProposal(roster, { after: [], done: new Set() })).toBe('a');
    expect(nextProposal(roster, { after: ['a'], done: new Set(['a']) })).toBe('c');
    // d picked out of order: e next, then back to c.
    expect(nextProposal(roster, { after: ['d'], done: new Set(['a', 'd']) })).toBe('e');
    expect(nextProposal(roster, { after: ['e'], done: new Set(['a', 'd', 'e']) })).toBe('c');
    expect(nextProposal(roster, { after: ['c'], done: new Set(['a', 'c', 'd', 'e']) })).toBeNull();
    // Siblings on one burst: from the last of them in the roster; a child of another class is ignored.
    expect(nextProposal(roster, { after: ['c', 'a', 'zz'], done: new Set(['a', 'c']) })).toBe('d');
  });

  it('takes the students of the nearest burst before that has any', () => {
    const subjects = [{ photoIds: ['1', '2'] }, { photoIds: ['3'] }, { photoIds: ['4'] }];
    const labels: Record<string, string[]> = { '1': ['a'], '2': ['a', 'f'] };
    const of = (id: string) => labels[id] ?? [];
    expect(studentsBefore(subjects, 0, of)).toEqual([]);
    expect(studentsBefore(subjects, 2, of)).toEqual(['a', 'f']);
    expect(studentsBefore(subjects, 3, of)).toEqual(['a', 'f']);
  });
});
