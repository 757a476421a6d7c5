import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/temp-dir';
import {
  abiMismatch,
  chooseNodedir,
  headersVersion,
  needsElectronRebuild,
  needsNodeRebuild,
  probeBetterSqlite,
  rebuildReason,
} from './native-abi.mjs';

// Node's own wording when a native module was built for another runtime.
const builtForElectron = `Error: The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 140. This version of Node.js requires
NODE_MODULE_VERSION 115. Please try re-compiling or re-installing
the module (for instance, using \`npm rebuild\` or \`npm install\`).`;

// The same error after Node was upgraded from 20 to 24 without reinstalling.
const builtForNode20 = `Error: The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 115. This version of Node.js requires
NODE_MODULE_VERSION 137. Please try re-compiling or re-installing
the module (for instance, using \`npm rebuild\` or \`npm install\`).`;

const neverBuilt = `Error: Could not locate the bindings file. Tried:
 → /app/node_modules/better-sqlite3/build/better_sqlite3.node
 → /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node`;

/** A folder laid out like a Node install (include/node/node_version.h) with the headers of `version`. */
function nodeInstall(root: string, name: string, version: string): string {
  const dir = path.join(root, name);
  const [major, minor, patch] = version.split('.');
  mkdirSync(path.join(dir, 'include', 'node'), { recursive: true });
  writeFileSync(
    path.join(dir, 'include', 'node', 'node_version.h'),
    `#ifndef SRC_NODE_VERSION_H_\n#define NODE_MAJOR_VERSION ${major}\n#define NODE_MINOR_VERSION ${minor}\n#define NODE_PATCH_VERSION ${patch}\n`,
  );
  mkdirSync(path.join(dir, 'bin'));
  return dir;
}

describe('native ABI', () => {
  it('reads both ABIs from Node’s mismatch error', () => {
    expect(abiMismatch(builtForElectron)).toEqual({ compiledFor: 140, required: 115 });
    expect(abiMismatch("Cannot find module 'better-sqlite3'")).toBeNull();
  });

  it('rebuilds for Node only on an ABI mismatch', () => {
    expect(needsNodeRebuild({ ok: false, message: builtForElectron })).toBe(true);
    expect(needsNodeRebuild({ ok: true })).toBe(false);
    expect(needsNodeRebuild({ ok: false, message: "Cannot find module 'better-sqlite3'" })).toBe(false);
  });

  it('rebuilds for Electron unless the binary is already built for Electron’s ABI', () => {
    expect(needsElectronRebuild({ ok: true }, 140)).toBe(true);
    expect(needsElectronRebuild({ ok: false, message: builtForElectron }, 140)).toBe(false);
    expect(needsElectronRebuild({ ok: false, message: builtForElectron }, 143)).toBe(true);
    expect(needsElectronRebuild({ ok: false, message: builtForElectron }, undefined)).toBe(true);
  });

  it('probes the real module in a child process', () => {
    expect(probeBetterSqlite()).toEqual({ ok: true });
    const missing = probeBetterSqlite(tempDir());
    expect(missing.ok).toBe(false);
    expect(needsNodeRebuild(missing)).toBe(false);
  });

  it('names the runtime the binary was built for: Electron only when it is Electron’s ABI', () => {
    const electron = { abi: 140, version: '39.2.0' };
    expect(
      rebuildReason({ ok: false, message: builtForElectron }, { nodeVersion: '20.20.2', electron }),
    ).toBe('better-sqlite3 est compilé pour Electron 39 (ABI 140), ce Node 20.20.2 attend l’ABI 115');
    // Built by Node 20, run by Node 24: an upgrade, not Electron.
    expect(rebuildReason({ ok: false, message: builtForNode20 }, { nodeVersion: '24.22.3', electron })).toBe(
      'better-sqlite3 est compilé pour Node 20 (ABI 115), ce Node 24.22.3 attend l’ABI 137',
    );
    expect(rebuildReason({ ok: true })).toBeUndefined();
  });

  it('builds a binary that was never built, and says so', () => {
    expect(needsNodeRebuild({ ok: false, message: neverBuilt })).toBe(true);
    expect(rebuildReason({ ok: false, message: neverBuilt })).toMatch(/n’est pas compilé/);
  });

  it('reads the Node version of a folder of headers', () => {
    const root = tempDir();
    expect(headersVersion(nodeInstall(root, 'node-v24', '24.22.3'))).toBe('24.22.3');
    expect(headersVersion(root)).toBeUndefined();
    expect(headersVersion(undefined)).toBeUndefined();
  });

  it('compiles against the running Node’s own headers when npm’s nodedir holds another Node’s', () => {
    const root = tempDir();
    const debian = nodeInstall(root, 'usr', '20.20.2');
    const node24 = nodeInstall(root, 'node-v24', '24.22.3');
    const running = {
      nodeVersion: '24.22.3',
      execPath: path.join(node24, 'bin', 'node'),
      prefix: '/nowhere',
    };
    const chosen = chooseNodedir({ ...running, configured: debian });
    expect(chosen).toMatchObject({ nodedir: node24, version: '24.22.3' });
    expect(chosen.configuredWrong).toContain(`(${debian}) contient les en-têtes de Node 20.20.2`);
    // When the configured folder is the right one, it is kept and nothing is said.
    expect(chooseNodedir({ ...running, configured: node24 })).toEqual({
      nodedir: node24,
      version: '24.22.3',
      configuredWrong: undefined,
    });
    // Node 20 under Debian: /usr is its own.
    const node20 = { nodeVersion: '20.20.2', execPath: path.join(debian, 'bin', 'node'), configured: debian };
    expect(chooseNodedir(node20).nodedir).toBe(debian);
  });

  it('leaves the headers to node-gyp’s download when no folder has this Node’s', () => {
    const root = tempDir();
    const debian = nodeInstall(root, 'usr', '20.20.2');
    const chosen = chooseNodedir({
      nodeVersion: '24.22.3',
      execPath: path.join(root, 'elsewhere', 'bin', 'node'),
      configured: debian,
      prefix: debian,
    });
    expect(chosen.nodedir).toBe('');
    expect(chosen.configuredWrong).toContain('Node 20.20.2');
  });
});
