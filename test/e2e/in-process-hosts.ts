/**
 * For end-to-end files whose job has real files made in the test (JPEG originals, PDFs, a card
 * shoot): one Chromium for the file, and browser hosts started in this process over the test's own
 * core, closed after each test. Files that only drive the UI use `useE2E` (a host in a child process).
 */
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { startBrowserHost, type BrowserHost } from '../../src/main/server/browser-host';
import { CHROMIUM_ARGS } from '../helpers/host-process';
import { chromiumPath, e2eEnabled, ROOT } from './harness';

export interface InProcessHosts {
  /** A browser host over `core`, serving the built renderer; closed after the test. */
  host(core: Core): Promise<BrowserHost>;
  /** A fresh browser context at the screen size the screenshots are looked at in. */
  context(locale: 'fr-FR' | 'en-US'): Promise<BrowserContext>;
  /** A page in a fresh context, with the errors it logs (console errors, uncaught exceptions). */
  page(locale: 'fr-FR' | 'en-US'): Promise<{ page: Page; errors: string[] }>;
}

export function useInProcessHosts(): InProcessHosts {
  let browser: Browser | undefined;
  const hosts: BrowserHost[] = [];
  beforeAll(async () => {
    if (e2eEnabled)
      browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const context = (locale: 'fr-FR' | 'en-US') => {
    if (!browser) throw new Error('Chromium is not running: the file must skip when e2eEnabled is false');
    return browser.newContext({ locale, viewport: { width: 1360, height: 900 } });
  };
  return {
    async host(core) {
      const host = await startBrowserHost(core, { rendererDir: path.join(ROOT, 'dist', 'renderer') });
      hosts.push(host);
      return host;
    },
    context,
    async page(locale) {
      const page = await (await context(locale)).newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      return { page, errors };
    },
  };
}
