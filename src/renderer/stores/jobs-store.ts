/** The recent jobs shown on the home screen, refetched whenever the core says jobs changed. */
import { create } from 'zustand';
import type { JobSummary, RecentJob } from '../../shared/domain/job';
import { rpc } from '../rpc/client';
import { toUiError, type UiError } from '../lib/ui-error';

interface JobsState {
  recent: RecentJob[] | null;
  error: UiError | null;
  refresh: () => Promise<void>;
  /** Opens a job folder; resolves to its summary, or rejects with the core's error. */
  open: (path: string) => Promise<JobSummary>;
  forget: (path: string) => Promise<void>;
}

export const useJobsStore = create<JobsState>((set) => ({
  recent: null,
  error: null,
  async refresh() {
    try {
      set({ recent: await rpc.call('jobs.list', {}), error: null });
    } catch (error) {
      set({ error: toUiError(error) });
    }
  },
  open: (path) => rpc.call('jobs.open', { path }),
  async forget(path) {
    // Optimistic: the list is refetched on `data.changed` anyway.
    set((s) => ({ recent: s.recent?.filter((j) => j.path !== path) ?? null }));
    try {
      await rpc.call('jobs.forget', { path });
    } catch (error) {
      set({ error: toUiError(error) });
    }
  },
}));
