/**
 * The native folder picker the Electron host gives the core (`HostServices.pickFolder`): choose a
 * folder, or create one, with a French title. `dialog` is handed in by main.ts.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';

export const DEFAULT_FOLDER_TITLE = 'Choisir un dossier';

export function folderDialogOptions(input: { title?: string; defaultPath?: string }): OpenDialogOptions {
  return {
    title: input.title?.trim() || DEFAULT_FOLDER_TITLE,
    buttonLabel: 'Choisir ce dossier',
    ...(input.defaultPath ? { defaultPath: input.defaultPath } : {}),
    properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
  };
}

export function createFolderPicker(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  parentWindow: () => BrowserWindow | undefined,
): (options: { title: string; defaultPath?: string }) => Promise<string | null> {
  return async (options) => {
    const dialogOptions = folderDialogOptions(options);
    const parent = parentWindow();
    const result = parent
      ? await dialog.showOpenDialog(parent, dialogOptions)
      : await dialog.showOpenDialog(dialogOptions);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
