// `npm run bench:forms`: bundles the TypeScript benchmark with esbuild into .cache/bench/ and runs
// it over a generated school of 1,000 students with 3 poses each.
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

mkdirSync('.cache/bench', { recursive: true });
const outfile = '.cache/bench/forms-bench.mjs';
await build({
  entryPoints: ['scripts/bench/forms-bench.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
process.env.PREAU_FONTS_DIR ??= 'src/main/assets/fonts';
await import(pathToFileURL(outfile).href);
