import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorageSecretStore, type SafeStorageLike } from './safe-storage-secrets';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Stand-in for Electron's safeStorage: a reversible transformation that never leaves the plain text. */
function fakeSafeStorage(available = true): SafeStorageLike & { sealed: number } {
  const fake = {
    sealed: 0,
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => {
      fake.sealed++;
      return Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a));
    },
    decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
  };
  return fake;
}

function collectingLogger() {
  const lines: string[] = [];
  const log = (m: string, d?: unknown) => lines.push(`${m} ${d === undefined ? '' : JSON.stringify(d)}`);
  return { lines, logger: { debug: log, info: log, warn: log, error: log } };
}

describe('safeStorage token store (Electron host)', () => {
  it('writes only sealed bytes, to a user-only file, and reads the token back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'preau-safe-'));
    dirs.push(dir);
    const safe = fakeSafeStorage();
    const { logger, lines } = collectingLogger();
    const store = safeStorageSecretStore(dir, safe, logger);
    const token = 'preau_hosted-0123456789abcdef';
    await store.set('https://ventes.example.fr', token);
    expect(safe.sealed).toBe(1);
    expect(store.kind).toBe('safeStorage');
    const file = path.join(dir, 'platform-secrets.sealed.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(token);
    expect(await safeStorageSecretStore(dir, safe, logger).get('https://ventes.example.fr')).toBe(token);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('falls back to the user-only file when the system has no keyring, and says so in the log', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'preau-safe-'));
    dirs.push(dir);
    const { logger, lines } = collectingLogger();
    const store = safeStorageSecretStore(dir, fakeSafeStorage(false), logger);
    await store.set('https://ventes.example.fr', 'tok');
    expect(existsSync(path.join(dir, 'platform-secrets.json'))).toBe(true);
    expect(statSync(path.join(dir, 'platform-secrets.json')).mode & 0o777).toBe(0o600);
    expect(lines.join('\n')).toMatch(/safeStorage unavailable/);
  });
});
