/**
 * Vertical virtualization of fixed-height rows with TanStack Virtual's `Virtualizer`. Its React hook
 * (`useVirtualizer`) hands out functions the React Compiler cannot memoize safely, so this hook keeps
 * one virtualizer per component and re-renders from its `onChange`, which is all the grid needs.
 */
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useState } from 'react';

export interface RowWindow {
  items: VirtualItem[];
  totalSize: number;
}

export function useRowVirtualizer(
  /** The scrolling element (from a callback ref kept in state), null before it mounts. */
  scrollElement: HTMLElement | null,
  count: number,
  rowHeight: number,
  overscan = 4,
): RowWindow {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, Element>({
        count,
        getScrollElement: () => null,
        estimateSize: () => rowHeight,
        overscan,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => rerender(),
      }),
  );
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer.setOptions({
      ...virtualizer.options,
      count,
      getScrollElement: () => scrollElement,
      estimateSize: () => rowHeight,
      overscan,
      onChange: () => rerender(),
    });
    virtualizer._willUpdate();
    virtualizer.measure();
  }, [virtualizer, scrollElement, count, rowHeight, overscan]);
  return { items: virtualizer.getVirtualItems(), totalSize: virtualizer.getTotalSize() };
}
