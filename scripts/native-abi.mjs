// Which Node ABI the native better-sqlite3 binary is built for. One node_modules serves two runtimes:
// plain Node (tests, CLI, browser host) and Electron (the app), whose ABIs differ; `npm start` rebuilds
// it for Electron and `npm test` (pretest) rebuilds it for the running Node when another runtime — the
// Electron app, or another Node version after an upgrade — left it behind. The rebuild compiles against
// headers: those of the running Node, which npm's `nodedir` setting may not be (Debian's npm points it
// at /usr, the headers of Debian's own Node), so they are chosen here and checked by version.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads Node's "was compiled against NODE_MODULE_VERSION X … requires NODE_MODULE_VERSION Y" error. */
export function abiMismatch(message) {
  const compiled = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(
    message,
  );
  const required = /requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (!compiled || !required) return null;
  return { compiledFor: Number(compiled[1]), required: Number(required[1]) };
}

/** Whether the error says the compiled binary is not there at all (installed without its build step). */
export function binaryMissing(message) {
  return /Could not locate the bindings file/.test(message);
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
 * NODE_MODULE_VERSION of each Node major release (Node's own doc/abi_version_registry.json), to name
 * the runtime a binary was built for.
 */
export const NODE_MAJOR_OF_ABI = {
  93: 16,
  102: 17,
  108: 18,
  111: 19,
  115: 20,
  120: 21,
  127: 22,
  131: 23,
  137: 24,
  141: 25,
  147: 26,
  153: 27,
};

/** The runtime an ABI belongs to, in words: « Electron 45 », « Node 20 », or « un autre runtime ». */
export function runtimeOfAbi(abi, electron = {}) {
  if (electron.abi !== undefined && abi === electron.abi) {
    const major = electron.version?.split('.')[0];
    return major ? `Electron ${major}` : 'Electron';
  }
  const node = NODE_MAJOR_OF_ABI[abi];
  return node ? `Node ${node}` : 'un autre runtime';
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

/** Whether `npm test` must rebuild the binary for plain Node: on an ABI mismatch, or when it was never built. */
export function needsNodeRebuild(probe) {
  return !probe.ok && (abiMismatch(probe.message) !== null || binaryMissing(probe.message));
}

/**
 * Why the binary does not load under this Node, in the words `npm test` prints (French, as the
 * project's other messages): the runtime it was built for, named from its ABI.
 */
export function rebuildReason(probe, { nodeVersion = process.versions.node, electron = {} } = {}) {
  if (probe.ok) return undefined;
  if (binaryMissing(probe.message))
    return 'better-sqlite3 n’est pas compilé (installé sans son étape de compilation)';
  const mismatch = abiMismatch(probe.message);
  if (!mismatch) return undefined;
  const builtFor = runtimeOfAbi(mismatch.compiledFor, electron);
  return `better-sqlite3 est compilé pour ${builtFor} (ABI ${mismatch.compiledFor}), ce Node ${nodeVersion} attend l’ABI ${mismatch.required}`;
}

/** The Node version whose headers a folder holds (`<dir>/include/node/node_version.h`), or undefined. */
export function headersVersion(dir) {
  if (!dir) return undefined;
  try {
    const h = readFileSync(path.join(dir, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (name) => new RegExp(`#define ${name} (\\d+)`).exec(h)?.[1];
    const [major, minor, patch] = [
      part('NODE_MAJOR_VERSION'),
      part('NODE_MINOR_VERSION'),
      part('NODE_PATCH_VERSION'),
    ];
    return major && minor && patch ? `${major}.${minor}.${patch}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The headers to compile against for the running Node: the first folder, among npm's configured
 * `nodedir`, the running Node's own install (bin/node → include/node) and the prefix it was built
 * with, whose headers are this Node's major version (the ABI is per major; the exact version is
 * preferred). `nodedir: ''` means none here: node-gyp then downloads this version's headers, which
 * needs the internet. `configuredWrong` names a configured folder that was passed over, and why.
 */
export function chooseNodedir({
  nodeVersion = process.versions.node,
  execPath = process.execPath,
  configured = process.env.npm_config_nodedir,
  prefix = process.config?.variables?.node_prefix,
  versionOf = headersVersion,
} = {}) {
  const major = nodeVersion.split('.')[0];
  const candidates = [configured, path.dirname(path.dirname(execPath)), prefix].filter(
    (dir, i, all) => dir && all.indexOf(dir) === i,
  );
  const found = candidates.map((dir) => ({ dir, version: versionOf(dir) }));
  const exact = found.find((c) => c.version === nodeVersion);
  const sameMajor = found.find((c) => c.version?.split('.')[0] === major);
  const chosen = exact ?? sameMajor;
  const configuredVersion = configured ? versionOf(configured) : undefined;
  const configuredWrong =
    configured && configured !== chosen?.dir
      ? `le réglage nodedir de npm (${configured}) contient ${configuredVersion ? `les en-têtes de Node ${configuredVersion}` : 'aucun en-tête de Node'}, pas ceux de Node ${nodeVersion}`
      : undefined;
  return { nodedir: chosen?.dir ?? '', version: chosen?.version, configuredWrong };
}
