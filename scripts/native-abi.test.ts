import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/temp-dir';
import { abiMismatch, needsElectronRebuild, needsNodeRebuild, probeBetterSqlite } from './native-abi.mjs';

// Node's own wording when a native module was built for another runtime.
const builtForElectron = `Error: The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 140. This version of Node.js requires
NODE_MODULE_VERSION 115. Please try re-compiling or re-installing
the module (for instance, using \`npm rebuild\` or \`npm install\`).`;

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
});
