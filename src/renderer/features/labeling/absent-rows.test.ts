import { describe, expect, it } from 'vitest';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { absentRows } from './absent-rows';

const classes = [
  { id: 'cp', label: 'CP' },
  { id: 'cm1', label: 'CM1' },
] as SchoolClass[];
const student = (id: string, classId: string) => [id, { id, classId } as Student] as const;
const byId = new Map([
  student('a', 'cm1'),
  student('b', 'cm1'),
  student('c', 'cp'),
  student('d', 'cm1'),
  student('e', 'cp'),
]);

describe('absent students in the checks panel', () => {
  it('gives one row per class in class order, with the students still to decide about', () => {
    const { rows, confirmed } = absentRows(['a', 'b', 'c', 'd'], [], byId, classes);
    expect(rows.map((r) => [r.classLabel, r.pending])).toEqual([
      ['CP', ['c']],
      ['CM1', ['a', 'b', 'd']],
    ]);
    expect(confirmed).toBe(0);
  });

  it('drops a class whose missing students were all confirmed absent, so the panel can reach zero', () => {
    const { rows, confirmed } = absentRows(['a', 'b', 'c'], ['a', 'b'], byId, classes);
    expect(rows.map((r) => r.classLabel)).toEqual(['CP']);
    expect(confirmed).toBe(2);
    expect(absentRows(['a', 'b', 'c'], ['a', 'b', 'c'], byId, classes).rows).toEqual([]);
  });
});
