/**
 * The job's photos for a virtualized grid: loaded page by page as the user scrolls (a 20 000-photo
 * job never travels in one piece), and refetched — throttled — while an ingest adds photos or a
 * camera offset re-sorts them, so the grid fills live without flooding the core with calls.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PhotoRow } from '../../shared/domain/ingest';
import { rpc } from '../rpc/client';
import { useDataChanged } from './use-data-changed';

const PAGE = 500;
const REFRESH_MS = 800;

export interface PhotoPages {
  total: number;
  photoAt: (index: number) => PhotoRow | undefined;
  /** Tell which indexes are on screen: their pages are loaded (and kept fresh). */
  showRange: (start: number, end: number) => void;
  loaded: boolean;
}

export function usePhotoPages(jobId: string): PhotoPages {
  const [stored, setState] = useState<{
    jobId: string;
    total: number;
    pages: Map<number, PhotoRow[]>;
    loaded: boolean;
  }>(() => ({ jobId, total: 0, pages: new Map(), loaded: false }));
  // Another job on screen: what was loaded for the previous one is not shown.
  const state =
    stored.jobId === jobId
      ? stored
      : { jobId, total: 0, pages: new Map<number, PhotoRow[]>(), loaded: false };
  const range = useRef({ start: 0, end: PAGE - 1 });
  const inFlight = useRef(new Set<number>());
  const loadedPages = useRef(new Set<number>());

  const loadPages = useCallback(
    async (pageNumbers: number[]) => {
      const wanted = pageNumbers.filter((p) => !inFlight.current.has(p));
      if (wanted.length === 0) return;
      for (const p of wanted) inFlight.current.add(p);
      try {
        const results = await Promise.all(
          wanted.map((p) => rpc.call('photos.list', { jobId, offset: p * PAGE, limit: PAGE })),
        );
        for (const p of wanted) loadedPages.current.add(p);
        setState((previous) => {
          const s = previous.jobId === jobId ? previous : { total: 0, pages: new Map<number, PhotoRow[]>() };
          const pages = new Map(s.pages);
          let total = s.total;
          results.forEach((r, i) => {
            pages.set(wanted[i]!, r.items);
            total = r.total;
          });
          return { jobId, total, pages, loaded: true };
        });
      } catch {
        // The next change or scroll asks again; the grid keeps what it shows.
      } finally {
        for (const p of wanted) inFlight.current.delete(p);
      }
    },
    [jobId],
  );

  const visiblePages = useCallback(() => {
    const first = Math.floor(range.current.start / PAGE);
    const last = Math.floor(Math.max(range.current.start, range.current.end) / PAGE);
    const out: number[] = [];
    for (let p = first; p <= last; p += 1) out.push(p);
    return out;
  }, []);

  useEffect(() => {
    loadedPages.current = new Set();
    void loadPages([0]);
  }, [loadPages]);
  useDataChanged(['photos', 'cameras'], jobId, () => void loadPages(visiblePages()), {
    tasks: 'any',
    coalesceMs: REFRESH_MS,
  });

  const showRange = useCallback(
    (start: number, end: number) => {
      range.current = { start, end };
      const missing = visiblePages().filter((p) => !loadedPages.current.has(p));
      if (missing.length > 0) void loadPages(missing);
    },
    [loadPages, visiblePages],
  );

  const photoAt = useCallback(
    (index: number) => state.pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    [state.pages],
  );

  return { total: state.total, photoAt, showRange, loaded: state.loaded };
}
