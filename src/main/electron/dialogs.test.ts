import type { Dialog, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  createFilePicker,
  createFolderPicker,
  createPathOpener,
  DEFAULT_FILE_TITLE,
  DEFAULT_FOLDER_TITLE,
  fileDialogOptions,
  folderDialogOptions,
} from './dialogs';

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

describe('file picker', () => {
  it('picks one existing file, titled in French, filtered by the given extensions', () => {
    const options = fileDialogOptions({ extensions: ['csv', 'xlsx'] });
    expect(options.title).toBe(DEFAULT_FILE_TITLE);
    expect(options.properties).toContain('openFile');
    expect(options.properties).not.toContain('openDirectory');
    expect(options.filters?.[0]).toEqual({ name: '.csv, .xlsx', extensions: ['csv', 'xlsx'] });
    expect(fileDialogOptions({ title: 'Liste des élèves' }).filters).toBeUndefined();
  });

  it('returns the chosen file, or null when the user cancels', async () => {
    const fake = fakeDialog({ canceled: false, filePaths: ['/home/a/CSVExtraction.csv'] });
    expect(await createFilePicker(fake.dialog, () => undefined)({ title: 'Liste' })).toBe(
      '/home/a/CSVExtraction.csv',
    );
    expect(fake.shown[0]?.title).toBe('Liste');
    const cancelled = fakeDialog({ canceled: true, filePaths: [] });
    expect(await createFilePicker(cancelled.dialog, () => undefined)({ title: '' })).toBeNull();
  });
});

describe('path opener', () => {
  it('opens the file, and fails with the reason the system gave', async () => {
    const opened: string[] = [];
    const open = createPathOpener({
      openPath: (p) => {
        opened.push(p);
        return Promise.resolve(p.endsWith('.pdf') ? '' : 'No application knows how to open this file');
      },
    });
    await open('/job/exports/liste.pdf');
    expect(opened).toEqual(['/job/exports/liste.pdf']);
    await expect(open('/job/exports/liste.xyz')).rejects.toThrow('No application');
  });
});
