/**
 * The hosts' platform access against real parts: a real core opened as the hosts open it, the real
 * sandbox started in-process on first use, the user-only secrets file, and the connection test
 * against a real platform (right token, wrong token, nothing listening, something that is not Préau).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { Logger } from '../../src/main/lib/logger';
import { UploadEngine } from '../../src/main/core/publish/upload-engine';
import { PlatformClient } from '../../src/main/core/publish/platform-client';
import { createHostCore } from '../../src/main/host/host-core';
import { PlatformAccess, SANDBOX_DIR } from '../../src/main/host/platform-access';
import { fileSecretStore } from '../../src/main/host/secret-store';
import { FAST_RETRY, familyView, testPlatform } from '../helpers/platform';
import { generateSchool } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0).reverse()) await c.close();
});

function collectingLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const log = (m: string, d?: unknown) =>
    lines.push(`${m} ${d instanceof Error ? d.message : JSON.stringify(d ?? '')}`);
  return { logger: { debug: log, info: log, warn: log, error: log }, text: () => lines.join('\n') };
}

async function hostCore(dataDir: string, logger: Logger): Promise<Core> {
  const core = await createHostCore(
    { host: 'test', dataDir, libraryDir: path.join(dataDir, '..', 'library'), logger, validateResults: true },
    fileSecretStore(dataDir),
  );
  toClose.push(core);
  return core;
}

async function openAccess(dataDir: string, logger?: Logger): Promise<PlatformAccess> {
  const access = await PlatformAccess.open({
    dataDir,
    secrets: fileSecretStore(dataDir),
    ...(logger ? { logger } : {}),
  });
  toClose.push(access);
  return access;
}

function fakeServer(
  answer: (res: http.ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    answer(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const handle = {
        url,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      };
      toClose.push(handle);
      resolve(handle);
    });
  });
}

describe('the local sandbox as the default target', () => {
  it('starts only when first needed, keeps its data under the app data folder and its token in the secret store', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const { logger, text } = collectingLogger();
    const core = await hostCore(dataDir, logger);
    const client = core.client();
    const before = await client.call('platformAccess.get', {});
    expect(before).toMatchObject({ target: { kind: 'sandbox' }, sandboxUrl: null, available: true });
    expect(existsSync(path.join(dataDir, SANDBOX_DIR))).toBe(false);

    const test = await client.call('platformAccess.test', {});
    expect(test).toMatchObject({ ok: true, studioName: 'Studio (bac à sable)' });
    const after = await client.call('platformAccess.get', {});
    expect(after.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(path.join(dataDir, SANDBOX_DIR, 'platform.sqlite'))).toBe(true);
    // The token lives in the host's secret store, not in a file of the sandbox's own.
    expect(existsSync(path.join(dataDir, SANDBOX_DIR, 'studio-token'))).toBe(false);
    const secrets = path.join(dataDir, 'platform-secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const token = (JSON.parse(readFileSync(secrets, 'utf8')) as { secrets: Record<string, string> }).secrets[
      'sandbox:plateforme-locale'
    ]!;
    expect(token).toMatch(/^preau_/);
    expect(JSON.stringify([before, test, after])).not.toContain(token);
    expect(text()).not.toContain(token);
  });

  it('publishes a school to the sandbox with no account, and finds it again at the same address after a restart', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await openAccess(dataDir);
    const target = (await first.connectionFor({ kind: 'sandbox', url: '' }))!;
    const school = await generateSchool(tempDir(), { classes: 1, studentsPerClass: 2 });
    const client = new PlatformClient(target);
    await new UploadEngine(client).publish(school.input, { retry: FAST_RETRY });
    client.destroy();
    const publishedAt = target.baseUrl;
    await first.close();

    // The next launch: nothing runs until a job published earlier needs its platform.
    const second = await openAccess(dataDir);
    expect(second.sandboxUrl()).toBeNull();
    const resolved = await second.resolve(`${publishedAt}/`);
    expect(resolved?.baseUrl).toBe(publishedAt);
    expect(resolved?.token).toBe(target.token);
    const started = await second.ensureSandbox();
    expect(started.baseUrl).toBe(publishedAt);
    const view = await familyView({ url: publishedAt }, school.students[0]!.accessCode);
    expect(view.status).toBe(200);
    expect(await second.resolve('https://ailleurs.example.fr')).toBeNull();
  });

  it('moves to a new port when the remembered one is taken, and still resolves the old address to it', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await openAccess(dataDir);
    const old = (await first.ensureSandbox()).baseUrl;
    await first.close();
    const squatter = await fakeServerOn(Number(new URL(old).port));
    expect(squatter).toBeDefined();
    const second = await openAccess(dataDir);
    const now = await second.ensureSandbox();
    expect(now.baseUrl).not.toBe(old);
    expect((await second.resolve(old))?.baseUrl).toBe(now.baseUrl);
    expect((await second.resolve(now.baseUrl))?.baseUrl).toBe(now.baseUrl);
  });

  it('uses the sandbox another process of the app already serves instead of starting a second one', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const app = await openAccess(dataDir);
    const served = await app.ensureSandbox();
    const cli = await openAccess(dataDir);
    expect(await cli.ensureSandbox()).toEqual(served);
  });
});

/** Occupies a port with a server that is not a Préau platform. */
function fakeServerOn(port: number): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.end('occupé'));
  toClose.push({
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('the hosted platform: address and token from the settings', () => {
  it('tests the connection: ok, wrong token, nothing listening, not a Préau platform, no token', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const { logger, text } = collectingLogger();
    const core = await hostCore(dataDir, logger);
    const client = core.client();
    const hosted = await testPlatform({ studioName: 'Studio Lumière' });

    const noToken = await client.call('platformAccess.configure', { kind: 'hosted', url: `${hosted.url}/` });
    expect(noToken).toMatchObject({ target: { kind: 'hosted', url: `${hosted.url}/` }, tokenSet: false });
    expect(await client.call('platformAccess.test', {})).toMatchObject({ ok: false, reason: 'no_token' });

    const saved = await client.call('platformAccess.configure', {
      kind: 'hosted',
      url: `${hosted.url}/`,
      token: hosted.token,
    });
    expect(saved.tokenSet).toBe(true);
    expect(await client.call('platformAccess.test', {})).toEqual({
      ok: true,
      studioName: 'Studio Lumière',
      url: hosted.url,
    });
    // An empty token field keeps the stored token (the field is write-only).
    expect(
      (await client.call('platformAccess.configure', { kind: 'hosted', url: hosted.url, token: '' }))
        .tokenSet,
    ).toBe(true);

    await client.call('platformAccess.configure', {
      kind: 'hosted',
      url: hosted.url,
      token: 'preau_wrong-token',
    });
    expect(await client.call('platformAccess.test', {})).toMatchObject({ ok: false, reason: 'unauthorized' });

    const notPreau = await fakeServer((res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Bienvenue</html>');
    });
    await client.call('platformAccess.configure', {
      kind: 'hosted',
      url: notPreau.url,
      token: 'x-token-1234',
    });
    expect(await client.call('platformAccess.test', {})).toMatchObject({ ok: false, reason: 'not_preau' });

    const gone = await fakeServer(() => undefined);
    await gone.close();
    await client.call('platformAccess.configure', { kind: 'hosted', url: gone.url, token: 'x-token-1234' });
    expect(await client.call('platformAccess.test', {})).toMatchObject({ ok: false, reason: 'unreachable' });

    const forgotten = await client.call('platformAccess.configure', {
      kind: 'hosted',
      url: gone.url,
      forgetToken: true,
    });
    expect(forgotten.tokenSet).toBe(false);
    expect(text()).not.toContain(hosted.token);
    expect(text()).not.toContain('preau_wrong-token');
  });

  it('refuses an address that would send the token in clear over a network, in French, without echoing the token', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const core = await hostCore(dataDir, collectingLogger().logger);
    const answer = await core.dispatch('platformAccess.configure', {
      kind: 'hosted',
      url: 'http://ventes.example.fr',
      token: 'preau_secret-typed-token',
    });
    expect(answer).toMatchObject({ error: { code: 'invalid_params' } });
    expect(JSON.stringify(answer)).not.toContain('preau_secret-typed-token');
    expect((await core.client().call('settings.get', {})).publishTarget.kind).toBe('sandbox');
    expect(existsSync(path.join(dataDir, 'platform-secrets.json'))).toBe(false);
  });

  it('resolves a hosted address a job published to, with its stored token, for purge and erasure', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const core = await hostCore(dataDir, collectingLogger().logger);
    await core.client().call('platformAccess.configure', {
      kind: 'hosted',
      url: 'https://ventes.example.fr/',
      token: 'preau_hosted-token',
    });
    const access = await openAccess(dataDir);
    expect(access.resolve('https://ventes.example.fr')).toEqual({
      baseUrl: 'https://ventes.example.fr',
      token: 'preau_hosted-token',
    });
    expect(access.resolve('https://autre.example.fr')).toBeNull();
    expect(await access.connectionFor({ kind: 'hosted', url: 'https://ventes.example.fr/' })).toEqual({
      baseUrl: 'https://ventes.example.fr',
      token: 'preau_hosted-token',
    });
  });
});
