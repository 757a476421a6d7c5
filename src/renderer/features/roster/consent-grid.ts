/**
 * The consent grid's rules, apart from React: which columns a class has (per use, per holder — one
 * per use where one signature suffices), which key does what (the same on AZERTY and QWERTY: O, N,
 * Space, Enter, arrows; Shift for the whole row, Alt for the whole column), how the cursor moves
 * like a pen down a paper sheet, and which typed decisions actually change something. The school's
 * ONDE hint is only ever a suggestion here: it becomes a decision when a person confirms its row.
 */
import type {
  ConsentCell,
  ConsentEntry,
  ConsentGridRow,
  ConsentHolder,
  ConsentUse,
} from '../../../shared/domain/consent';
import { CONSENT_USES } from '../../../shared/domain/consent';

export type Decision = 'granted' | 'refused';

export interface GridColumn {
  use: ConsentUse;
  /** First or second column of the use: `row.holders[slot]` decides there. */
  slot: 0 | 1;
}

/** Typed decisions not saved yet, by `studentId|use|slot`. */
export type Drafts = Readonly<Record<string, Decision>>;

export interface GridState {
  row: number;
  col: number;
  drafts: Drafts;
  /** Drafts before each change, most recent last (Ctrl+Z). */
  history: readonly Drafts[];
}

export type GridAction =
  | { type: 'move'; rows: number; cols: number }
  | { type: 'edge'; to: 'start' | 'end' }
  | { type: 'focus'; row: number; col: number }
  | { type: 'set'; decision: Decision | null; scope: 'cell' | 'row' | 'column'; advance: boolean }
  | { type: 'confirmHint' }
  | { type: 'undo' }
  | { type: 'clear' };

export interface GridContext {
  rows: readonly ConsentGridRow[];
  columns: readonly GridColumn[];
  /** Offer the school's ONDE hint as suggestions. */
  hints: boolean;
}

/** Today in the user's time zone, ISO (a form dated today at 00:30 in Lyon is not yesterday's). */
export function localIsoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function gridColumns(oneSignatureSuffices: boolean): GridColumn[] {
  return CONSENT_USES.flatMap((use) =>
    oneSignatureSuffices
      ? [{ use, slot: 0 as const }]
      : [
          { use, slot: 0 as const },
          { use, slot: 1 as const },
        ],
  );
}

export const cellKey = (studentId: string, col: GridColumn): string => `${studentId}|${col.use}|${col.slot}`;

/** Who decides in this cell for this student; null where no one does (no second holder, an adult's second column). */
export function holderAt(row: ConsentGridRow, col: GridColumn): ConsentHolder | null {
  return row.holders[col.slot] ?? null;
}

/** The decision in force in this cell, if any. */
export function inForce(row: ConsentGridRow, col: GridColumn): ConsentCell | undefined {
  const holder = holderAt(row, col);
  return holder ? row.cells.find((c) => c.use === col.use && c.holder === holder) : undefined;
}

/**
 * The school's ONDE « Autorisation photo » offered for this cell: about being photographed (the
 * individual and class photos only), where nothing is recorded yet. Never a record by itself.
 */
export function suggestionAt(row: ConsentGridRow, col: GridColumn, hints: boolean): Decision | null {
  if (!hints || !row.photoHint || (col.use !== 'photo' && col.use !== 'class_photo')) return null;
  if (!holderAt(row, col) || inForce(row, col)) return null;
  return row.photoHint === 'yes' ? 'granted' : 'refused';
}

export interface KeyLike {
  key: string;
  code: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** The letter a key stands for: `e.key` on every layout; with Alt (macOS types « ø »), the physical key. */
function letter(e: KeyLike): string {
  if (e.key.length === 1 && /[a-z]/i.test(e.key)) return e.key.toLowerCase();
  const m = /^Key([A-Z])$/.exec(e.code);
  return e.altKey && m ? m[1]!.toLowerCase() : '';
}

/** What a key press does in the grid; null lets the browser have it (Tab leaves the grid). */
export function keyToAction(e: KeyLike): GridAction | 'save' | null {
  const command = e.ctrlKey || e.metaKey;
  const l = letter(e);
  if (command) {
    if (l === 's' || e.key === 'Enter') return 'save';
    if (l === 'z' && !e.shiftKey) return { type: 'undo' };
    return null;
  }
  const scope = e.altKey ? 'column' : e.shiftKey ? 'row' : 'cell';
  switch (e.key) {
    case 'ArrowUp':
      return { type: 'move', rows: -1, cols: 0 };
    case 'ArrowDown':
      return { type: 'move', rows: 1, cols: 0 };
    case 'ArrowLeft':
      return { type: 'move', rows: 0, cols: -1 };
    case 'ArrowRight':
      return { type: 'move', rows: 0, cols: 1 };
    case 'Home':
      return { type: 'edge', to: 'start' };
    case 'End':
      return { type: 'edge', to: 'end' };
    case 'Enter':
      // The common case in one key: both parents agreed to everything — then the next child.
      return e.altKey ? null : { type: 'set', decision: 'granted', scope: 'row', advance: true };
    case ' ':
    case 'Spacebar':
      return { type: 'set', decision: null, scope, advance: scope === 'cell' };
    case 'Delete':
    case 'Backspace':
      return { type: 'set', decision: null, scope, advance: false };
    default:
      break;
  }
  if (l === 'o') return { type: 'set', decision: 'granted', scope, advance: scope !== 'column' };
  if (l === 'n') return { type: 'set', decision: 'refused', scope, advance: scope !== 'column' };
  if (l === 'v' && scope === 'cell') return { type: 'confirmHint' };
  return null;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(max, n));
}

