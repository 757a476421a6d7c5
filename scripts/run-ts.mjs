// Runs a TypeScript entry point under plain Node 20 (no type stripping there): bundles it with
// esbuild into .cache/run/ (dependencies stay external) and imports the result with the remaining
// arguments. Used by `npm run fixtures` and the benchmarks.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { copyWorkers } from './worker-files.mjs';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs FILE.ts [args…]\n');
  process.exit(2);
}
const outDir = path.resolve('.cache/run');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
  define: { __PREAU_VERSION__: '"bench"' },
});
copyWorkers(outDir);
process.argv = [process.argv[0], outfile, ...rest];
await import(pathToFileURL(outfile).href);
