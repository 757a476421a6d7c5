/**
 * Says once, at the end of `npm test`, which suites this machine skipped and why — no Chromium for
 * the tests that open pages, no Electron binary or display for the Electron smoke test — and what to
 * install, so a newcomer's green run is not mistaken for a complete one. Which files need what comes
 * from their project (e2e, electron) or from their suite's `meta.requires`
 * (test/helpers/chromium.ts `withChromium`); whether it is missing comes from test/helpers/machine.ts,
 * the same lookups the test files make.
 */
import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { CHROMIUM_HINT, ELECTRON_HINT, lookUpChromium, lookUpElectron, ROOT } from './helpers/machine';

type Requirement = 'chromium' | 'electron';

const NAMES: Record<Requirement, string> = { chromium: 'Chromium', electron: 'Electron' };

function requirementOf(module: TestModule): Requirement | undefined {
  if (module.project.name === 'e2e') return 'chromium';
  if (module.project.name === 'electron') return 'electron';
  for (const test of module.children.allTests()) {
    const requires = test.meta().requires;
    if (requires) return requires;
  }
  return undefined;
}

function whollySkipped(module: TestModule): boolean {
  const tests = [...module.children.allTests()];
  return tests.length > 0 && tests.every((t) => t.result().state === 'skipped');
}

export default class SkipReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const missing: Record<Requirement, { reason: string | undefined; hint: string }> = {
      chromium: { reason: lookUpChromium().missing, hint: CHROMIUM_HINT },
      electron: { reason: lookUpElectron().missing, hint: ELECTRON_HINT },
    };
    const skipped = new Map<Requirement, string[]>();
    for (const module of modules) {
      const requirement = requirementOf(module);
      if (!requirement || !missing[requirement].reason || !whollySkipped(module)) continue;
      const files = skipped.get(requirement) ?? [];
      files.push(path.relative(ROOT, module.moduleId));
      skipped.set(requirement, files);
    }
    if (skipped.size === 0) return;
    const lines = ['', 'Skipped on this machine (not failures):'];
    for (const [requirement, files] of skipped) {
      const { reason, hint } = missing[requirement];
      const count = `${files.length} test file${files.length > 1 ? 's need' : ' needs'} ${NAMES[requirement]}`;
      lines.push(`  • ${count}: ${reason}.`, `    ${hint}`);
      for (const file of files.sort()) lines.push(`      ${file}`);
    }
    lines.push('');
    const log = this.vitest?.logger.log.bind(this.vitest.logger) ?? console.log;
    log(lines.join('\n'));
  }
}
