/**
 * The folder browser dialog, opened from anywhere a folder is asked for when the host has no native
 * picker (the browser host): `open()` shows it and resolves with the chosen folder, or null when the
 * user cancels. One dialog at a time; asking again while it is open replaces the first request.
 */
import { create } from 'zustand';

export interface FolderBrowserRequest {
  title: string;
  /** Where to start: a folder (or a path under one) the field already holds. */
  start?: string;
}

interface FolderBrowserState {
  request: FolderBrowserRequest | null;
  open: (request: FolderBrowserRequest) => Promise<string | null>;
  /** Closes the dialog with the chosen folder, or null. */
  finish: (path: string | null) => void;
}

let settle: ((path: string | null) => void) | null = null;

export const useFolderBrowserStore = create<FolderBrowserState>((set) => ({
  request: null,
  open: (request) => {
    settle?.(null);
    set({ request });
    return new Promise((resolve) => {
      settle = resolve;
    });
  },
  finish: (path) => {
    const done = settle;
    settle = null;
    set({ request: null });
    done?.(path);
  },
}));
