import { describe, expect, it } from 'vitest';
import type { ConsentGridRow } from '../../../shared/domain/consent';
import {
  gridColumns,
  keyToAction,
  pendingEntries,
  reduceGrid,
  suggestionAt,
  unconfirmedHints,
  type GridContext,
  type GridState,
  type KeyLike,
} from './consent-grid';

function row(id: string, patch: Partial<ConsentGridRow> = {}): ConsentGridRow {
  return {
    studentId: id,
    order: 1,
    displayName: id.toUpperCase(),
    firstName: 'Élève',
    adult: false,
    authorityHolders: 2,
    holders: ['parent1', 'parent2'],
    photoHint: null,
    cells: [],
    statuses: { photo: 'pending', class_photo: 'pending', online_gallery: 'pending', other: 'pending' },
    ...patch,
  };
}

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  code: k.length === 1 ? `Key${k.toUpperCase()}` : k,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

function press(state: GridState, ctx: GridContext, ...keys: KeyLike[]): GridState {
  for (const k of keys) {
    const action = keyToAction(k);
    if (action && action !== 'save') state = reduceGrid(state, action, ctx);
  }
  return state;
}

const start: GridState = { row: 0, col: 0, drafts: {}, history: [] };

describe('consent grid keys', () => {
  it('reads O, N and Space the same whatever the layout, Shift for the row, Alt for the column', () => {
    expect(keyToAction(key('o'))).toEqual({ type: 'set', decision: 'granted', scope: 'cell', advance: true });
    expect(keyToAction(key('O', { shiftKey: true }))).toMatchObject({ decision: 'granted', scope: 'row' });
    // macOS types « ø » for Alt+O: the physical key still says O.
    expect(keyToAction(key('ø', { altKey: true, code: 'KeyO' }))).toMatchObject({
      decision: 'granted',
      scope: 'column',
    });
    expect(keyToAction(key('n'))).toMatchObject({ decision: 'refused', scope: 'cell' });
    expect(keyToAction(key(' '))).toEqual({ type: 'set', decision: null, scope: 'cell', advance: true });
    expect(keyToAction(key('Delete', { shiftKey: true }))).toMatchObject({ decision: null, scope: 'row' });
    expect(keyToAction(key('Enter'))).toEqual({
      type: 'set',
      decision: 'granted',
      scope: 'row',
      advance: true,
    });
    expect(keyToAction(key('s', { ctrlKey: true }))).toBe('save');
    expect(keyToAction(key('Enter', { metaKey: true }))).toBe('save');
    expect(keyToAction(key('z', { ctrlKey: true }))).toEqual({ type: 'undo' });
    // Caps Lock is not Shift: one cell, not the row.
    expect(keyToAction(key('O'))).toMatchObject({ scope: 'cell' });
    expect(keyToAction(key('Tab'))).toBeNull();
    expect(keyToAction(key('x'))).toBeNull();
  });
});

