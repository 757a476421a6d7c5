/**
 * Chromium for the tests that open pages (the end-to-end suite and the integration tests of the
 * family page), decided by test/helpers/machine.ts: without one these suites are skipped and the run
 * names them once at its end (test/skip-reporter.ts); with REQUIRE_E2E=1 (CI) each file that needs
 * Chromium fails instead, with the same message.
 */
import { chromium, type Browser } from 'playwright';
import type { SuiteOptions } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_HINT, chromiumRequired, lookUpChromium } from './machine';

export { CHROMIUM_ARGS };

const lookup = lookUpChromium();

if (lookup.missing && chromiumRequired()) {
  throw new Error(`Tests that open pages cannot run: ${lookup.missing}. ${CHROMIUM_HINT}`);
}

/** The system Chromium to drive in this run, or undefined. */
export const chromiumPath = lookup.path;

/** True when the tests that open pages can run here. */
export const hasChromium = chromiumPath !== undefined;

/**
 * Options of a `describe` whose tests open pages in Chromium:
 * `describe('the family page in Chromium', withChromium, () => { … })`. Skipped without Chromium;
 * the skip reporter lists the suite with the reason.
 */
export const withChromium: SuiteOptions = { skip: !hasChromium, meta: { requires: 'chromium' } };

/** Launches the system Chromium headless (only called by suites that run, so Chromium is there). */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(`${lookup.missing}. ${CHROMIUM_HINT}`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}
