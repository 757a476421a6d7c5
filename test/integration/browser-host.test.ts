import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../src/main/server/browser-host';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';
import { connectWs, type WsClient } from '../helpers/ws-client';

const hosts: BrowserHost[] = [];
const sockets: WsClient[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const h of hosts.splice(0)) await h.close();
});

async function setup() {
  const tc = await testCore();
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Préau Studio</title>');
  const host = await startBrowserHost(tc.core, { rendererDir });
  hosts.push(host);
  return { ...tc, host, rendererDir };
}

async function ws(host: BrowserHost): Promise<WsClient> {
  const c = await connectWs(host.port, host.token);
  sockets.push(c);
  return c;
}

describe('browser host', () => {
  it('answers over WebSocket exactly as the in-process dispatcher does', async () => {
    const { core, host } = await setup();
    const remote = await ws(host);
    await core.client().call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
    const calls: [string, unknown][] = [
      ['app.info', {}],
      ['settings.get', {}],
      ['jobs.list', {}],
      ['jobs.create', { schoolName: '', schoolYear: '26-27' }],
      ['jobs.open', { path: 'relatif/dossier' }],
      ['jobs.get', { jobId: 'pas-un-uuid' }],
      ['no.such.method', {}],
      ['settings.update', { language: 'klingon' }],
    ];
    for (const [method, params] of calls) {
      const local = await core.dispatch(method, params);
      const { type, id, ...overWs } = await remote.transport.call(method, params);
      expect(type).toBe('result');
      expect(id).toBeGreaterThan(0);
      expect(overWs, method).toEqual(local);
    }
  });

  it('pushes events to every connected window', async () => {
    const { host } = await setup();
    const a = await ws(host);
    const b = await ws(host);
    const seen: string[] = [];
    b.client.on('data.changed', (p) => seen.push(p.entity));
    await a.client.call('settings.update', { photographer: { name: 'Studio Lumière' } });
    await expect.poll(() => seen).toContain('settings');
    expect((await b.client.call('settings.get', {})).photographer.name).toBe('Studio Lumière');
  });

  it('answers a malformed frame that has an id, and closes a connection sending garbage', async () => {
    const { host } = await setup();
    const c = await ws(host);
    const answers: unknown[] = [];
    c.socket.on('message', (d) => answers.push(JSON.parse((d as Buffer).toString('utf8'))));
    c.socket.send(JSON.stringify({ type: 'call', id: 7 }));
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toMatchObject({ type: 'result', id: 7, ok: false, error: { code: 'invalid_params' } });
    expect((await c.client.call('app.info', {})).name).toBe('Préau Studio');
    const closed = new Promise<number>((resolve) => c.socket.once('close', (code) => resolve(code)));
    c.socket.send('not json at all');
    expect(await closed).toBe(1007);
    expect((await (await ws(host)).client.call('app.info', {})).name).toBe('Préau Studio');
  });

  it('refuses requests and WebSocket upgrades without the token, from another Host or another Origin', async () => {
    const { host } = await setup();
    const base = `http://127.0.0.1:${host.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(`${base}/?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(ok.headers.get('set-cookie')).toMatch(
      new RegExp(`preau_token_${host.port}=.*HttpOnly.*SameSite=Strict`),
    );
    expect(
      (
        await fetch(`${base}/`, {
          headers: { Authorization: `Bearer ${host.token}`, Origin: 'http://evil.example' },
        })
      ).status,
    ).toBe(403);

    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const s = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, { headers });
        s.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        s.on('open', () => {
          s.close();
          resolve(101);
        });
        s.on('error', () => resolve(-1));
      });
    expect(await refused({})).toBe(401);
    expect(await refused({ Authorization: `Bearer ${host.token}`, Origin: 'http://evil.example' })).toBe(403);
    expect(
      await refused({ Authorization: `Bearer ${host.token}`, Host: `rebind.example:${host.port}` }),
    ).toBe(403);
    expect(await refused({ Authorization: `Bearer ${host.token}` })).toBe(101);
  });

  it('serves media by opaque id from inside the job folder only', async () => {
    const { core, host, root } = await setup();
    const job = await core
      .client()
      .call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
    const outside = path.join(root, 'secret.jpg');
    writeFileSync(outside, 'secret');
    mkdirSync(path.join(job.path, 'cache', 'thumb'), { recursive: true });
    writeFileSync(path.join(job.path, 'cache', 'thumb', 'p1.jpg'), 'jpeg-bytes');
    symlinkSync(outside, path.join(job.path, 'cache', 'thumb', 'p2.jpg'));
    core.media.register('thumb', (ref, dir) => ({
      file: ref.id === 'p3' ? '../../secret.jpg' : path.join(dir, 'cache', 'thumb', `${ref.id}.jpg`),
      contentType: 'image/jpeg',
    }));
    const get = (id: string) =>
      fetch(`http://127.0.0.1:${host.port}/media/${job.id}/thumb/${id}`, {
        headers: { Authorization: `Bearer ${host.token}` },
      });
    const served = await get('p1');
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('jpeg-bytes');
    expect((await get('p2')).status).toBe(404); // symbolic link leading out of the job folder
    expect((await get('p3')).status).toBe(404); // resolver returning a path outside
    expect((await get('..%2F..%2Fsecret')).status).toBe(404);
  });
});