describe('consent grid entry', () => {
  const rows = [
    row('a'),
    row('b', { authorityHolders: 1, holders: ['parent1'] }),
    row('c', { adult: true, holders: ['self'] }),
    row('d'),
  ];
  const ctx: GridContext = { rows, columns: gridColumns(false), hints: true };

  it('one Enter per child records everything agreed by every holder who decides, then goes down', () => {
    const done = press(start, ctx, key('Enter'), key('Enter'), key('Enter'), key('Enter'));
    expect(done.row).toBe(3);
    const entries = pendingEntries(done.drafts, ctx);
    // 8 cells for two parents, 4 for one parent, 4 for an adult student, 8 again.
    expect(entries).toHaveLength(24);
    expect(entries.filter((e) => e.studentId === 'b').every((e) => e.holder === 'parent1')).toBe(true);
    expect(entries.filter((e) => e.studentId === 'c').every((e) => e.holder === 'self')).toBe(true);
    expect(entries.every((e) => e.decision === 'granted')).toBe(true);
  });

  it('moves like a pen: a decision goes to the next cell where someone decides, skipping the empty ones', () => {
    let s = press({ ...start, row: 1, col: 6 }, ctx, key('o'));
    // Student b has no second holder: from « other, holder 1 » the next cell is the next child's first.
    expect([s.row, s.col]).toEqual([2, 0]);
    s = press(s, ctx, key('n'));
    expect([s.row, s.col]).toEqual([2, 2]);
    expect(pendingEntries(s.drafts, ctx)).toEqual([
      { studentId: 'b', use: 'other', holder: 'parent1', decision: 'granted' },
      { studentId: 'c', use: 'photo', holder: 'self', decision: 'refused' },
    ]);
  });

  it('applies a decision to a whole column, clears, and undoes the last key', () => {
    let s = press({ ...start, col: 4 }, ctx, key('n', { altKey: true }));
    expect(pendingEntries(s.drafts, ctx).map((e) => [e.studentId, e.use, e.holder])).toEqual([
      ['a', 'online_gallery', 'parent1'],
      ['b', 'online_gallery', 'parent1'],
      ['c', 'online_gallery', 'self'],
      ['d', 'online_gallery', 'parent1'],
    ]);
    s = press(s, ctx, key('Delete'));
    expect(pendingEntries(s.drafts, ctx)).toHaveLength(3);
    s = press(s, ctx, key('z', { ctrlKey: true }));
    expect(pendingEntries(s.drafts, ctx)).toHaveLength(4);
    s = press(s, ctx, key('z', { ctrlKey: true }));
    expect(s.drafts).toEqual({});
  });

  it('leaves out what is already in force, and a refusal where consent is already withdrawn', () => {
    const recorded = row('e', {
      cells: [
        {
          use: 'photo',
          holder: 'parent1',
          decision: 'granted',
          decidedOn: '2026-09-01',
          source: 'paper_form',
        },
        { use: 'photo', holder: 'parent2', decision: 'withdrawn', decidedOn: '2026-10-01', source: 'letter' },
      ],
    });
    const c: GridContext = { rows: [recorded], columns: gridColumns(false), hints: false };
    const s = press(start, c, key('o'), key('n'), key('n'));
    expect(pendingEntries(s.drafts, c)).toEqual([
      { studentId: 'e', use: 'class_photo', holder: 'parent1', decision: 'refused' },
    ]);
  });

  it('offers the school’s hint only as a suggestion a person confirms row by row', () => {
    const hinted = [row('h', { photoHint: 'yes' }), row('k', { photoHint: 'no' }), row('m')];
    const c: GridContext = { rows: hinted, columns: gridColumns(false), hints: true };
    expect(suggestionAt(hinted[0]!, { use: 'photo', slot: 1 }, true)).toBe('granted');
    expect(suggestionAt(hinted[0]!, { use: 'online_gallery', slot: 0 }, true)).toBeNull();
    expect(suggestionAt(hinted[1]!, { use: 'class_photo', slot: 0 }, true)).toBe('refused');
    // Nothing is saved from a suggestion alone.
    expect(pendingEntries(start.drafts, c)).toEqual([]);
    expect(unconfirmedHints(start.drafts, c)).toBe(8);
    const s = press(start, c, key('v'));
    expect(s.row).toBe(1);
    expect(pendingEntries(s.drafts, c)).toHaveLength(4);
    expect(unconfirmedHints(s.drafts, c)).toBe(4);
    expect(unconfirmedHints(s.drafts, { ...c, hints: false })).toBe(0);
  });

  it('has one column per use when one signature suffices', () => {
    const cols = gridColumns(true);
    expect(cols.map((col) => [col.use, col.slot])).toEqual([
      ['photo', 0],
      ['class_photo', 0],
      ['online_gallery', 0],
      ['other', 0],
    ]);
    const c: GridContext = { rows: [row('a')], columns: cols, hints: false };
    const s = reduceGrid(start, { type: 'set', decision: 'granted', scope: 'row', advance: true }, c);
    expect(pendingEntries(s.drafts, c).map((e) => e.holder)).toEqual([
      'parent1',
      'parent1',
      'parent1',
      'parent1',
    ]);
  });
});
