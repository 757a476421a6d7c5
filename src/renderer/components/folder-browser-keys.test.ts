import { describe, expect, it } from 'vitest';
import { browserKey, fold, TYPEAHEAD_MS, type BrowserKeyState } from './folder-browser-keys';

const names = ['DCIM', 'Écoles', 'ecran', 'Photos 9', 'Photos 10', 'Reportages', 'Zoo'];
const at = (active: number, typed = '', typedAt = 0): BrowserKeyState => ({ names, active, typed, typedAt });
const key = (
  state: BrowserKeyState,
  k: string,
  mods: { ctrlKey?: boolean; altKey?: boolean } = {},
  now = 0,
) => browserKey(state, { key: k, ...mods }, now).action;

describe('folder browser keys', () => {
  it('moves with the arrows, Home, End and the page keys, never past either end', () => {
    expect(key(at(-1), 'ArrowDown')).toEqual({ type: 'move', index: 0 });
    expect(key(at(2), 'ArrowDown')).toEqual({ type: 'move', index: 3 });
    expect(key(at(6), 'ArrowDown')).toEqual({ type: 'move', index: 6 });
    expect(key(at(0), 'ArrowUp')).toEqual({ type: 'move', index: 0 });
    expect(key(at(-1), 'ArrowUp')).toEqual({ type: 'move', index: 6 });
    expect(key(at(3), 'Home')).toEqual({ type: 'move', index: 0 });
    expect(key(at(3), 'End')).toEqual({ type: 'move', index: 6 });
    expect(key(at(1), 'PageDown')).toEqual({ type: 'move', index: 6 });
    expect(key(at(5), 'PageUp')).toEqual({ type: 'move', index: 0 });
  });

  it('opens with Enter or →, goes up with Backspace, ← or Alt+↑, chooses with Ctrl+Enter, cancels with Escape', () => {
    expect(key(at(2), 'Enter')).toEqual({ type: 'open', index: 2 });
    expect(key(at(2), 'ArrowRight')).toEqual({ type: 'open', index: 2 });
    expect(key(at(-1), 'Enter')).toEqual({ type: 'none' });
    expect(key(at(2), 'Backspace')).toEqual({ type: 'up' });
    expect(key(at(2), 'ArrowLeft')).toEqual({ type: 'up' });
    expect(key(at(2), 'ArrowUp', { altKey: true })).toEqual({ type: 'up' });
    expect(key(at(2), 'Enter', { ctrlKey: true })).toEqual({ type: 'choose' });
    expect(key(at(2), 'Escape')).toEqual({ type: 'cancel' });
  });

  it('does nothing with the arrows in an empty folder, but still goes up and chooses', () => {
    const empty: BrowserKeyState = { names: [], active: -1, typed: '', typedAt: 0 };
    expect(key(empty, 'ArrowDown')).toEqual({ type: 'none' });
    expect(key(empty, 'Enter')).toEqual({ type: 'none' });
    expect(key(empty, 'Backspace')).toEqual({ type: 'up' });
    expect(key(empty, 'Enter', { ctrlKey: true })).toEqual({ type: 'choose' });
  });

  it('jumps to the first folder starting with what is typed, accents and case ignored', () => {
    expect(fold('Écoles')).toBe('ecoles');
    expect(key(at(-1), 'r')).toEqual({ type: 'move', index: 5 });
    expect(key(at(-1), 'é')).toEqual({ type: 'move', index: 1 });
    // « ecr » typed quickly: past « Écoles » to « ecran ».
    let state = at(-1);
    let now = 0;
    for (const c of 'ecr') {
      const r = browserKey(state, { key: c }, now);
      if (r.action.type === 'move') state = { ...state, active: r.action.index };
      state = { ...state, typed: r.typed, typedAt: now };
      now += 100;
    }
    expect(state.active).toBe(2);
    // After a pause the typing starts over.
    expect(browserKey({ ...state, typed: 'ecr', typedAt: 0 }, { key: 'z' }, TYPEAHEAD_MS + 1).action).toEqual(
      {
        type: 'move',
        index: 6,
      },
    );
  });

  it('cycles through the folders starting with the same letter typed again', () => {
    const first = browserKey(at(-1), { key: 'p' }, 0);
    expect(first.action).toEqual({ type: 'move', index: 3 });
    const second = browserKey({ ...at(3), typed: first.typed, typedAt: 0 }, { key: 'p' }, 100);
    expect(second.action).toEqual({ type: 'move', index: 4 });
    const third = browserKey({ ...at(4), typed: second.typed, typedAt: 100 }, { key: 'p' }, 200);
    expect(third.action).toEqual({ type: 'move', index: 3 });
  });

  it('leaves shortcuts with Ctrl or Alt and the space bar to the page', () => {
    expect(key(at(1), 'a', { ctrlKey: true })).toEqual({ type: 'none' });
    expect(key(at(1), ' ')).toEqual({ type: 'none' });
    expect(key(at(1), 'Tab')).toEqual({ type: 'none' });
  });
});
