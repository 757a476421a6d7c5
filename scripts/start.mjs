// `npm start`: runs Préau Studio from the working copy. With Electron's binary installed, the app
// itself (natives rebuilt for Electron, dist/ rebuilt when sources changed). Without it, one attempt
// at Electron's own download; when that fails too (offline machine), the same UI in the browser host
// (`preau serve --open`), which opens a Chromium/Chrome app window when it finds one and prints its
// address either way. Environment: PREAU_HOST=browser forces the browser host;
// PREAU_NO_ELECTRON_DOWNLOAD=1 skips the download attempt.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withMallocArenas } from '../bin/malloc-arenas.js';
import { electronAbi, needsElectronRebuild, probeBetterSqlite } from './native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const DOWNLOAD_TIMEOUT_MS = 90_000;

export const BUILD_OUTPUTS = [
  'dist/main/cli.js',
  'dist/main/electron.cjs',
  'dist/preload/index.cjs',
  'dist/renderer/index.html',
];
const BUILD_INPUTS = ['src', 'package.json', 'vite.config.ts', 'scripts/build.mjs'];

/**
 * What to launch. `downloadSucceeded` is undefined until a download was tried.
 * @returns {'electron' | 'download' | 'browser'}
 */
export function chooseLaunch({
  electronInstalled,
  downloadSucceeded,
  preferBrowser = false,
  downloadAllowed = true,
}) {
  if (preferBrowser) return 'browser';
  if (electronInstalled || downloadSucceeded === true) return 'electron';
  if (downloadSucceeded === undefined && downloadAllowed) return 'download';
  return 'browser';
}

/** The Electron executable named by node_modules/electron/path.txt, when it is really there. */
export function installedElectron(dir = electronDir) {
  try {
    const relative = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    if (!relative) return null;
    const binary = path.join(dir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** A build is needed when an output is missing or older than the newest input. */
export function needsBuild(outputMtimes, newestInputMtime) {
  if (outputMtimes.length === 0 || outputMtimes.some((m) => m === undefined)) return true;
  return Math.min(...outputMtimes) < newestInputMtime;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestMtime(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), 0);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function buildIfNeeded() {
  const outputs = BUILD_OUTPUTS.map((f) => mtime(path.join(root, f)));
  const newest = Math.max(...BUILD_INPUTS.map((f) => newestMtime(path.join(root, f))));
  if (!needsBuild(outputs, newest)) return;
  console.log('Construction de Préau Studio (dist/)…');
  if (!run(process.execPath, ['scripts/build.mjs'])) {
    console.error('La construction a échoué : voir les messages ci-dessus.');
    process.exit(1);
  }
}

/** The app's environment: two malloc arenas on Linux (see bin/malloc-arenas.js), never Electron run as Node. */
export function appEnv(env = process.env, platform = process.platform) {
  const out = { ...withMallocArenas(env, platform) };
  delete out.ELECTRON_RUN_AS_NODE;
  return out;
}

/** Runs a child in the foreground: Ctrl+C and termination reach it, its exit code becomes ours. */
function foreground(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function tryDownload() {
  console.log(
    `Electron n’est pas installé : tentative de téléchargement (${DOWNLOAD_TIMEOUT_MS / 1000} s au plus)…`,
  );
  const ok = run(process.execPath, [path.join(electronDir, 'install.js')], { timeout: DOWNLOAD_TIMEOUT_MS });
  return ok && installedElectron() !== null;
}

function launchElectron() {
  const binary = installedElectron();
  if (needsElectronRebuild(probeBetterSqlite(root), electronAbi(electronDir))) {
    console.log('Compilation des modules natifs pour Electron (electron-builder install-app-deps)…');
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    if (!run(npx, ['electron-builder', 'install-app-deps'], { shell: process.platform === 'win32' })) {
      console.error('La compilation des modules natifs pour Electron a échoué.');
      process.exit(1);
    }
  }
  buildIfNeeded();
  foreground(binary, ['.', ...process.argv.slice(2)], appEnv());
}

function launchBrowser() {
  buildIfNeeded();
  console.log('Préau Studio s’ouvre avec l’hôte navigateur (127.0.0.1).');
  foreground(process.execPath, ['dist/main/cli.js', 'serve', '--open', ...process.argv.slice(2)], appEnv());
}

function main() {
  const facts = {
    electronInstalled: installedElectron() !== null,
    downloadSucceeded: undefined,
    preferBrowser: process.env.PREAU_HOST === 'browser',
    downloadAllowed: process.env.PREAU_NO_ELECTRON_DOWNLOAD !== '1',
  };
  let choice = chooseLaunch(facts);
  if (choice === 'download') {
    const downloadSucceeded = tryDownload();
    if (!downloadSucceeded)
      console.log('Téléchargement d’Electron impossible (machine hors ligne ?) : repli sur le navigateur.');
    choice = chooseLaunch({ ...facts, downloadSucceeded });
  }
  if (choice === 'electron') launchElectron();
  else launchBrowser();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
