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

export const DEFAULT_FILE_TITLE = 'Choisir un fichier';

/** The native file picker (`HostServices.pickFile`): one existing file, optionally filtered by extension. */
export function fileDialogOptions(input: { title?: string; extensions?: string[] }): OpenDialogOptions {
  return {
    title: input.title?.trim() || DEFAULT_FILE_TITLE,
    buttonLabel: 'Choisir ce fichier',
    ...(input.extensions && input.extensions.length > 0
      ? {
          filters: [
            { name: input.extensions.map((e) => `.${e}`).join(', '), extensions: input.extensions },
            { name: 'Tous les fichiers', extensions: ['*'] },
          ],
        }
      : {}),
    properties: ['openFile', 'dontAddToRecent'],
  };
}

export function createFilePicker(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  parentWindow: () => BrowserWindow | undefined,
): (options: { title: string; extensions?: string[] }) => Promise<string | null> {
  return async (options) => {
    const dialogOptions = fileDialogOptions(options);
    const parent = parentWindow();
    const result = parent
      ? await dialog.showOpenDialog(parent, dialogOptions)
      : await dialog.showOpenDialog(dialogOptions);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}

/**
 * `HostServices.openPath` over `shell.openPath`, which resolves with an error text instead of
 * rejecting: turned into a rejection so the user is told the file could not be opened.
 */
export function createPathOpener(shell: {
  openPath(path: string): Promise<string>;
}): (file: string) => Promise<void> {
  return async (file) => {
    const failure = await shell.openPath(file);
    if (failure) throw new Error(failure);
  };
}
