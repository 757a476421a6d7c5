/**
 * A command from the native application menu (Electron: Fichier › Nouveau reportage / Ouvrir…)
 * chosen while the home screen was not on screen: kept here until the home screen mounts and acts
 * on it (focus the new-job form, or open the "Ouvrir un autre dossier…" panel).
 */
import { create } from 'zustand';
import type { MenuCommand } from '../../shared/rpc/events';

interface MenuState {
  pending: MenuCommand | null;
  request: (command: MenuCommand) => void;
  /** The pending command, once: the home screen takes it when it mounts. */
  take: () => MenuCommand | null;
}

export const useMenuStore = create<MenuState>((set, get) => ({
  pending: null,
  request: (command) => set({ pending: command }),
  take: () => {
    const { pending } = get();
    if (pending) set({ pending: null });
    return pending;
  },
}));
