// `npm run bench:publish`: bundles the TypeScript benchmark with esbuild into .cache/bench/ and runs
// it (the sandbox platform itself runs from the built CLI, in its own process, as in real use).
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

mkdirSync('.cache/bench', { recursive: true });
const outfile = '.cache/bench/publish-bench.mjs';
await build({
  entryPoints: ['scripts/bench/publish-bench.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
