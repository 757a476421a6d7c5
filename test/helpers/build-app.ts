/**
 * Builds dist/ once per test run for the suites that drive the built app (end-to-end through the
 * browser host, the Electron smoke test), whichever of their global setups comes first.
 * PREAU_SKIP_BUILD=1 keeps the dist/ already there.
 */
import { execFileSync } from 'node:child_process';
import { ROOT } from './machine';

const BUILT = 'PREAU_APP_BUILT_BY';

export function buildAppOnce(): void {
  if (process.env.PREAU_SKIP_BUILD === '1') return;
  // Global setups of all projects run in the one main process of the run: its pid marks the build.
  if (process.env[BUILT] === String(process.pid)) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  process.env[BUILT] = String(process.pid);
}
