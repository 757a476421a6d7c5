/**
 * What a key does in the folder browser, as a pure function so it is tested without a browser:
 * arrows move, Home/End jump, Page Up/Down move a page, Enter opens the highlighted folder,
 * Backspace (or Alt+↑) goes up, Ctrl+Enter chooses the folder on screen, Escape cancels, and typing
 * letters jumps to the first folder starting with them (accents ignored, as people type).
 */

export type BrowserAction =
  | { type: 'move'; index: number }
  | { type: 'open'; index: number }
  | { type: 'up' }
  | { type: 'choose' }
  | { type: 'cancel' }
  | { type: 'none' };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface BrowserKeyState {
  /** Names of the entries on screen, in order. */
  names: readonly string[];
  /** The highlighted entry, -1 when none. */
  active: number;
  /** What was typed for the type-ahead, and when (ms). */
  typed: string;
  typedAt: number;
}

const PAGE = 10;
export const TYPEAHEAD_MS = 800;

/** Lower case without accents: « É » finds « École » and « ecole ». */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');
}

/** The action of a key, and the type-ahead text it leaves. */
export function browserKey(
  state: BrowserKeyState,
  input: KeyInput,
  now: number,
): { action: BrowserAction; typed: string } {
  const { names, active } = state;
  const last = names.length - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  const keep = (action: BrowserAction) => ({ action, typed: '' });
  const ctrl = input.ctrlKey === true || input.metaKey === true;
  switch (input.key) {
    case 'ArrowDown':
      return keep(
        names.length ? { type: 'move', index: active < 0 ? 0 : clamp(active + 1) } : { type: 'none' },
      );
    case 'ArrowUp':
      if (input.altKey) return keep({ type: 'up' });
      return keep(
        names.length ? { type: 'move', index: active < 0 ? last : clamp(active - 1) } : { type: 'none' },
      );
    case 'Home':
      return keep(names.length ? { type: 'move', index: 0 } : { type: 'none' });
    case 'End':
      return keep(names.length ? { type: 'move', index: last } : { type: 'none' });
    case 'PageDown':
      return keep(
        names.length ? { type: 'move', index: clamp(Math.max(active, 0) + PAGE) } : { type: 'none' },
      );
    case 'PageUp':
      return keep(names.length ? { type: 'move', index: clamp(active - PAGE) } : { type: 'none' });
    case 'Enter':
      if (ctrl) return keep({ type: 'choose' });
      return keep(active >= 0 && active <= last ? { type: 'open', index: active } : { type: 'none' });
    case 'ArrowRight':
      return keep(active >= 0 && active <= last ? { type: 'open', index: active } : { type: 'none' });
    case 'Backspace':
    case 'ArrowLeft':
      return keep({ type: 'up' });
    case 'Escape':
      return keep({ type: 'cancel' });
    default:
      break;
  }
  if (ctrl || input.altKey || input.key.length !== 1 || input.key === ' ')
    return { action: { type: 'none' }, typed: state.typed };
  const typed = (now - state.typedAt <= TYPEAHEAD_MS ? state.typed : '') + fold(input.key);
  const folded = names.map(fold);
  // The same letter again cycles through the folders starting with it; more letters narrow down.
  const repeated = typed.length > 1 && [...typed].every((c) => c === typed[0]);
  const prefix = repeated ? typed[0]! : typed;
  const start = repeated ? active + 1 : Math.max(active, 0);
  for (let k = 0; k < names.length; k++) {
    const i = (start + k) % names.length;
    if (folded[i]!.startsWith(prefix)) return { action: { type: 'move', index: i }, typed };
  }
  return { action: { type: 'none' }, typed };
}
