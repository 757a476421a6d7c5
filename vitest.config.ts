import { defineConfig } from 'vitest/config';

// Four suites, one command (`npm test`):
//   unit        — pure logic next to its code (src/**/*.test.ts)
//   integration — real SQLite, sharp, exiftool, file system (test/integration)
//   e2e         — the real UI in Chromium through the browser host (test/e2e)
//   electron    — the built Electron app launched by Playwright (test/electron)
// Suites the machine cannot run (no Chromium, no Electron binary) are skipped and named once at the
// end of the run by test/skip-reporter.ts; REQUIRE_E2E=1 / REQUIRE_ELECTRON=1 make that a failure.
export default defineConfig({
  test: {
    reporters: ['default', './test/skip-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          globalSetup: ['test/electron/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
