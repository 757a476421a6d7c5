import type { Dialog, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { describe, expect, it } from 'vitest';
import { createFolderPicker, DEFAULT_FOLDER_TITLE, folderDialogOptions } from './dialogs';

function fakeDialog(answer: OpenDialogReturnValue) {
  const shown: OpenDialogOptions[] = [];
  const dialog = {
    showOpenDialog: (...args: unknown[]) => {
      shown.push(args[args.length - 1] as OpenDialogOptions);
      return Promise.resolve(answer);
    },
  } as unknown as Pick<Dialog, 'showOpenDialog'>;
  return { dialog, shown };
}

describe('folder picker', () => {
  it('lets the user pick or create a folder, titled in French', () => {
    const options = folderDialogOptions({});
    expect(options.title).toBe(DEFAULT_FOLDER_TITLE);
    expect(options.properties).toEqual(expect.arrayContaining(['openDirectory', 'createDirectory']));
    expect(options.properties).not.toContain('openFile');
    expect(folderDialogOptions({ title: 'Dossier du reportage', defaultPath: '/home/a' })).toMatchObject({
      title: 'Dossier du reportage',
      defaultPath: '/home/a',
    });
  });

  it('returns the chosen folder', async () => {
    const fake = fakeDialog({ canceled: false, filePaths: ['/photos/École Jaurès'] });
    const pick = createFolderPicker(fake.dialog, () => undefined);
    expect(await pick({ title: '' })).toBe('/photos/École Jaurès');
    expect(fake.shown[0]?.title).toBe(DEFAULT_FOLDER_TITLE);
  });

  it('returns null when the user cancels', async () => {
    const pick = createFolderPicker(fakeDialog({ canceled: true, filePaths: [] }).dialog, () => undefined);
    expect(await pick({ title: 'x' })).toBeNull();
  });
});
