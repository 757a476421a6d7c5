/**
 * Smoke test of the Electron entry (src/main/electron/main.ts) without Electron: the real bundle,
 * built like scripts/build.mjs builds it, loaded under Node with a stand-in `electron` module that
 * records what the entry asks of it. Proves the wiring: privileged schemes before `ready`, a
 * sandboxed window on app://preau/, the UI served with its CSP, IPC reaching a real core (host
 * `electron`, native folder picker), guards on every WebContents, and the core closed before quitting.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');

type Handler = (...args: unknown[]) => unknown;

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; frame: unknown }[] = [];
  windowOpenHandler: Handler | undefined;
  isDestroyed() {
    return false;
  }
  send(channel: string, frame: unknown) {
    this.sent.push({ channel, frame });
  }
  setWindowOpenHandler(handler: Handler) {
    this.windowOpenHandler = handler;
  }
}

function fakeElectron(dirs: { userData: string; documents: string }) {
  const calls: string[] = [];
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const windows: FakeWindow[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const ipcHandlers = new Map<string, Handler>();
  const permissionHandlers: { request?: Handler; check?: Handler } = {};
  const opened: string[] = [];
  const dialogs: unknown[] = [];

  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    url: string | undefined;
    focused = 0;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isMinimized() {
      return true;
    }
    restore() {
      calls.push('restore');
    }
    show() {}
    focus() {
      this.focused++;
    }
    static getAllWindows() {
      return windows;
    }
    static getFocusedWindow() {
      return undefined;
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    whenReady: () => ready,
    getPath: (name: 'userData' | 'documents') => dirs[name],
    requestSingleInstanceLock: () => (calls.push('lock'), true),
    enableSandbox: () => calls.push('enableSandbox'),
    setAppUserModelId: () => {},
    quit: () => calls.push('quit'),
    exit: (code: number) => calls.push(`exit ${code}`),
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showOpenDialog: (...args: unknown[]) => {
        dialogs.push(args[args.length - 1]);
        return Promise.resolve({ canceled: false, filePaths: ['/photos/École Jaurès'] });
      },
      showErrorBox: (title: string, message: string) => calls.push(`error ${title}: ${message}`),
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: () => calls.push('menu'),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: object }[]) =>
        calls.push(`schemes ${schemes.map((s) => s.scheme).join(',')}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (permissionHandlers.request = h),
        setPermissionCheckHandler: (h: Handler) => (permissionHandlers.check = h),
        setDevicePermissionHandler: () => {},
        webRequest: { onBeforeRequest: () => calls.push('webRequest') },
      },
    },
    shell: {
      openExternal: (url: string) => (opened.push(url), Promise.resolve()),
    },
    // A stand-in for the OS secret store: reversible, and never the plain text.
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).reverse().toString('hex')}`),
      decryptString: (sealed: Buffer) =>
        Buffer.from(sealed.toString().replace(/^sealed:/, ''), 'hex')
          .reverse()
          .toString(),
    },
  };
  return {
    electron,
    calls,
    markReady,
    windows,
    protocolHandlers,
    ipcHandlers,
    permissionHandlers,
    opened,
    dialogs,
  };
}

describe('Electron entry (main.ts) wired to a stand-in electron', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'preau-electron-main-'));
  const out = path.join(root, '.cache', `electron-main-${process.pid}`);
  const fake = fakeElectron({ userData: path.join(tmp, 'data'), documents: path.join(tmp, 'docs') });

  beforeAll(async () => {
    await build({
      entryPoints: [path.join(root, 'src/main/electron/main.ts')],
      outfile: path.join(out, 'main', 'electron.cjs'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
      define: { __PREAU_VERSION__: '"0.0.0-test"' },
    });
    mkdirSync(path.join(out, 'renderer'), { recursive: true });
    writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>Préau Studio</title>');
    // The bundle's `require('electron')` gets the stand-in.
    const electronPath = require.resolve('electron');
    require.cache[electronPath] = {
      id: electronPath,
      filename: electronPath,
      loaded: true,
      exports: fake.electron,
    } as unknown as NodeJS.Module;
    process.env.PREAU_LOG_LEVEL = 'error';
    require(path.join(out, 'main', 'electron.cjs'));
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('registers the privileged schemes and the sandbox before ready, then opens a sandboxed window', async () => {
    expect(fake.calls).toEqual(['schemes app,preau-media', 'enableSandbox', 'lock']);
    fake.markReady();
    for (let i = 0; i < 200 && fake.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const win = fake.windows[0];
    expect(win?.url).toBe('app://preau/');
    expect(win?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: path.join(out, 'preload', 'index.cjs'),
      devTools: false,
    });
    expect(fake.calls).toEqual(expect.arrayContaining(['webRequest', 'menu']));
  });

  it('serves the UI on app:// with the CSP', async () => {
    const serve = fake.protocolHandlers.get('app');
    const res = await serve?.(new Request('app://preau/'));
    expect(res?.status).toBe(200);
    expect(res?.headers.get('content-security-policy')).toMatch(/img-src [^;]*preau-media:/);
    const media = await fake.protocolHandlers.get('preau-media')?.(
      new Request('preau-media://app/media/nojob/thumb/p1'),
    );
    expect(media?.status).toBe(404);
  });

  it('answers IPC from the app with a real core running as the Electron host', async () => {
    const handler = fake.ipcHandlers.get('preau:rpc');
    const event = { senderFrame: { url: 'app://preau/', parent: null }, sender: { id: 1 } };
    const info = (await handler?.(event, { method: 'app.info', params: {} })) as {
      ok: boolean;
      result: { host: string; nativeDialogs: boolean; dataDir: string };
    };
    expect(info.ok).toBe(true);
    expect(info.result).toMatchObject({
      host: 'electron',
      nativeDialogs: true,
      dataDir: path.join(tmp, 'data'),
    });
    const picked = (await handler?.(event, { method: 'fs.pickFolder', params: { title: '' } })) as {
      result: unknown;
    };
    expect(picked.result).toEqual({ supported: true, path: '/photos/École Jaurès' });
    expect(fake.dialogs[0]).toMatchObject({ title: 'Choisir un dossier' });
    const foreign = (await handler?.(
      { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 2 } },
      { method: 'app.info', params: {} },
    )) as { ok: boolean; error: { code: string } };
    expect(foreign.error.code).toBe('unauthorized');
  });

  it('keeps the hosted platform token sealed by safeStorage in a user-only file, never in an answer', async () => {
    const handler = fake.ipcHandlers.get('preau:rpc');
    const event = { senderFrame: { url: 'app://preau/', parent: null }, sender: { id: 1 } };
    const token = 'preau_hosted-token-0123456789';
    const configured = (await handler?.(event, {
      method: 'platformAccess.configure',
      params: { kind: 'hosted', url: 'https://ventes.example.fr/', token },
    })) as { ok: boolean; result: { tokenSet: boolean } };
    expect(configured.ok).toBe(true);
    expect(configured.result.tokenSet).toBe(true);
    expect(JSON.stringify(configured)).not.toContain(token);
    const file = path.join(tmp, 'data', 'platform-secrets.sealed.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(token);
    expect(stored).toContain('safeStorage');
    expect(existsSync(path.join(tmp, 'data', 'platform-secrets.json'))).toBe(false);
  });

  it('pushes core events to the window', async () => {
    const handler = fake.ipcHandlers.get('preau:rpc');
    const event = { senderFrame: { url: 'app://preau/', parent: null }, sender: { id: 1 } };
    await handler?.(event, { method: 'settings.update', params: { language: 'en' } });
    expect(fake.windows[0]?.webContents.sent).toContainEqual({
      channel: 'preau:event',
      frame: { type: 'event', name: 'data.changed', payload: { entity: 'settings' } },
    });
  });

  it('guards every WebContents and denies permissions', () => {
    const contents = new FakeWebContents();
    fake.electron.app.emit('web-contents-created', {}, contents);
    const navigation = { url: 'https://example.org/', isMainFrame: true, prevented: false };
    contents.emit('will-navigate', {
      ...navigation,
      preventDefault: () => (navigation.prevented = true),
    });
    expect(navigation.prevented).toBe(true);
    expect(fake.opened).toEqual(['https://example.org/']);
    expect(contents.windowOpenHandler?.({ url: 'app://preau/' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    fake.permissionHandlers.request?.({}, 'media', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'app://preau/',
    });
    expect(answers).toEqual([false]);
  });

  it('focuses the existing window when a second instance starts', () => {
    const before = fake.windows[0]?.focused ?? 0;
    fake.electron.app.emit('second-instance');
    expect(fake.windows[0]?.focused).toBe(before + 1);
  });

  it('closes the core before quitting', async () => {
    const first = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    // The studio database is open (WAL file present) until the core closes.
    const wal = path.join(tmp, 'data', 'studio.sqlite-wal');
    expect(existsSync(wal)).toBe(true);
    fake.electron.app.emit('before-quit', first);
    expect(first.prevented).toBe(true);
    for (let i = 0; i < 200 && !fake.calls.includes('quit'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.calls).toContain('quit');
    expect(existsSync(wal)).toBe(false);
    expect(fake.ipcHandlers.has('preau:rpc')).toBe(false);
    const second = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    fake.electron.app.emit('before-quit', second);
    expect(second.prevented).toBe(false);
  });
});
