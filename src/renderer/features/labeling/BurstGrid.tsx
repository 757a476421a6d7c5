/**
 * The photos of one session, one row per burst, virtualized so a session of thousands of photos
 * scrolls smoothly: only the rows on screen exist in the DOM. Rows and cells are memoized on plain
 * props (a scroll renders only the rows that appear; a label re-renders only the photos it changed),
 * clicks are handled once for the whole grid, and images decode off the main thread. Each photo
 * shows its students, its mark and its warnings (consent, another class); the current burst is
 * outlined and kept in view, the selection and the keyboard's photo are highlighted. While the grid
 * is flung (a screenful or more per scroll event, twice in a row), rows appearing show light
 * placeholders instead of images and names, like photo libraries do; the full rows come back as soon
 * as the fling slows down, so nothing is ever hidden from a person reading the grid.
 */
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from 'react';
import type { Session, Subject } from '../../../shared/domain/labeling';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { useT, type Translator } from '../../i18n/use-t';
import type { PhotoState } from './labeling-store';
import { mediaUrl } from '../../lib/media-url';
import { photoFacts } from './photo-badges';
import type { SelectMode } from './selection';
import { useRowVirtualizer } from '../../hooks/use-row-virtualizer';

export { studentName } from './photo-badges';

/** One line of thumbnails (image, names, gaps) and the photos it holds at the grid's width. */
const LINE_HEIGHT = 148;
const PHOTO_WIDTH = 158;
/** Scroll events closer than this (ms) belong to the same fling; a fling ends after it too. */
const FLING_MS = 120;

/** Width of a row that is not photos: burst number, gaps, padding and border, less the last photo's gap. */
const ROW_CHROME = 44;

export interface GridContext {
  jobId: string;
  studentsById: ReadonlyMap<string, Student>;
  classesById: ReadonlyMap<string, SchoolClass>;
  /** Class of the session shown (students of another class get a warning), null in the pile. */
  sessionClassId: string | null;
  /** Show each student's class on the photo (views across classes). */
  showClass: boolean;
  /** Frames showing a printed card: nobody's photo, captioned as a card rather than « sans élève ». */
  cardFrames: ReadonlySet<string>;
  t: Translator['t'];
}

export function modeOf(e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectMode {
  return e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only';
}

export function BurstGrid({
  session,
  cursor,
  focusId,
  selection,
  labels,
  context,
  onPick,
  onPhotoClick,
}: {
  session: Session;
  labels: Record<string, PhotoState>;
  cursor: number;
  focusId: string | null;
  selection: readonly string[];
  context: GridContext;
  onPick: (index: number) => void;
  onPhotoClick: (id: string, mode: SelectMode) => void;
}) {
  const { t } = context;
  const parentRef = useRef<HTMLDivElement>(null);
  // The virtualizer follows the element itself (kept in state), the handlers read it through the ref.
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const attach = useCallback((el: HTMLDivElement | null) => {
    parentRef.current = el;
    setScrollElement(el);
  }, []);
  const [perLine, setPerLine] = useState(4);
  useEffect(() => {
    const el = parentRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setPerLine(Math.max(1, Math.floor((el.clientWidth - ROW_CHROME) / PHOTO_WIDTH))),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const heights = useMemo(
    () => session.subjects.map((b) => Math.max(1, Math.ceil(b.photoIds.length / perLine)) * LINE_HEIGHT),
    [session, perLine],
  );
  const heightsRef = useRef(heights);
  // One function for the grid's life: the virtualizer reads the current heights through the ref.
  const rowHeight = useCallback((index: number) => heightsRef.current[index] ?? LINE_HEIGHT, []);
  const rows = useRowVirtualizer({
    scrollElement,
    count: session.subjects.length,
    rowHeight,
    overscan: 2,
  });
  const { scrollToIndex, remeasure } = rows;

  useLayoutEffect(() => {
    heightsRef.current = heights;
    remeasure();
  }, [heights, remeasure]);

  useEffect(() => {
    scrollToIndex(cursor);
  }, [cursor, scrollToIndex]);

  const selected = useMemo(() => new Set(selection), [selection]);
  const [flinging, setFlinging] = useState(false);
  const fling = useRef({ top: 0, at: 0, jumps: 0, timer: 0 });
  const onScroll = () => {
    const el = parentRef.current;
    if (!el) return;
    const f = fling.current;
    const now = performance.now();
    const jump = Math.abs(el.scrollTop - f.top) >= el.clientHeight * 0.75 && now - f.at < FLING_MS;
    f.jumps = jump ? f.jumps + 1 : 0;
    f.top = el.scrollTop;
    f.at = now;
    window.clearTimeout(f.timer);
    if (f.jumps >= 2) {
      if (!flinging) setFlinging(true);
      f.timer = window.setTimeout(() => setFlinging(false), FLING_MS);
    } else if (flinging) setFlinging(false);
  };
  const subjects = session.subjects;

  // One handler for every photo and burst: no closure per cell to create while scrolling.
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const photo = target.closest<HTMLElement>('[data-photo]');
    if (photo?.dataset.photo) {
      onPhotoClick(photo.dataset.photo, modeOf(e));
      return;
    }
    const burst = target.closest<HTMLElement>('[data-burst]');
    if (burst?.dataset.burst) onPick(Number(burst.dataset.burst));
  };

  return (
    <div
      ref={attach}
      className="burst-grid"
      aria-label={t('labeling.grid')}
      role="list"
      onClick={onClick}
      onScroll={onScroll}
      // Shift-click selects photos, not the text of their captions.
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
      }}
    >
      <div style={{ height: rows.totalSize, position: 'relative' }}>
        {rows.items.map((row) => {
          const subject = subjects[row.index]!;
          const inRow = subject.photoIds.filter((id) => selected.has(id));
          return (
            <BurstRow
              key={subject.id}
              subject={subject}
              index={row.index}
              start={row.start}
              height={(heights[row.index] ?? LINE_HEIGHT) - 8}
              current={row.index === cursor}
              focusId={row.index === cursor ? focusId : null}
              selectedKey={inRow.join(' ')}
              light={flinging}
              labels={labels}
              context={context}
            />
          );
        })}
      </div>
    </div>
  );
}

