/**
 * Smoke test of what photographers install: the built Electron app (dist/main/electron.cjs) launched
 * with Playwright's Electron support. The window opens on the home screen in French, logs no console
 * error and no CSP violation, creates a job and ingests a small card through the real UI, shows
 * thumbnails served by the preau-media:// protocol; the preload exposes exactly `call` and `onEvent`,
 * and the IPC sender check refuses a call from a foreign frame. Runs wherever the Electron binary is
 * installed (and, on Linux, a display: xvfb-run); skipped otherwise, named once at the end of the run.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_GLOBAL } from '../../src/shared/rpc/bridge';
import { HomePage } from '../e2e/pages/home-page';
import { IngestPage } from '../e2e/pages/ingest-page';
import { JobPage } from '../e2e/pages/job-page';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { ELECTRON_HINT, electronRequired, lookUpElectron, ROOT } from '../helpers/machine';
import { betterSqliteForElectron, stageApp } from './electron-app';

const electron = lookUpElectron();
if (electron.missing && electronRequired()) {
  throw new Error(`The Electron smoke test cannot run: ${electron.missing}. ${ELECTRON_HINT}`);
}

const SCREENSHOTS = path.join(ROOT, 'test-output', 'electron');

/** A home of its own for the app: its data folder ("userData") and Documents live in the test's folder. */
function isolatedEnv(home: string): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    APPDATA: path.join(home, 'AppData', 'Roaming'),
    LOCALAPPDATA: path.join(home, 'AppData', 'Local'),
  };
  delete env.ELECTRON_RUN_AS_NODE;
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

describe('the Electron app', { skip: electron.missing !== undefined, meta: { requires: 'electron' } }, () => {
  let app: ElectronApplication;
  let page: Page;
  let root: string;
  let appDir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // One folder for the whole file (the app runs across its tests), removed at the end.
    root = mkdtempSync(path.join(os.tmpdir(), 'preau-electron-'));
    appDir = stageApp(root, await betterSqliteForElectron());
    const home = path.join(root, 'home');
    mkdirSync(path.join(home, 'Documents'), { recursive: true });
    // Chromium refuses to start as root with its sandbox (CI containers); elsewhere it keeps it.
    const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({
      executablePath: electron.path!,
      args: [...sandboxArgs, appDir],
      cwd: appDir,
      env: isolatedEnv(home),
      timeout: 60_000,
    });
    page = await app.firstWindow();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    // Listening from the very first line: whatever the first load logged before the listeners
    // were attached is logged again by this load.
    await page.reload();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (root && process.env.PREAU_KEEP_TMP !== '1') rmSync(root, { recursive: true, force: true });
  });

  it('opens its window on the home screen, in French', async () => {
    expect(page.url()).toBe('app://preau/');
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    await expect.poll(() => home.heading().textContent()).toBe('Reportages');
    expect(await page.evaluate('document.documentElement.lang')).toBe('fr');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'home.png') });
  });

  it('gives the page exactly two functions and nothing of Node', async () => {
    const exposed = await page.evaluate(
      `Object.getOwnPropertyNames(window.${BRIDGE_GLOBAL}).map((k) => [k, typeof window.${BRIDGE_GLOBAL}[k]])`,
    );
    expect(exposed).toEqual([
      ['call', 'function'],
      ['onEvent', 'function'],
    ]);
    expect(await page.evaluate('[typeof require, typeof process, typeof module]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    // The app's own frame is heard: the refusal below is the sender check, not a broken bridge.
    expect(await page.evaluate(`window.${BRIDGE_GLOBAL}.call('jobs.list', {})`)).toMatchObject({ ok: true });
  });

  it('creates a job, ingests a card and shows thumbnails served by the media protocol', async () => {
    const card = path.join(root, 'card', 'EOS_DIGITAL');
    await generateCard(card, {
      camera: CAMERAS.a,
      shots: schoolDay({ classes: 1, studentsPerClass: 3, burst: 1, width: 160, height: 120 }),
    });
    const home = new HomePage(page);
    await home.fillNewJob({ school: 'École Jean Jaurès', town: 'Albi' });
    await home.submit();
    await expect.poll(() => new JobPage(page).title().textContent()).toBe('École Jean Jaurès');

    const ingest = new IngestPage(page);
    await ingest.open();
    await ingest.typeSource(card);
    await expect.poll(() => ingest.startButton().isEnabled(), { timeout: 30_000 }).toBe(true);
    await ingest.startButton().click();
    await expect
      .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
      .toMatch(/copiée et vérifiée — peut être formatée/);
    const shown = Number(await ingest.photoCount().textContent());
    expect(shown).toBeGreaterThan(0);
    await expect.poll(() => ingest.loadedThumbnails(), { timeout: 30_000 }).toBe(shown);
    const sources = await page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid="photo-cell"] img')].map((i) => i.src)`,
    );
    expect(sources.length).toBe(shown);
    for (const src of sources) expect(src).toMatch(/^preau-media:\/\/app\/media\/[^/]+\/thumb\/[^/]+$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ingest.png') });
  });

  it('refuses a call from a frame that is not the app', async () => {
    const preload = path.join(appDir, 'dist', 'preload', 'index.cjs');
    // A real second window with the same preload and sandbox, on a page that is not app://preau/.
    const answer = await app.evaluate(
      async ({ BrowserWindow }, { preloadPath, bridge }) => {
        const win = new BrowserWindow({
          show: false,
          webPreferences: {
            preload: preloadPath,
            sandbox: true,
            contextIsolation: true,
            nodeIntegration: false,
          },
        });
        try {
          await win.loadURL('data:text/html,<title>foreign</title>');
          return (await win.webContents.executeJavaScript(
            `window.${bridge}.call('jobs.list', {})`,
          )) as unknown;
        } finally {
          win.destroy();
        }
      },
      { preloadPath: preload, bridge: BRIDGE_GLOBAL },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('logged no console error and no CSP violation', () => {
    expect(consoleErrors).toEqual([]);
  });
});
