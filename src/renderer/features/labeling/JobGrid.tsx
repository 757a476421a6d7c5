/**
 * The whole shoot in one grid: every photo in shoot order (sessions, then the "à trier" pile), with
 * its session or pile, its class, students, mark and warnings. Fixed-size cells on the shared row
 * virtualizer (the one the ingest grid uses), so 20,000 photos scroll as smoothly as 20. Enter or a
 * click on a photo shows it in its session, on its burst, ready to label.
 */
import { memo, useEffect, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
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
  const { items, totalSize } = useRowVirtualizer(
    scrollElement,
    Math.ceil(cells.length / columns),
    ROW_HEIGHT,
    2,
  );

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
          if (e.key === 'Enter') {
            e.preventDefault();
            e.stopPropagation();
            open(e);
          }
        }}
      >
        <div style={{ height: totalSize, position: 'relative' }}>
          {items.map((row) => (
            <JobRow
              key={row.index}
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
  cells,
  start,
  labels,
  context,
}: {
  cells: Cell[];
  start: number;
  labels: Record<string, PhotoState>;
  context: GridContext;
}) {
  const { t } = context;
  return (
    <div role="row" className="job-grid__row" style={{ transform: `translateY(${start}px)` }}>
      {cells.map((c) => (
        <div
          key={c.id}
          role="gridcell"
          tabIndex={0}
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
