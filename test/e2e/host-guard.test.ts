/**
 * The browser host refuses whoever does not hold this launch's token, and requests that do not name it
 * exactly (DNS rebinding) or come from another site (cross-site requests, WebSocket hijacking).
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { e2eEnabled, useE2E } from './harness';

const { setup } = useE2E();

function get(
  port: number,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade on /rpc; resolves to 101 when accepted, the refusal status otherwise. */
function upgrade(port: number, headers: Record<string, string> = {}, query = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc${query}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (error) => {
      const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
      if (status) resolve(Number(status));
      else reject(error);
    });
  });
}

describe.skipIf(!e2eEnabled)('browser host guard', () => {
  it('serves the app with the token and refuses HTTP requests without it (401)', async () => {
    const { host } = await setup();
    const withToken = await get(host.port, `/?token=${host.token}`);
    expect(withToken.status).toBe(200);
    expect(withToken.body).toContain('<div id="root">');

    const without = await get(host.port, '/');
    expect(without.status).toBe(401);
    expect(without.body).toContain('Accès refusé');
    expect((await get(host.port, '/?token=wrong-token')).status).toBe(401);
    expect((await get(host.port, '/', { Authorization: `Bearer ${host.token}` })).status).toBe(200);
  });

  it('refuses a WebSocket upgrade without the token (401) and accepts it with the cookie', async () => {
    const { host } = await setup();
    expect(await upgrade(host.port)).toBe(401);
    expect(await upgrade(host.port, { Cookie: `preau_token_${host.port}=nope` })).toBe(401);
    expect(await upgrade(host.port, { Cookie: `preau_token_${host.port}=${host.token}` })).toBe(101);
  });

  it('refuses a wrong Host header (403), even with the token', async () => {
    const { host } = await setup();
    const rebound = await get(host.port, `/?token=${host.token}`, { Host: `attacker.example:${host.port}` });
    expect(rebound.status).toBe(403);
    expect(
      await upgrade(host.port, {
        Host: `attacker.example:${host.port}`,
        Authorization: `Bearer ${host.token}`,
      }),
    ).toBe(403);
  });

  it('refuses a cross-origin request and WebSocket (403), even with the token', async () => {
    const { host } = await setup();
    const evil = { Origin: 'http://attacker.example' };
    expect((await get(host.port, `/?token=${host.token}`, evil)).status).toBe(403);
    expect(await upgrade(host.port, { ...evil, Cookie: `preau_token_${host.port}=${host.token}` })).toBe(403);
    // Another local port is another origin too.
    expect(
      await upgrade(host.port, {
        Origin: 'http://127.0.0.1:1',
        Cookie: `preau_token_${host.port}=${host.token}`,
      }),
    ).toBe(403);
  });

  it('keeps the token out of the address bar and talks to the core by cookie', async () => {
    const { host, page } = await setup();
    await page.goto(host.url);
    await page.getByRole('heading', { level: 1, name: 'Reportages' }).waitFor();
    expect(page.url()).toBe(`${host.origin}/`);
    const cookies = await page.context().cookies(host.origin);
    expect(cookies.find((c) => c.name === `preau_token_${host.port}`)?.httpOnly).toBe(true);
    // Scripts cannot read the token.
    expect(await page.evaluate<string>('document.cookie')).not.toContain(host.token);
  });
});
