/**
 * The consent grid of a class: one row per child in roster order, one column per use and per holder
 * of parental authority (one per use where one signature suffices; an adult student answers in the
 * first), driven from the keyboard like a paper sheet read aloud — see `consent-grid.ts` for the
 * keys. A cell shows the decision in force, a typed decision not saved yet (filled letter), or the
 * school's ONDE hint as a suggestion (dashed, with a question mark) that is never saved unless its
 * row is confirmed. One focusable grid with `aria-activedescendant`, so a screen reader follows
 * the cursor and Tab leaves the grid in one press.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ConsentGrid as Grid, ConsentGridRow, ConsentHolder } from '../../../shared/domain/consent';
import { useT, type Translator } from '../../i18n/use-t';
import { StatusBadge } from './ConsentPanel';
import {
  cellKey,
  holderAt,
  inForce,
  keyToAction,
  suggestionAt,
  type Decision,
  type GridAction,
  type GridColumn,
  type GridState,
} from './consent-grid';

const SYMBOL = { granted: '✓', refused: '✗', withdrawn: '↩' } as const;
const LETTER = { granted: 'O', refused: 'N' } as const;

function holderName(tr: Translator, holder: ConsentHolder): string {
  return tr.t(`consent.holder.${holder}`);
}

interface CellView {
  kind: 'na' | 'draft' | 'hint' | 'recorded' | 'none';
  text: string;
  decision: Decision | 'withdrawn' | null;
  label: string;
}

function cellView(
  tr: Translator,
  row: ConsentGridRow,
  col: GridColumn,
  state: GridState,
  hints: boolean,
): CellView {
  const { t } = tr;
  const holder = holderAt(row, col);
  const student = `${row.displayName} ${row.firstName}`;
  const use = t(`consent.use.${col.use}`);
  if (!holder)
    return {
      kind: 'na',
      text: '—',
      decision: null,
      label: t('consent.grid.cell.label', { student, use, holder: '—', value: t('consent.grid.cell.na') }),
    };
  const labelOf = (value: string) =>
    t('consent.grid.cell.label', { student, use, holder: holderName(tr, holder), value });
  const draft = state.drafts[cellKey(row.studentId, col)];
  if (draft)
    return {
      kind: 'draft',
      text: LETTER[draft],
      decision: draft,
      label: labelOf(t('consent.grid.cell.draft', { decision: t(`consent.decision.${draft}`) })),
    };
  const hint = suggestionAt(row, col, hints);
  if (hint)
    return {
      kind: 'hint',
      text: `${LETTER[hint]}?`,
      decision: hint,
      label: labelOf(t('consent.grid.cell.suggestion', { decision: t(`consent.decision.${hint}`) })),
    };
  const recorded = inForce(row, col);
  if (recorded)
    return {
      kind: 'recorded',
      text: SYMBOL[recorded.decision],
      decision: recorded.decision,
      label: labelOf(
        t('consent.record.line', {
          decision: t(`consent.decision.${recorded.decision}`),
          date: tr.date(recorded.decidedOn),
          source: t(`consent.source.${recorded.source}`),
        }),
      ),
    };
  return { kind: 'none', text: '·', decision: null, label: labelOf(t('consent.grid.cell.none')) };
}

export function ConsentGrid({
  grid,
  columns,
  state,
  hints,
  onAction,
  autoFocus,
}: {
  grid: Grid;
  columns: readonly GridColumn[];
  state: GridState;
  hints: boolean;
  onAction: (action: GridAction | 'save') => void;
  autoFocus: boolean;
}) {
  const tr = useT();
  const { t } = tr;
  const table = useRef<HTMLTableElement>(null);
  const idOf = (r: number, c: number) => `consent-cell-${grid.classId}-${r}-${c}`;
  const activeId = grid.rows.length > 0 ? idOf(state.row, state.col) : undefined;
  const twoSlots = columns.some((c) => c.slot === 1);
  const uses = [...new Set(columns.map((c) => c.use))];

  useEffect(() => {
    if (autoFocus) table.current?.focus({ preventScroll: false });
  }, [autoFocus, grid.classId]);

  useEffect(() => {
    if (activeId)
      document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [activeId]);

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const action = keyToAction(e);
    if (!action) return;
    e.preventDefault();
    onAction(action);
  };

  if (grid.rows.length === 0) return <p className="muted">{t('consent.grid.empty')}</p>;

  return (
    <div className="consent-grid-wrap">
      <table
        ref={table}
        className="consent-grid"
        role="grid"
        tabIndex={0}
        aria-label={t('consent.grid.label', { class: grid.classLabel })}
        aria-rowcount={grid.rows.length}
        aria-activedescendant={activeId}
        onKeyDown={onKeyDown}
        data-testid="consent-grid"
      >
        <thead>
          <tr>
            <th scope="col" rowSpan={twoSlots ? 2 : 1} className="num">
              {t('shootList.col.order')}
            </th>
            <th scope="col" rowSpan={twoSlots ? 2 : 1}>
              {t('consent.grid.student')}
            </th>
            {uses.map((use) => (
              <th key={use} scope="colgroup" colSpan={twoSlots ? 2 : 1} className="consent-grid__use">
                {t(`consent.use.${use}`)}
              </th>
            ))}
            <th scope="col" rowSpan={twoSlots ? 2 : 1}>
              {t('consent.grid.status')}
            </th>
          </tr>
          {twoSlots && (
            <tr>
              {columns.map((col) => (
                <th key={`${col.use}-${col.slot}`} scope="col" className="consent-grid__slot">
                  {t(col.slot === 0 ? 'consent.grid.slot.1' : 'consent.grid.slot.2')}
                </th>
              ))}
            </tr>
          )}
        </thead>
        <tbody>
          {grid.rows.map((row, r) => (
            <tr
              key={row.studentId}
              className={
                r === state.row ? 'consent-grid__row consent-grid__row--active' : 'consent-grid__row'
              }
              data-testid="consent-grid-row"
              data-student={row.studentId}
            >
              <td className="num">{row.order}</td>
              <th scope="row" className="consent-grid__name">
                <strong>{row.displayName}</strong> {row.firstName}
                {row.adult && <span className="tag">{t('consent.grid.adult')}</span>}
                {!row.adult && row.authorityHolders === 1 && !grid.oneSignatureSuffices && (
                  <span className="tag">{t('consent.grid.oneHolder')}</span>
                )}
              </th>
              {columns.map((col, c) => {
                const view = cellView(tr, row, col, state, hints);
                const active = r === state.row && c === state.col;
                return (
                  <td
                    key={`${col.use}-${col.slot}`}
                    id={idOf(r, c)}
                    role="gridcell"
                    aria-selected={active}
                    aria-label={view.label}
                    title={view.label}
                    className={[
                      'gcell',
                      `gcell--${view.kind}`,
                      view.decision ? `gcell--${view.decision}` : '',
                      col.slot === 0 ? 'gcell--first' : '',
                      active ? 'gcell--active' : '',
                    ]
                      .filter(Boolean)
                      .join(' ')}
                    data-kind={view.kind}
                    data-decision={view.decision ?? undefined}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      table.current?.focus();
                      onAction({ type: 'focus', row: r, col: c });
                    }}
                  >
                    <span aria-hidden="true">{view.text}</span>
                  </td>
                );
              })}
              <td>
                <StatusBadge status={row.statuses.photo ?? 'pending'} use="photo" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
