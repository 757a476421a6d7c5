/** Builds the app once before the end-to-end suite (the suite drives the built browser host). */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.PREAU_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
