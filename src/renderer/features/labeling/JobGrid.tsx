/**
 * The whole shoot in one grid: every photo in shoot order (sessions, then the "à trier" pile), with
 * its session or pile, its class, students, mark and warnings. Fixed-size cells on the shared row
 * virtualizer (the one the ingest grid uses), so 20,000 photos scroll as smoothly as 20. The arrow
 * keys (Home, End too) move from photo to photo, one tab stop for the whole grid; Enter or a click
 * shows the photo in its session, on its burst, ready to label.
 */
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { SessionList } from '../../../shared/domain/labeling';
import { useRowVirtualizer } from '../../hooks/use-row-virtualizer';
import { BurstPhoto, type GridContext } from './BurstGrid';
import type { PhotoState } from './labeling-store';

const CELL_WIDTH = 158;
const ROW_HEIGHT = 160;

interface Cell {
  id: string;
  /** Session number, or 0 for the "à trier" pile. */
  session: number;
}

export function JobGrid({
  list,
  labels,
  context,
  onOpen,
}: {
  list: SessionList;
  labels: Record<string, PhotoState>;
  context: GridContext;
  onOpen: (photoId: string) => void;
}) {
  const { t } = context;
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  const [active, setActive] = useState(0);
  const cells = useMemo<Cell[]>(
    () => [
      ...list.sessions.flatMap((s) =>
        s.subjects.flatMap((b) => b.photoIds.map((id) => ({ id, session: s.number }))),
      ),
      ...list.aside.map((id) => ({ id, session: 0 })),
    ],
    [list],
  );
  const unlabeled = useMemo(
    () => cells.filter((c) => !labels[c.id]?.studentIds.length && !labels[c.id]?.mark).length,
    [cells, labels],
  );
  const columns = Math.max(1, Math.floor((width - 8) / CELL_WIDTH));
  const { items, totalSize } = useRowVirtualizer({
    scrollElement,
    count: Math.ceil(cells.length / columns),
    rowHeight: ROW_HEIGHT,
    overscan: 2,
  });

  useEffect(() => {
    if (!scrollElement) return;
    const observer = new ResizeObserver(() => setWidth(scrollElement.clientWidth));
    observer.observe(scrollElement);
    return () => observer.disconnect();
  }, [scrollElement]);
  const open = (e: MouseEvent<HTMLDivElement> | KeyboardEvent<HTMLDivElement>) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[data-cell]')?.dataset.cell;
    if (id) onOpen(id);
  };

  // A cell reached with the keyboard takes the focus once it is rendered (a scroll may bring it in,
  // and the cell that had the focus may have left the DOM meanwhile).
  const focusPending = useRef(false);
  useEffect(() => {
    if (!focusPending.current) return;
    const cell = scrollElement?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (!cell) return;
    cell.focus();
    focusPending.current = false;
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(cells.length - 1, index));
    focusPending.current = true;
    setActive(next);
    const el = scrollElement;
    if (!el) return;
    const top = Math.floor(next / columns) * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTo(0, top);
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTo(0, top + ROW_HEIGHT - el.clientHeight);
  };
  const activeOnScreen = items.some(
    (row) => active >= row.index * columns && active < (row.index + 1) * columns,
  );
  const steps: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    ArrowDown: columns,
    ArrowUp: -columns,
    Home: -Infinity,
    End: Infinity,
  };

  return (
    <>
      <p className="job-grid__summary">
        {t('labeling.all.summary', { photos: cells.length, unlabeled, aside: list.aside.length })}
      </p>
      <div
        ref={setScrollElement}
        className="burst-grid job-grid"
        role="grid"
        aria-label={t('labeling.all')}
        aria-rowcount={Math.ceil(cells.length / columns)}
        onClick={open}
        onKeyDown={(e) => {
          if (e.target === e.currentTarget) return;
          const step = steps[e.key];
          if (e.key === 'Enter') open(e);
          else if (step !== undefined) moveTo(Number.isFinite(step) ? active + step : step);
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
        onFocus={(e) => {
          const index = (e.target as HTMLElement).dataset.index;
          if (index !== undefined) setActive(Number(index));
        }}
      >
        <div style={{ height: totalSize, position: 'relative' }}>
          {items.map((row, n) => (
            <JobRow
              key={row.index}
              first={row.index * columns}
              active={
                active >= row.index * columns && active < (row.index + 1) * columns
                  ? active
                  : // Scrolled away from the keyboard cell: the first cell on screen is the tab stop.
                    n === 0 && !activeOnScreen
                    ? row.index * columns
                    : null
              }
              cells={cells.slice(row.index * columns, (row.index + 1) * columns)}
              start={row.start}
              labels={labels}
              context={context}
            />
          ))}
        </div>
      </div>
    </>
  );
}

const JobRow = memo(function JobRow({
  first,
  active,
  cells,
  start,
  labels,
  context,
}: {
  /** Index of the row's first cell in the whole grid. */
  first: number;
  /** Index of the grid's keyboard cell when it is in this row. */
  active: number | null;
  cells: Cell[];
  start: number;
  labels: Record<string, PhotoState>;
  context: GridContext;
}) {
  const { t } = context;
  return (
    <div role="row" className="job-grid__row" style={{ transform: `translateY(${start}px)` }}>
      {cells.map((c, i) => (
        <div
          key={c.id}
          role="gridcell"
          tabIndex={first + i === active ? 0 : -1}
          data-index={first + i}
          className="job-grid__cell"
          data-cell={c.id}
          aria-label={
            c.session === 0 ? t('labeling.aside.title') : t('labeling.session', { number: c.session })
          }
        >
          <span className={`job-grid__where${c.session === 0 ? ' job-grid__where--aside' : ''}`}>
            {c.session === 0 ? t('labeling.aside.title') : t('labeling.session', { number: c.session })}
          </span>
          <BurstPhoto id={c.id} state={labels[c.id]} selected={false} focused={false} context={context} />
        </div>
      ))}
    </div>
  );
});
