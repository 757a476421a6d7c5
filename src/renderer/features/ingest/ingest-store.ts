/**
 * Card ingest state shared between the job screen (the "new card" banner) and the ingest section:
 * mounted camera cards as the host's watcher reports them, and the source the user chose.
 */
import { create } from 'zustand';
import type { Volume } from '../../../shared/domain/ingest';
import { rpc } from '../../rpc/client';

interface IngestState {
  volumes: Volume[];
  /** Cards the user closed the banner of (by mount path), not offered again until re-inserted. */
  dismissed: string[];
  /** The source being chosen (typed, picked, or offered by the banner), kept across sections. */
  source: string;
  loadVolumes: () => Promise<void>;
  setVolumes: (volumes: Volume[]) => void;
  dismiss: (path: string) => void;
  setSource: (path: string) => void;
}

export const useIngestStore = create<IngestState>((set) => ({
  volumes: [],
  dismissed: [],
  source: '',
  async loadVolumes() {
    try {
      set({ volumes: await rpc.call('ingest.volumes', {}) });
    } catch {
      // No watcher answer: no card is offered; a folder can still be typed.
    }
  },
  setVolumes(volumes) {
    // A card taken out and put back is offered again.
    set((s) => ({ volumes, dismissed: s.dismissed.filter((d) => volumes.some((v) => v.path === d)) }));
  },
  dismiss(path) {
    set((s) => ({ dismissed: [...s.dismissed, path] }));
  },
  setSource(source) {
    set({ source });
  },
}));

/** Subscribes the store to the watcher's events; returns the unsubscribe. */
export function followVolumes(): () => void {
  void useIngestStore.getState().loadVolumes();
  return rpc.on('ingest.volumesChanged', ({ volumes }) => useIngestStore.getState().setVolumes(volumes));
}
