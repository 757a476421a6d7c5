/** App-wide state: what the core says about itself, the studio settings (language first), and where we are. */
import { create } from 'zustand';
import type { Language, StudioSettings } from '../../shared/domain/settings';
import type { Result } from '../../shared/rpc/contract';
import { rpc } from '../rpc/client';
import { toUiError, type UiError } from '../lib/ui-error';

export type AppInfo = Result<'app.info'>;

/** The two screens of the shell; a job is shown by id once the core has opened it. */
export type View = { name: 'home' } | { name: 'job'; jobId: string };

/**
 * The view lives in the address's hash (`#/reportage/<id>`), so a reload keeps the open job on screen
 * and the browser's Back button returns to the list.
 */
const JOB_HASH = /^#\/reportage\/([0-9a-f-]{36})$/;

export function viewFromHash(hash: string): View {
  const jobId = JOB_HASH.exec(hash)?.[1];
  return jobId ? { name: 'job', jobId } : { name: 'home' };
}

function hashOf(view: View): string {
  return view.name === 'job' ? `#/reportage/${view.jobId}` : '';
}

function navigate(view: View): void {
  if (typeof window === 'undefined' || window.location.hash === hashOf(view)) return;
  const url = new URL(window.location.href);
  url.hash = hashOf(view);
  window.history.pushState(null, '', url);
}

interface AppState {
  info: AppInfo | null;
  settings: StudioSettings | null;
  loadError: UiError | null;
  view: View;
  load: () => Promise<void>;
  refreshSettings: () => Promise<void>;
  setLanguage: (language: Language) => Promise<void>;
  showJob: (jobId: string) => void;
  showHome: () => void;
  /** Follows the address bar (Back/Forward buttons). */
  followAddress: () => void;
}

export const useAppStore = create<AppState>((set, get) => ({
  info: null,
  settings: null,
  loadError: null,
  view: typeof window === 'undefined' ? { name: 'home' } : viewFromHash(window.location.hash),
  async load() {
    try {
      const [info, settings] = await Promise.all([rpc.call('app.info', {}), rpc.call('settings.get', {})]);
      set({ info, settings, loadError: null });
    } catch (error) {
      set({ loadError: toUiError(error) });
    }
  },
  async refreshSettings() {
    try {
      set({ settings: await rpc.call('settings.get', {}) });
    } catch {
      // Keep what is shown; the next change or reconnection refetches.
    }
  },
  async setLanguage(language) {
    const previous = get().settings;
    // Switch at once; the core confirms (and other windows follow through `data.changed`).
    if (previous) set({ settings: { ...previous, language } });
    try {
      set({ settings: await rpc.call('settings.update', { language }) });
    } catch (error) {
      set({ settings: previous, loadError: previous ? null : toUiError(error) });
    }
  },
  showJob(jobId) {
    const view: View = { name: 'job', jobId };
    navigate(view);
    set({ view });
  },
  showHome() {
    navigate({ name: 'home' });
    set({ view: { name: 'home' } });
  },
  followAddress() {
    set({ view: viewFromHash(window.location.hash) });
  },
}));
