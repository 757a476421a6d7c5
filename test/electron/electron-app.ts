/**
 * The built Electron app, staged so it can run beside the Node test suites of the same `npm test`:
 * better-sqlite3 is a native module, and the copy in node_modules is built for plain Node (the other
 * suites load it), not for Electron's ABI. So the smoke test runs a staged copy of the app —
 * package.json and dist/ copied into a temporary folder whose node_modules links every package of
 * the project except better-sqlite3, which points to a copy built for Electron with @electron/rebuild
 * (its prebuilt binary, or a compile against Electron's headers) and kept under .cache/ between runs.
 * node_modules itself is never rebuilt here.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { abiMismatch, electronAbi } from '../../scripts/native-abi.mjs';
import { ROOT } from '../helpers/machine';

function versionOf(pkgDir: string): string {
  return (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
}

export const ELECTRON_VERSION = versionOf(path.join(ROOT, 'node_modules', 'electron'));

const SQLITE_DIR = path.join(ROOT, 'node_modules', 'better-sqlite3');

/** Where the Electron build of better-sqlite3 is kept: one folder per Electron version and platform. */
export function nativeCacheDir(): string {
  return path.join(
    ROOT,
    '.cache',
    'electron-native',
    `electron-${ELECTRON_VERSION}-${process.platform}-${process.arch}`,
  );
}

/**
 * A copy of better-sqlite3 built for this Electron (built once, then reused while the versions stay
 * the same); returns the package folder.
 */
export async function betterSqliteForElectron(): Promise<string> {
  const dir = nativeCacheDir();
  const pkg = path.join(dir, 'node_modules', 'better-sqlite3');
  const stampFile = path.join(dir, 'built-for.json');
  const stamp = JSON.stringify({ electron: ELECTRON_VERSION, betterSqlite3: versionOf(SQLITE_DIR) });
  const binary = path.join(pkg, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return pkg;

  rmSync(dir, { recursive: true, force: true });
  // The sources without the Node build (build/ holds the binary the other suites use).
  cpSync(SQLITE_DIR, pkg, { recursive: true, filter: (src) => src !== path.join(SQLITE_DIR, 'build') });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'preau-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': versionOf(SQLITE_DIR) },
    }),
  );
  const { rebuild } = await import('@electron/rebuild');
  // A nodedir from npm's configuration (npm run / npx pass it on as npm_config_nodedir) would make
  // node-gyp compile against that Node's headers instead of Electron's: set aside while building.
  const nodedir = { lower: process.env.npm_config_nodedir, upper: process.env.NPM_CONFIG_NODEDIR };
  delete process.env.npm_config_nodedir;
  delete process.env.NPM_CONFIG_NODEDIR;
  try {
    // projectRootPath stops the module search at this folder: the project's own node_modules (built
    // for Node, in use by the other suites) is never looked at, let alone rebuilt.
    await rebuild({
      buildPath: dir,
      projectRootPath: dir,
      electronVersion: ELECTRON_VERSION,
      arch: process.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
    });
  } catch (error) {
    throw new Error(
      `better-sqlite3 could not be built for Electron ${ELECTRON_VERSION}: neither its prebuilt binary nor Electron's headers could be had (${String(error)})`,
      { cause: error },
    );
  } finally {
    if (nodedir.lower !== undefined) process.env.npm_config_nodedir = nodedir.lower;
    if (nodedir.upper !== undefined) process.env.NPM_CONFIG_NODEDIR = nodedir.upper;
  }
  // Proof it is Electron's: plain Node refuses it, naming Electron's ABI as the one it was built for.
  const abi = electronAbi(path.join(ROOT, 'node_modules', 'electron'));
  const loaded = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(binary)})`], {
    encoding: 'utf8',
  });
  const mismatch = abiMismatch(loaded.stderr ?? '');
  if (!existsSync(binary) || mismatch === null || mismatch.compiledFor !== abi) {
    const found = mismatch
      ? `it is built for ABI ${mismatch.compiledFor}`
      : 'plain Node loads it, or it is missing';
    throw new Error(
      `better-sqlite3 in ${pkg} is not built for Electron ${ELECTRON_VERSION} (ABI ${abi ?? '?'}): ${found}`,
    );
  }
  writeFileSync(stampFile, stamp);
  return pkg;
}

/**
 * The app folder to launch: `root/app` with package.json, dist/ (copied: Node resolves a module from
 * its real path, so dist/ must live here for `require('better-sqlite3')` to find the staged one) and
 * node_modules linking to the project's packages, better-sqlite3 to its Electron build.
 */
export function stageApp(root: string, sqliteForElectron: string): string {
  const app = path.join(root, 'app');
  mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
  const linkType = process.platform === 'win32' ? 'junction' : 'dir';
  for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name === '.bin' || name === '.package-lock.json') continue;
    const target = name === 'better-sqlite3' ? sqliteForElectron : path.join(ROOT, 'node_modules', name);
    symlinkSync(target, path.join(app, 'node_modules', name), linkType);
  }
  return app;
}
