/**
 * The photos of one session, one row per burst, virtualized so a session of thousands of photos
 * scrolls smoothly: only the rows on screen exist in the DOM. Each photo shows its students and
 * its mark; the current burst is outlined and kept in view.
 */
import { useEffect, useRef, useState } from 'react';
import type { PhotoMark, Session } from '../../../shared/domain/labeling';
import type { Student } from '../../../shared/domain/roster';
import { useT } from '../../i18n/use-t';
import type { PhotoState } from './labeling-store';
import { mediaUrl } from './media-url';
import { useRowVirtualizer } from './use-row-virtualizer';

/** One line of thumbnails (image, names, gaps) and the photos it holds at the grid's width. */
const LINE_HEIGHT = 148;
const PHOTO_WIDTH = 158;

export function studentName(s: Pick<Student, 'firstName' | 'displayName'>): string {
  return `${s.firstName} ${s.displayName}`;
}

export function BurstGrid({
  jobId,
  session,
  cursor,
  labels,
  studentsById,
  onPick,
}: {
  jobId: string;
  session: Session;
  cursor: number;
  labels: Record<string, PhotoState>;
  studentsById: Map<string, Student>;
  onPick: (index: number) => void;
}) {
  const { t } = useT();
  const parentRef = useRef<HTMLDivElement>(null);
  const [perLine, setPerLine] = useState(4);
  useEffect(() => {
    const el = parentRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setPerLine(Math.max(1, Math.floor((el.clientWidth - 60) / PHOTO_WIDTH))),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const lines = (index: number) =>
    Math.max(1, Math.ceil((session.subjects[index]?.photoIds.length ?? 1) / perLine));
  const rows = useRowVirtualizer({
    count: session.subjects.length,
    getScrollElement: () => parentRef.current,
    rowHeight: (index) => lines(index) * LINE_HEIGHT,
    overscan: 4,
  });
  const { scrollToIndex, remeasure } = rows;
  const sessionId = session.id;
  const photoCount = session.photoCount;

  useEffect(() => {
    remeasure();
  }, [sessionId, photoCount, perLine, remeasure]);

  useEffect(() => {
    scrollToIndex(cursor);
  }, [cursor, scrollToIndex]);

  return (
    <div ref={parentRef} className="burst-grid" aria-label={t('labeling.grid')} role="list">
      <div style={{ height: rows.totalSize, position: 'relative' }}>
        {rows.items.map((row) => {
          const subject = session.subjects[row.index]!;
          const current = row.index === cursor;
          return (
            <div
              key={subject.id}
              role="listitem"
              className={`burst${current ? ' burst--current' : ''}`}
              aria-current={current ? 'true' : undefined}
              data-testid={current ? 'current-burst' : undefined}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: lines(row.index) * LINE_HEIGHT - 8,
                transform: `translateY(${row.start}px)`,
              }}
              onClick={() => onPick(row.index)}
            >
              <span className="burst__number">{row.index + 1}</span>
              <div className="burst__photos">
                {subject.photoIds.map((id) => {
                  const state = labels[id];
                  const names = (state?.studentIds ?? []).map((sid) => {
                    const s = studentsById.get(sid);
                    return s ? studentName(s) : '?';
                  });
                  return (
                    <BurstPhoto
                      key={id}
                      jobId={jobId}
                      id={id}
                      mark={state?.mark ?? null}
                      names={names.join(', ')}
                    />
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** One thumbnail with its students and mark; plain props, so unchanged photos skip re-rendering while scrolling. */
function BurstPhoto({
  jobId,
  id,
  mark,
  names,
}: {
  jobId: string;
  id: string;
  mark: PhotoMark | null;
  names: string;
}) {
  const { t } = useT();
  return (
    <figure className={`thumb${mark === 'rejected' ? ' thumb--rejected' : ''}`}>
      <img
        src={mediaUrl(jobId, 'thumb', id)}
        alt=""
        loading="lazy"
        decoding="async"
        onError={(e) => {
          e.currentTarget.style.visibility = 'hidden';
        }}
      />
      {mark && <span className={`thumb__mark thumb__mark--${mark}`}>{t(`labeling.mark.${mark}`)}</span>}
      <figcaption className={names || mark ? 'thumb__names' : 'thumb__names thumb__names--none'}>
        {names || (mark ? '\u00a0' : t('labeling.unlabeled'))}
      </figcaption>
    </figure>
  );
}
