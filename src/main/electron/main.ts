/**
 * Entry point of the Electron host (bundled to dist/main/electron.cjs). Thin on purpose: it creates
 * the core and hands Electron's objects to the pure modules of this folder, which hold every decision
 * (window options, guards, protocols, IPC, menu, quit).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron';
import type { Core } from '../core/core';
import { createLogger } from '../lib/logger';
import { createHostCore } from '../host/host-core';
import { createFilePicker, createFolderPicker, createPathOpener } from './dialogs';
import { registerIpc } from './ipc';
import { menuTemplate, sendMenuCommand } from './menu';
import { PRIVILEGED_SCHEMES, registerProtocols } from './protocols';
import { createQuitGuard } from './quit-guard';
import { safeStorageSecretStore } from './safe-storage-secrets';
import { APP_START_URL, guardSession, guardWebContents, isExternalLink } from './security';
import { windowOptions } from './window-options';

const logger = createLogger();
const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, '..', 'preload', 'index.cjs');

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;
let disposeIpc: (() => void) | undefined;

function openExternal(url: string): void {
  // Checked again here: only plain web links ever reach the operating system.
  if (!isExternalLink(url)) return;
  shell.openExternal(url).catch((error: unknown) => logger.warn('could not open a web link', error));
}

function frontWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? mainWindow;
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions({ preloadPath, devTools: !app.isPackaged }));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.webContents.on('render-process-gone', (_event, details) =>
    logger.error('the window stopped unexpectedly', details),
  );
  win.loadURL(APP_START_URL).catch((error: unknown) => logger.error('could not load the UI', error));
}

async function start(): Promise<void> {
  guardSession(session.defaultSession);
  const dataDir = app.getPath('userData');
  // Platform tokens sealed by the operating system (safeStorage answers once the app is ready).
  core = await createHostCore(
    {
      host: 'electron',
      dataDir,
      libraryDir: path.join(app.getPath('documents'), 'Préau Studio'),
      port: {
        pickFolder: createFolderPicker(dialog, frontWindow),
        pickFile: createFilePicker(dialog, frontWindow),
        openPath: createPathOpener(shell),
      },
      logger,
      watchVolumes: true,
    },
    safeStorageSecretStore(dataDir, safeStorage, logger),
  );
  registerProtocols(protocol, {
    rendererDir,
    media: core.media,
    onError: (message, error) => logger.error(message, error),
  });
  disposeIpc = registerIpc(ipcMain, core, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        isPackaged: app.isPackaged,
        onCommand: (command) => sendMenuCommand(frontWindow()?.webContents, command),
      }),
    ),
  );
  createWindow();
}

function fatal(error: unknown): void {
  logger.error('Préau Studio could not start', error);
  dialog.showErrorBox(
    'Préau Studio ne peut pas démarrer',
    error instanceof Error ? error.message : String(error),
  );
  // The core may be open already (a later step failed): release its locks before leaving.
  void (core?.close() ?? Promise.resolve()).finally(() => app.exit(1));
}

// Before `ready`: the schemes must be privileged, and every renderer sandboxed.
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId('fr.preau.studio');

if (!app.requestSingleInstanceLock()) {
  // Another Préau Studio is running: it gets the focus (second-instance below), this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on(
    'before-quit',
    createQuitGuard({
      close: async () => {
        disposeIpc?.();
        await core?.close();
      },
      quit: () => app.quit(),
      onError: (error) => logger.error('closing the core failed', error),
    }),
  );
  app.whenReady().then(start).catch(fatal);
}
