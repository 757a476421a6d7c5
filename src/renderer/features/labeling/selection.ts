/**
 * Photo-by-photo selection in a grid ordered like the shoot: a click selects one photo, a
 * shift-click the range from the anchor, a ctrl/cmd-click adds or removes one, Shift+arrows extend
 * from the anchor to the focused photo. Pure, so the rules are tested without a browser.
 */
export interface Selection {
  /** Selected photo ids, in shoot order. */
  ids: readonly string[];
  /** Where a range starts (the last photo clicked without shift). */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: [], anchor: null };

export type SelectMode = 'only' | 'toggle' | 'range';

/** The photos between two ids (both included) in `order`; just `to` when `from` is not in it. */
function range(order: readonly string[], from: string, to: string): string[] {
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return b < 0 ? [] : [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

function inOrder(order: readonly string[], ids: Iterable<string>): string[] {
  const set = new Set(ids);
  return order.filter((id) => set.has(id));
}

export function select(
  current: Selection,
  order: readonly string[],
  id: string,
  mode: SelectMode,
): Selection {
  if (mode === 'only') return { ids: [id], anchor: id };
  if (mode === 'toggle') {
    const set = new Set(current.ids);
    if (set.has(id)) set.delete(id);
    else set.add(id);
    return { ids: inOrder(order, set), anchor: id };
  }
  const anchor = current.anchor ?? id;
  return { ids: range(order, anchor, id), anchor };
}

/** Shift+arrow: the range from the anchor (the focused photo when there is none) to `to`. */
export function extendTo(
  current: Selection,
  order: readonly string[],
  focused: string,
  to: string,
): Selection {
  const anchor = current.anchor ?? focused;
  return { ids: range(order, anchor, to), anchor };
}
