// Builds the app into dist/: the Node side with esbuild (CLI and browser host as ESM, Electron main
// and preload as CommonJS), the renderer with Vite. `--node` or `--renderer` builds one side only.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { copyWorkers } from './worker-files.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv[2];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: { __PREAU_VERSION__: JSON.stringify(pkg.version) },
};

async function buildNode() {
  const jobs = [
    esbuild({ ...common, entryPoints: ['src/main/cli/main.ts'], outfile: 'dist/main/cli.js', format: 'esm' }),
  ];
  if (existsSync('src/main/electron/main.ts')) {
    jobs.push(
      esbuild({
        ...common,
        entryPoints: ['src/main/electron/main.ts'],
        outfile: 'dist/main/electron.cjs',
        format: 'cjs',
        // Modules shared with the ESM CLI read `import.meta.url` only when `__dirname` is missing,
        // which never happens in this CommonJS bundle.
        logOverride: { 'empty-import-meta': 'silent' },
      }),
    );
  }
  if (existsSync('src/preload/index.ts')) {
    jobs.push(
      esbuild({
        ...common,
        entryPoints: ['src/preload/index.ts'],
        outfile: 'dist/preload/index.cjs',
        format: 'cjs',
        // A sandboxed preload can require nothing but `electron`: everything else is bundled in.
        packages: 'bundle',
        external: ['electron'],
      }),
    );
  }
  await Promise.all(jobs);
  // Files the Node side reads at run time (fonts embedded in order-form PDFs, with their licence).
  cpSync('src/main/assets', 'dist/main/assets', { recursive: true });
  copyWorkers('dist/main');
}

async function buildRenderer() {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}

const started = Date.now();
if (only !== '--renderer') await buildNode();
if (only !== '--node') await buildRenderer();
console.log(`Préau Studio construit dans dist/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
