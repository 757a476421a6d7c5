/**
 * Decisions typed in a class's consent grid and not saved yet, kept per job and class outside the
 * grid's component: switching to another tab (the shoot-day list, a student's card) and back finds
 * them where they were. Only saving records anything; nothing here leaves the window.
 */
import { create } from 'zustand';
import type { GridState } from './consent-grid';

const EMPTY: GridState = { row: 0, col: 0, drafts: {}, history: [] };

interface ConsentGridStore {
  grids: Readonly<Record<string, GridState>>;
  get: (jobId: string, classId: string) => GridState;
  set: (jobId: string, classId: string, state: GridState) => void;
}

export const useConsentGridStore = create<ConsentGridStore>((set, get) => ({
  grids: {},
  get: (jobId, classId) => get().grids[`${jobId}|${classId}`] ?? EMPTY,
  set: (jobId, classId, state) => set((s) => ({ grids: { ...s.grids, [`${jobId}|${classId}`]: state } })),
}));
