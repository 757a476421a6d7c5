// Which Node ABI the native better-sqlite3 binary is built for. One node_modules serves two runtimes:
// plain Node (tests, CLI, browser host) and Electron (the app), whose ABIs differ; `npm start` rebuilds
// it for Electron and `npm test` (pretest) rebuilds it for Node when the other one left it behind.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Reads Node's "was compiled against NODE_MODULE_VERSION X … requires NODE_MODULE_VERSION Y" error. */
export function abiMismatch(message) {
  const compiled = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(
    message,
  );
  const required = /requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (!compiled || !required) return null;
  return { compiledFor: Number(compiled[1]), required: Number(required[1]) };
}

/** Tries better-sqlite3 in a separate plain Node process (so the binary is never held open here). */
export function probeBetterSqlite(cwd = process.cwd()) {
  const result = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status === 0) return { ok: true };
  return { ok: false, message: `${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

/** Electron's Node ABI (node_modules/electron/abi_version), or undefined when unknown. */
export function electronAbi(electronDir) {
  try {
    const n = Number(readFileSync(`${electronDir}/abi_version`, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the binary must be rebuilt for Electron before launching it: yes when it loads in plain
 * Node (so it is built for Node) or is built for a third ABI; no when Node refuses it because it is
 * built for Electron's ABI.
 */
export function needsElectronRebuild(probe, abiOfElectron) {
  if (probe.ok) return true;
  const mismatch = abiMismatch(probe.message);
  if (!mismatch) return true;
  return abiOfElectron === undefined || mismatch.compiledFor !== abiOfElectron;
}

/** Whether `npm test` must rebuild the binary for plain Node: only on an ABI mismatch. */
export function needsNodeRebuild(probe) {
  return !probe.ok && abiMismatch(probe.message) !== null;
}
