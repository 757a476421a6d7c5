/**
 * A virtualized grid of photo thumbnails: only the rows on screen exist in the DOM, cells have a
 * fixed size, so 20 000 photos scroll as smoothly as 20. Data comes through `photoAt(index)` (the
 * caller pages it), images from the media route, lazily. Used by ingest (filling live) and, later,
 * by labeling (selection, activation).
 */
import { memo, useEffect, useState, type ReactNode } from 'react';
import type { PhotoRow } from '../../shared/domain/ingest';
import { useT } from '../i18n/use-t';
import { useRowVirtualizer } from '../hooks/use-row-virtualizer';
import { mediaUrl } from '../lib/media-url';

export interface PhotoGridProps {
  jobId: string;
  total: number;
  photoAt: (index: number) => PhotoRow | undefined;
  /** Called with the first and last index on screen (load those pages). */
  onVisibleRange?: (start: number, end: number) => void;
  /** Click or Enter on a photo. */
  onActivate?: (photo: PhotoRow, index: number) => void;
  selectedIds?: ReadonlySet<string>;
  /** Side of a square cell in px (thumbnail + caption). */
  cellSize?: number;
  /** Accessible name of the grid. */
  label: string;
  /** Shown when there is no photo at all. */
  empty?: ReactNode;
}

const GAP = 8;
const CAPTION = 22;

/** `HH:MM:SS` of a local wall time `YYYY-MM-DDTHH:MM:SS.sss`. */
function clockTime(capturedAt: string | null): string {
  return capturedAt ? capturedAt.slice(11, 19) : '—';
}

export function PhotoGrid({
  jobId,
  total,
  photoAt,
  onVisibleRange,
  onActivate,
  selectedIds,
  cellSize = 132,
  label,
  empty,
}: PhotoGridProps) {
  const { t } = useT();
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    if (!scrollElement) return;
    const observer = new ResizeObserver(() => setWidth(scrollElement.clientWidth));
    observer.observe(scrollElement);
    return () => observer.disconnect();
  }, [scrollElement]);

  const columns = Math.max(1, Math.floor((width - GAP) / (cellSize + GAP)));
  const rows = Math.ceil(total / columns);
  const rowHeight = cellSize + CAPTION + GAP;
  const { items, totalSize } = useRowVirtualizer({ scrollElement, count: rows, rowHeight });
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    onVisibleRange?.(firstRow * columns, Math.min(total, (lastRow + 1) * columns) - 1);
  }, [firstRow, lastRow, columns, total, onVisibleRange]);

  if (total === 0) return <div className="photo-grid photo-grid--empty">{empty}</div>;

  return (
    <div ref={setScrollElement} className="photo-grid" role="grid" aria-label={label} aria-rowcount={rows}>
      <div className="photo-grid__canvas" style={{ height: totalSize }}>
        {items.map((row) => (
          <div
            key={row.key}
            role="row"
            className="photo-grid__row"
            style={{ transform: `translateY(${row.start}px)`, height: rowHeight }}
          >
            {Array.from({ length: columns }, (_, c) => {
              const index = row.index * columns + c;
              if (index >= total) return null;
              const photo = photoAt(index);
              return (
                <PhotoCell
                  key={index}
                  jobId={jobId}
                  photo={photo}
                  size={cellSize}
                  index={index}
                  selected={photo ? (selectedIds?.has(photo.id) ?? false) : false}
                  onActivate={onActivate}
                  t={t}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

/** One cell; memoized so that scrolling re-renders only the rows that appear. */
const PhotoCell = memo(function PhotoCell({
  jobId,
  photo,
  size,
  index,
  selected,
  onActivate,
  t,
}: {
  jobId: string;
  photo: PhotoRow | undefined;
  size: number;
  index: number;
  selected: boolean;
  onActivate: PhotoGridProps['onActivate'];
  t: ReturnType<typeof useT>['t'];
}) {
  const classes = ['photo-cell'];
  if (selected) classes.push('photo-cell--selected');
  if (photo && !photo.readable) classes.push('photo-cell--unreadable');
  const body = (
    <>
      <div className="photo-cell__image" style={{ width: size, height: size }}>
        {photo?.hasThumb ? (
          <img
            src={mediaUrl({ jobId, kind: 'thumb', id: photo.id })}
            alt={photo.originalName}
            loading="lazy"
            decoding="async"
            draggable={false}
          />
        ) : (
          <span className="photo-cell__placeholder" aria-hidden="true">
            {photo && !photo.readable ? '!' : ''}
          </span>
        )}
        <span className="photo-cell__badges">
          {photo?.kind === 'raw' && <span className="photo-badge">RAW</span>}
          {photo && !photo.readable && (
            <span className="photo-badge photo-badge--error" title={photo.unreadableReason ?? ''}>
              {t('ingest.grid.unreadable')}
            </span>
          )}
          {photo?.timeUncertain && (
            <span className="photo-badge photo-badge--warning" title={t('ingest.grid.timeUncertainHelp')}>
              {t('ingest.grid.timeUncertain')}
            </span>
          )}
        </span>
      </div>
      <span className="photo-cell__caption">
        {photo ? (
          <>
            <span className="photo-cell__time">{clockTime(photo.capturedAt)}</span>
            {photo.cameraLabel && <span className="photo-cell__camera">{photo.cameraLabel}</span>}
          </>
        ) : (
          '…'
        )}
      </span>
    </>
  );
  const title = photo
    ? [photo.originalName, photo.readable ? null : photo.unreadableReason].filter(Boolean).join(' — ')
    : undefined;
  return (
    <div role="gridcell" className="photo-grid__cell" style={{ width: size }}>
      {onActivate && photo ? (
        <button
          type="button"
          className={classes.join(' ')}
          onClick={() => onActivate(photo, index)}
          aria-pressed={selected}
          title={title}
          data-testid="photo-cell"
        >
          {body}
        </button>
      ) : (
        <div className={classes.join(' ')} title={title} data-testid="photo-cell">
          {body}
        </div>
      )}
    </div>
  );
});
