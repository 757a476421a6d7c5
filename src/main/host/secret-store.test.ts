import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSecretStore, platformKey, SecretFile } from './secret-store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'preau-secrets-'));
  dirs.push(d);
  return path.join(d, 'data');
}

describe('user-only secrets file', () => {
  it('keeps one token per platform address in a file readable by the user only', async () => {
    const dir = dataDir();
    const store = fileSecretStore(dir);
    expect(await store.get('https://a.example')).toBeNull();
    await Promise.all([store.set('https://a.example', 'tok-a'), store.set('https://b.example', 'tok-b')]);
    expect(await store.get('https://a.example')).toBe('tok-a');
    expect(await store.keys()).toEqual(['https://a.example', 'https://b.example']);
    const file = path.join(dir, 'platform-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.delete('https://a.example');
    // A new instance (the next launch) reads what was saved.
    const again = fileSecretStore(dir);
    expect(await again.get('https://a.example')).toBeNull();
    expect(await again.get('https://b.example')).toBe('tok-b');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('names the file, never its content, when the file is damaged, and accepts a new token after', async () => {
    const dir = dataDir();
    const store = fileSecretStore(dir);
    await store.set('https://a.example', 'preau_secret-value');
    const file = path.join(dir, 'platform-secrets.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 30));
    const error = (await store.get('https://a.example').catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('platform-secrets.json');
    expect(error.message).not.toContain('preau_secret');
    await store.set('https://a.example', 'new-token');
    expect(await store.get('https://a.example')).toBe('new-token');
  });

  it('refuses to read a file sealed another way rather than hand back sealed bytes as a token', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'secrets.json');
    const sealed = new SecretFile(file, { kind: 'test-seal', seal: (s) => `x${s}`, open: (s) => s.slice(1) });
    await sealed.set('k', 'v');
    expect(readFileSync(file, 'utf8')).toContain('"xv"');
    expect(await sealed.get('k')).toBe('v');
    await expect(new SecretFile(file).get('k')).rejects.toThrow(/enregistrez à nouveau/);
  });
});

describe('platform address keys', () => {
  it('gives one key per platform, whatever the trailing slash, and none for other schemes', () => {
    expect(platformKey('https://ventes.example.fr/')).toBe('https://ventes.example.fr');
    expect(platformKey(' https://ventes.example.fr/studio/?x=1#y ')).toBe('https://ventes.example.fr/studio');
    expect(platformKey('http://127.0.0.1:41234/')).toBe('http://127.0.0.1:41234');
    expect(platformKey('ftp://example.fr')).toBeNull();
    expect(platformKey('https://user:pw@example.fr')).toBeNull();
    expect(platformKey('pas une adresse')).toBeNull();
  });
});
