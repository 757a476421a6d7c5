import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, extendTo, select } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('photo selection', () => {
  it('selects one photo on a click, a range on shift-click, and toggles on ctrl-click', () => {
    let s = select(EMPTY_SELECTION, order, 'b', 'only');
    expect(s.ids).toEqual(['b']);
    s = select(s, order, 'd', 'range');
    expect(s.ids).toEqual(['b', 'c', 'd']);
    // Shift-click backwards from the same anchor replaces the range.
    s = select(s, order, 'a', 'range');
    expect(s.ids).toEqual(['a', 'b']);
    s = select(s, order, 'e', 'toggle');
    expect(s.ids).toEqual(['a', 'b', 'e']);
    s = select(s, order, 'a', 'toggle');
    expect(s.ids).toEqual(['b', 'e']);
  });

  it('extends from the focused photo with the keyboard, both ways', () => {
    let s = extendTo(EMPTY_SELECTION, order, 'c', 'd');
    expect(s).toEqual({ ids: ['c', 'd'], anchor: 'c' });
    s = extendTo(s, order, 'd', 'e');
    expect(s.ids).toEqual(['c', 'd', 'e']);
    s = extendTo(s, order, 'e', 'b');
    expect(s.ids).toEqual(['b', 'c']);
  });
});
