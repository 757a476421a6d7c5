/**
 * A vertical list virtualizer for the burst grid, on TanStack Virtual's core. The package's own
 * hook returns an instance that mutates on every scroll, which the React Compiler cannot memoize
 * safely; here the instance lives in a ref and every change re-renders through a state counter,
 * so a memoized render never shows stale rows.
 */
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useState } from 'react';

export interface VirtualRows {
  items: VirtualItem[];
  totalSize: number;
  scrollToIndex: (index: number) => void;
  /** Recomputes row positions after the row heights changed (another session, another width). */
  remeasure: () => void;
}

export function useRowVirtualizer(options: {
  count: number;
  getScrollElement: () => HTMLElement | null;
  /** Height of a row in pixels (rows of a burst with many photos wrap onto several lines). */
  rowHeight: (index: number) => number;
  overscan: number;
}): VirtualRows {
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  const [instance] = useState(
    () =>
      new Virtualizer<HTMLElement, Element>({
        count: options.count,
        getScrollElement: options.getScrollElement,
        estimateSize: options.rowHeight,
        overscan: options.overscan,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        onChange: () => bump(),
      }),
  );
  instance.setOptions({
    ...instance.options,
    count: options.count,
    getScrollElement: options.getScrollElement,
    estimateSize: options.rowHeight,
    overscan: options.overscan,
  });
  const [scrollToIndex] = useState(() => (index: number) => instance.scrollToIndex(index, { align: 'auto' }));
  const [remeasure] = useState(() => () => instance.measure());
  useLayoutEffect(() => instance._didMount(), [instance]);
  useLayoutEffect(() => {
    instance._willUpdate();
  });
  return {
    // `version` ties the returned rows to the last change the instance reported.
    items: version >= 0 ? instance.getVirtualItems() : [],
    totalSize: instance.getTotalSize(),
    scrollToIndex,
    remeasure,
  };
}