/** The next cell where someone decides, after (row, col): along the row, then down to the next child. */
function nextCell(ctx: GridContext, row: number, col: number): { row: number; col: number } {
  for (let r = row, c = col + 1; r < ctx.rows.length; r += 1, c = 0)
    for (; c < ctx.columns.length; c += 1)
      if (holderAt(ctx.rows[r]!, ctx.columns[c]!)) return { row: r, col: c };
  return { row, col };
}

function withDrafts(state: GridState, drafts: Record<string, Decision>): GridState {
  return { ...state, drafts, history: [...state.history.slice(-199), state.drafts] };
}

export function reduceGrid(state: GridState, action: GridAction, ctx: GridContext): GridState {
  const lastRow = Math.max(0, ctx.rows.length - 1);
  const lastCol = Math.max(0, ctx.columns.length - 1);
  switch (action.type) {
    case 'move':
      return {
        ...state,
        row: clamp(state.row + action.rows, lastRow),
        col: clamp(state.col + action.cols, lastCol),
      };
    case 'edge':
      return { ...state, col: action.to === 'start' ? 0 : lastCol };
    case 'focus':
      return { ...state, row: clamp(action.row, lastRow), col: clamp(action.col, lastCol) };
    case 'undo': {
      const previous = state.history.at(-1);
      return previous ? { ...state, drafts: previous, history: state.history.slice(0, -1) } : state;
    }
    case 'clear':
      return Object.keys(state.drafts).length === 0 ? state : withDrafts(state, {});
    case 'confirmHint': {
      const row = ctx.rows[state.row];
      if (!row) return state;
      const drafts = { ...state.drafts };
      for (const col of ctx.columns) {
        const hint = suggestionAt(row, col, ctx.hints);
        if (hint && drafts[cellKey(row.studentId, col)] === undefined)
          drafts[cellKey(row.studentId, col)] = hint;
      }
      return { ...withDrafts(state, drafts), row: clamp(state.row + 1, lastRow) };
    }
    case 'set': {
      const cells: [ConsentGridRow, GridColumn][] = [];
      if (action.scope === 'cell') {
        const row = ctx.rows[state.row];
        const col = ctx.columns[state.col];
        if (row && col) cells.push([row, col]);
      } else if (action.scope === 'row') {
        const row = ctx.rows[state.row];
        if (row) for (const col of ctx.columns) cells.push([row, col]);
      } else {
        const col = ctx.columns[state.col];
        if (col) for (const row of ctx.rows) cells.push([row, col]);
      }
      const applicable = cells.filter(([row, col]) => holderAt(row, col) !== null);
      if (applicable.length === 0) return state;
      const drafts = { ...state.drafts };
      for (const [row, col] of applicable) {
        const key = cellKey(row.studentId, col);
        if (action.decision) drafts[key] = action.decision;
        else delete drafts[key];
      }
      let next = withDrafts(state, drafts);
      if (action.advance)
        next =
          action.scope === 'row'
            ? { ...next, row: clamp(state.row + 1, lastRow) }
            : { ...next, ...nextCell(ctx, state.row, state.col) };
      return next;
    }
  }
}

/**
 * The typed decisions that change something, as entries for `consent.recordMany`: one equal to the
 * decision in force is left out, and so is a refusal where consent is already refused or withdrawn.
 */
export function pendingEntries(drafts: Drafts, ctx: Pick<GridContext, 'rows' | 'columns'>): ConsentEntry[] {
  const entries: ConsentEntry[] = [];
  for (const row of ctx.rows)
    for (const col of ctx.columns) {
      const decision = drafts[cellKey(row.studentId, col)];
      const holder = holderAt(row, col);
      if (!decision || !holder) continue;
      const current = inForce(row, col)?.decision;
      if (current === decision || (decision === 'refused' && current === 'withdrawn')) continue;
      entries.push({ studentId: row.studentId, use: col.use, holder, decision });
    }
  return entries;
}

/** Suggestions still waiting for a person's confirmation (they are never saved as they are). */
export function unconfirmedHints(drafts: Drafts, ctx: GridContext): number {
  let n = 0;
  for (const row of ctx.rows)
    for (const col of ctx.columns)
      if (suggestionAt(row, col, ctx.hints) && drafts[cellKey(row.studentId, col)] === undefined) n += 1;
  return n;
}
