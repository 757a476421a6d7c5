/**
 * End-to-end harness: the real browser host (`node dist/main/cli.js … serve`) as a child process on a
 * temporary data folder, driven by a real Chromium through Playwright. Each test gets its own folder;
 * the host can be stopped and restarted on the same data to check what survives a restart.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromiumPath, hasChromium, launchChromium } from '../helpers/chromium';
import { startHostProcess, type HostProcess } from '../helpers/host-process';
import { findChromium, ROOT } from '../helpers/machine';
import { tempDir } from '../helpers/temp-dir';

export { chromiumPath, findChromium, ROOT };

/**
 * True when the end-to-end suite can run here (test/helpers/chromium.ts decides; without Chromium
 * the run names the skipped suites once at its end, and REQUIRE_E2E=1 makes it a failure); use with
 * `describe.skipIf(!e2eEnabled)`.
 */
export const e2eEnabled = hasChromium;

export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'e2e');

export type RunningHost = HostProcess;

/** Starts `preau serve` on `root/data` and `root/library`; resolves once it prints its address. */
export async function startHost(root: string): Promise<RunningHost> {
  const started = await startHostProcess({
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
    env: { ...process.env, NODE_ENV: 'test' },
  });
  const host: RunningHost = {
    ...started,
    async stop() {
      await started.stop();
      running.delete(host);
    },
  };
  running.add(host);
  return host;
}

const running = new Set<RunningHost>();

let browser: Browser | undefined;

async function getBrowser(): Promise<Browser> {
  browser ??= await launchChromium();
  return browser;
}

export interface E2E {
  /** This test's own folder (data + library inside). */
  root: string;
  host: RunningHost;
  page: Page;
  context: BrowserContext;
  /** Stops the host and starts a new one on the same data folder (new port, new token). */
  restartHost: () => Promise<RunningHost>;
  /**
   * Errors the page logged (CSP violations, uncaught exceptions, failed loads). Each test fails if any
   * is left at its end, unless it matches a pattern the test expects (e.g. the host it stopped).
   */
  consoleErrors: string[];
  expectConsoleErrors: (pattern: RegExp) => void;
}

const contexts: BrowserContext[] = [];
const pageChecks: (() => void)[] = [];

/**
 * Registers the hooks of an end-to-end file and returns `setup()`, to call at the start of each test:
 * a fresh folder, a fresh host and a fresh browser context (no cookie shared between tests).
 */
export function useE2E(): { setup: () => Promise<E2E> } {
  beforeAll(async () => {
    if (e2eEnabled) await getBrowser();
  });
  afterEach(async () => {
    const checks = pageChecks.splice(0);
    for (const context of contexts.splice(0)) await context.close();
    for (const host of [...running]) await host.stop();
    for (const check of checks) check();
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });

  return {
    async setup() {
      const root = tempDir('preau-e2e-');
      mkdirSync(path.join(root, 'library'), { recursive: true });
      const b = await getBrowser();
      const context = await b.newContext({
        locale: 'en-US', // The UI must stay French and dd/mm/yyyy whatever the browser says.
        viewport: { width: 1360, height: 860 },
        deviceScaleFactor: 1,
      });
      contexts.push(context);
      const consoleErrors: string[] = [];
      const expected: RegExp[] = [];
      context.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      context.on('weberror', (error) => consoleErrors.push(String(error.error())));
      pageChecks.push(() => {
        const unexpected = consoleErrors.filter((text) => !expected.some((p) => p.test(text)));
        if (unexpected.length > 0) throw new Error(`the page logged errors:\n${unexpected.join('\n')}`);
      });
      const page = await context.newPage();
      const e2e: E2E = {
        consoleErrors,
        expectConsoleErrors: (pattern) => expected.push(pattern),
        root,
        host: await startHost(root),
        page,
        context,
        async restartHost() {
          await e2e.host.stop();
          e2e.host = await startHost(root);
          return e2e.host;
        },
      };
      return e2e;
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}