const BurstRow = memo(function BurstRow({
  subject,
  index,
  start,
  height,
  current,
  focusId,
  selectedKey,
  light,
  labels,
  context,
}: {
  subject: Subject;
  /** Placeholders only (during a fling). */
  light: boolean;
  labels: Record<string, PhotoState>;
  index: number;
  start: number;
  height: number;
  current: boolean;
  focusId: string | null;
  /** Selected photos of this burst, space separated (a string, so an unchanged row skips rendering). */
  selectedKey: string;
  context: GridContext;
}) {
  const selected = selectedKey === '' ? [] : selectedKey.split(' ');
  const focus = current ? (focusId ?? subject.photoIds[0]) : null;
  return (
    <div
      role="listitem"
      className={`burst${current ? ' burst--current' : ''}`}
      aria-current={current ? 'true' : undefined}
      data-testid={current ? 'current-burst' : undefined}
      data-burst={index}
      style={{ height, transform: `translateY(${start}px)` }}
    >
      <span className="burst__number">{index + 1}</span>
      {light ? (
        <div className="burst__photos" aria-hidden="true">
          {subject.photoIds.map((id) => (
            <span key={id} className="thumb thumb--placeholder" />
          ))}
        </div>
      ) : (
        <div className="burst__photos">
          {subject.photoIds.map((id) => (
            <BurstPhoto
              key={id}
              id={id}
              state={labels[id]}
              selected={selected.includes(id)}
              focused={focus === id}
              context={context}
            />
          ))}
        </div>
      )}
    </div>
  );
});

/** One thumbnail with its students, mark and warnings. */
export const BurstPhoto = memo(function BurstPhoto({
  id,
  state,
  selected,
  focused,
  context,
}: {
  id: string;
  state: PhotoState | undefined;
  selected: boolean;
  focused: boolean;
  context: GridContext;
}) {
  const { t, jobId } = context;
  const facts = photoFacts(
    state,
    context.studentsById,
    context.classesById,
    context.sessionClassId,
    context.showClass,
  );
  const { mark, names } = facts;
  const cardFrame = context.cardFrames.has(id);
  let className = 'thumb';
  if (mark === 'rejected') className += ' thumb--rejected';
  if (selected) className += ' thumb--selected';
  if (focused) className += ' thumb--focused';
  return (
    <figure
      className={className}
      data-photo={id}
      data-testid="photo"
      data-selected={selected || undefined}
      title={names || undefined}
    >
      <img
        src={mediaUrl({ jobId, kind: 'thumb', id: id })}
        alt=""
        width={150}
        height={100}
        decoding="async"
        draggable={false}
        onError={(e) => {
          e.currentTarget.style.visibility = 'hidden';
        }}
      />
      {(mark || facts.badges.length > 0) && (
        <span className="thumb__badges">
          {mark && <span className={`thumb__mark thumb__mark--${mark}`}>{t(`labeling.mark.${mark}`)}</span>}
          {facts.badges.map((b) => (
            <span
              key={b.kind + b.text}
              className={`thumb__badge thumb__badge--${b.tone}`}
              title={t(`labeling.badge.${b.kind}.help`, { class: b.text })}
            >
              {t(`labeling.badge.${b.kind}`, { class: b.text })}
            </span>
          ))}
        </span>
      )}
      <figcaption
        className={
          names || mark
            ? 'thumb__names'
            : cardFrame
              ? 'thumb__names thumb__names--card'
              : 'thumb__names thumb__names--none'
        }
      >
        {names || (mark ? '\u00a0' : t(cardFrame ? 'labeling.cardFrame' : 'labeling.unlabeled'))}
      </figcaption>
    </figure>
  );
});

const NO_CARD_FRAMES: ReadonlySet<string> = new Set();

/** The grid context, rebuilt only when what it holds changes (so memoized rows stay put while scrolling). */
export function useGridContext(
  jobId: string,
  students: Student[],
  classes: SchoolClass[],
  sessionClassId: string | null,
  showClass: boolean,
  cardFrames: ReadonlySet<string> = NO_CARD_FRAMES,
): GridContext {
  const { t } = useT();
  const studentsById = useMemo(() => new Map(students.map((s) => [s.id, s])), [students]);
  const classesById = useMemo(() => new Map(classes.map((c) => [c.id, c])), [classes]);
  return useMemo(
    () => ({ jobId, studentsById, classesById, sessionClassId, showClass, cardFrames, t }),
    [jobId, studentsById, classesById, sessionClassId, showClass, cardFrames, t],
  );
}
