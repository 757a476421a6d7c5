/**
 * What this machine can run, decided in one place for the whole test run: a Chromium for the tests
 * that open pages, the Electron binary (and a display) for the Electron smoke test. Pure lookups with
 * no side effect, so the skip reporter (main process) and the test files (workers) reach the same
 * verdict from the same environment. Nothing is ever downloaded: a browser or an Electron build is
 * found where the machine has it, or the suites that need it are skipped with the reason.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

declare module 'vitest' {
  interface TaskMeta {
    /** What a suite needs from the machine; the skip reporter names skipped suites by it. */
    requires?: 'chromium' | 'electron';
  }
}

export function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` found as an executable file on `searchPath` (PATH's format), or undefined. */
export function findOnPath(
  names: readonly string[],
  searchPath = process.env.PATH ?? '',
): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const name of names) {
    for (const dir of searchPath.split(path.delimiter)) {
      if (!dir) continue;
      for (const ext of exts) {
        const file = path.join(dir, name + ext);
        if (isExecutable(file)) return file;
      }
    }
  }
  return undefined;
}

/** Whether a capability is found, and if not, why, in one line. */
export interface Lookup {
  path: string | undefined;
  /** Why it is missing (undefined when found). */
  missing: string | undefined;
}

// ---- Chromium ---------------------------------------------------------------------------------

/** Flags for Chromium on these machines (no sandbox as root, no background traffic to a closed network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Executable names looked up on PATH, in order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * The Chromium to drive: PREAU_CHROMIUM when set (`none` or a missing file means none, so a run can
 * be made to see no browser), otherwise the first Chromium or Chrome on PATH.
 */
export function lookUpChromium(env: NodeJS.ProcessEnv = process.env): Lookup {
  const fromEnv = env.PREAU_CHROMIUM;
  if (fromEnv) {
    if (fromEnv !== 'none' && isExecutable(fromEnv)) return { path: fromEnv, missing: undefined };
    const why = fromEnv === 'none' ? '' : ' is not an executable file';
    return { path: undefined, missing: `no Chromium (PREAU_CHROMIUM=${fromEnv}${why})` };
  }
  const found = findOnPath(CHROMIUM_NAMES, env.PATH ?? '');
  if (found) return { path: found, missing: undefined };
  return {
    path: undefined,
    missing: `no Chromium found (${CHROMIUM_NAMES.join(', ')} on PATH; PREAU_CHROMIUM not set)`,
  };
}

/** The system Chromium to drive, or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return lookUpChromium(env).path;
}

/** What to do about a missing Chromium. */
export const CHROMIUM_HINT =
  'Install it (Debian/Ubuntu: apt-get install chromium) or set PREAU_CHROMIUM=/path/to/chromium; never `npx playwright install`. REQUIRE_E2E=1 makes this a failure.';

/** Whether tests must fail rather than skip when there is no Chromium (CI). */
export function chromiumRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.REQUIRE_E2E === '1';
}

// ---- Electron ---------------------------------------------------------------------------------

/**
 * The Electron binary as the `electron` package would run it, checked without loading that package
 * (its index.js starts a download when the binary is missing): ELECTRON_OVERRIDE_DIST_PATH when set,
 * otherwise node_modules/electron/dist/<path.txt>, which must exist and be the version the package
 * pins (dist/version).
 */
export function lookUpElectronBinary(
  env: NodeJS.ProcessEnv = process.env,
  electronDir = path.join(ROOT, 'node_modules', 'electron'),
): Lookup {
  let relative = '';
  try {
    relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the package's install step never completed (no download on this machine).
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || 'electron');
    if (isExecutable(binary)) return { path: binary, missing: undefined };
    return {
      path: undefined,
      missing: `Electron binary not found at ELECTRON_OVERRIDE_DIST_PATH (${binary})`,
    };
  }
  if (!relative) {
    return {
      path: undefined,
      missing:
        'Electron binary not installed (node_modules/electron has no path.txt and no dist/: its download did not run)',
    };
  }
  const binary = path.join(electronDir, 'dist', relative);
  if (!isExecutable(binary)) {
    return {
      path: undefined,
      missing: `Electron binary not installed (node_modules/electron/dist/${relative} is missing)`,
    };
  }
  try {
    const wanted = (
      JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const installed = readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    if (installed !== wanted) {
      return {
        path: undefined,
        missing: `Electron binary is ${installed}, the package pins ${wanted} (reinstall electron)`,
      };
    }
  } catch {
    return {
      path: undefined,
      missing: 'Electron binary of unknown version (node_modules/electron/dist/version is missing)',
    };
  }
  return { path: binary, missing: undefined };
}

/** Electron and something to show its window on (Linux needs an X or Wayland display: xvfb-run). */
export function lookUpElectron(env: NodeJS.ProcessEnv = process.env, platform = process.platform): Lookup {
  const binary = lookUpElectronBinary(env);
  if (!binary.path) return binary;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      path: undefined,
      missing: 'no display for the Electron window (DISPLAY unset: run under xvfb-run -a)',
    };
  }
  return binary;
}

/** What to do about a missing Electron. */
export const ELECTRON_HINT =
  'The binary comes with `npm install` on a machine that can download it (or set ELECTRON_OVERRIDE_DIST_PATH). REQUIRE_ELECTRON=1 makes this a failure.';

export function electronRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.REQUIRE_ELECTRON === '1';
}
