import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * GitHub's workflow parser (test/integration/ci-workflow.test.ts) imports its schema as JSON without
 * an import attribute, which only a bundler accepts, so Vite transforms the package instead of Node
 * loading it; its published source maps point to sources it does not ship, which Vite would report
 * file by file: they are left out.
 */
const WORKFLOW_PARSER = '@actions/workflow-parser';
const workflowParserWithoutSourceMaps: Plugin = {
  name: 'workflow-parser-without-source-maps',
  enforce: 'pre',
  load(id) {
    if (!id.includes(`/node_modules/${WORKFLOW_PARSER}/`) || !id.endsWith('.js')) return null;
    return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  },
};

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
        plugins: [workflowParserWithoutSourceMaps],
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          server: { deps: { inline: [WORKFLOW_PARSER] } },
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
