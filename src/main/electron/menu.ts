/**
 * The application menu, short and in French. Job commands are not run here: they are sent to the
 * window in front as a `menu.selected` event, and the UI runs its own flow (the same as its buttons).
 * DevTools and reload exist only in development builds.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { IPC_CHANNELS } from '../../shared/rpc/bridge';
import type { MenuCommand } from '../../shared/rpc/events';
import type { EventFrame } from '../../shared/rpc/wire';
import type { EventTarget } from './ipc';
import { APP_TITLE } from './window-options';

export interface MenuInput {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  onCommand(command: MenuCommand): void;
}

export function menuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const appMenu: MenuItemConstructorOptions = {
    label: APP_TITLE,
    submenu: [
      { role: 'about', label: `À propos de ${APP_TITLE}` },
      { type: 'separator' },
      { role: 'hide', label: `Masquer ${APP_TITLE}` },
      { role: 'hideOthers', label: 'Masquer les autres' },
      { role: 'unhide', label: 'Tout afficher' },
      { type: 'separator' },
      { role: 'quit', label: `Quitter ${APP_TITLE}` },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'Fichier',
    submenu: [
      { label: 'Nouveau reportage', accelerator: 'CmdOrCtrl+N', click: () => input.onCommand('job.new') },
      { label: 'Ouvrir…', accelerator: 'CmdOrCtrl+O', click: () => input.onCommand('job.open') },
      ...(mac
        ? [{ type: 'separator' } as const, { role: 'close', label: 'Fermer la fenêtre' } as const]
        : [{ type: 'separator' } as const, { role: 'quit', label: 'Quitter' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Édition',
    submenu: [
      { role: 'undo', label: 'Annuler' },
      { role: 'redo', label: 'Rétablir' },
      { type: 'separator' },
      { role: 'cut', label: 'Couper' },
      { role: 'copy', label: 'Copier' },
      { role: 'paste', label: 'Coller' },
      { role: 'selectAll', label: 'Tout sélectionner' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'Affichage',
    submenu: [
      { role: 'resetZoom', label: 'Taille réelle' },
      { role: 'zoomIn', label: 'Zoom avant' },
      { role: 'zoomOut', label: 'Zoom arrière' },
      { type: 'separator' },
      { role: 'togglefullscreen', label: 'Plein écran' },
      ...(input.isPackaged
        ? []
        : [
            { type: 'separator' } as const,
            { role: 'reload', label: 'Recharger' } as const,
            { role: 'toggleDevTools', label: 'Outils de développement' } as const,
          ]),
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view];
}

/** Sends a menu command to the window in front (none: nothing to do). */
export function sendMenuCommand(target: EventTarget | undefined, command: MenuCommand): void {
  if (!target || target.isDestroyed()) return;
  const frame: EventFrame = { type: 'event', name: 'menu.selected', payload: { command } };
  target.send(IPC_CHANNELS.event, frame);
}
