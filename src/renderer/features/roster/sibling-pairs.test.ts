import { describe, expect, it } from 'vitest';
import { siblingPairs, pairKey } from './sibling-pairs';

const kid = (id: string) => ({ id, name: `${id} O'CONNOR`, classLabel: 'CP' });

describe('sibling suggestions per pair', () => {
  it('offers every pair of a shared surname on its own, never the whole surname as one family', () => {
    const group = { familyName: "O'CONNOR", students: ['a', 'b', 'c'].map(kid) };
    const pairs = siblingPairs([group], new Map(), new Set());
    expect(pairs.map((p) => [p.a.id, p.b.id])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });

  it('drops a pair once linked or dismissed, leaving the others', () => {
    const group = { familyName: "O'CONNOR", students: ['a', 'b', 'c'].map(kid) };
    const linked = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a'])],
    ]);
    const pairs = siblingPairs([group], linked, new Set([pairKey('c', 'a')]));
    expect(pairs.map((p) => p.key)).toEqual([pairKey('b', 'c')]);
  });
});
