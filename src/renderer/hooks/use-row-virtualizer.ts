/**
 * The one vertical row virtualizer of the UI (photo grids, the burst grid), on TanStack Virtual's
 * `Virtualizer`. Its React hook (`useVirtualizer`) hands out an instance that mutates on every
 * scroll, which the React Compiler cannot memoize safely: here one instance lives for the
 * component's life and every change it reports re-renders through a counter, so a memoized render
 * never shows stale rows.
 */
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useState } from 'react';

export interface RowVirtualizerOptions {
  /** The scrolling element (from a callback ref kept in state), null before it mounts. */
  scrollElement: HTMLElement | null;
  count: number;
  /**
   * Height of a row in pixels: one for every row, or a function of the row (rows of a burst with
   * many photos wrap onto several lines; call `remeasure` when what it answers changes).
   */
  rowHeight: number | ((index: number) => number);
  /** Rows rendered beyond each edge of the screen. */
  overscan?: number;
}

export interface VirtualRows {
  items: VirtualItem[];
  totalSize: number;
  /** Scrolls just enough for row `index` to be on screen. */
  scrollToIndex: (index: number) => void;
  /** Recomputes row positions after the row heights changed (another session, another width). */
  remeasure: () => void;
}

export function useRowVirtualizer({
  scrollElement,
  count,
  rowHeight,
  overscan = 4,
}: RowVirtualizerOptions): VirtualRows {
  const [version, rerender] = useReducer((n: number) => n + 1, 0);
  const estimateSize = typeof rowHeight === 'number' ? () => rowHeight : rowHeight;
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, Element>({
        count,
        getScrollElement: () => null,
        estimateSize,
        overscan,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => rerender(),
      }),
  );
  const [scrollToIndex] = useState(
    () => (index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  );
  const [remeasure] = useState(() => () => virtualizer.measure());
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer.setOptions({
      ...virtualizer.options,
      count,
      getScrollElement: () => scrollElement,
      estimateSize: typeof rowHeight === 'number' ? () => rowHeight : rowHeight,
      overscan,
      onChange: () => rerender(),
    });
    virtualizer._willUpdate();
    virtualizer.measure();
  }, [virtualizer, scrollElement, count, rowHeight, overscan]);
  // `version` ties the returned rows to the last change the instance reported; until the layout
  // effect hands it a smaller count, rows past the end are left out (they no longer exist).
  const all = version >= 0 ? virtualizer.getVirtualItems() : [];
  const last = all[all.length - 1];
  return {
    items: last && last.index >= count ? all.filter((item) => item.index < count) : all,
    totalSize: virtualizer.getTotalSize(),
    scrollToIndex,
    remeasure,
  };
}
