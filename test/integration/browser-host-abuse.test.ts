/**
 * The browser host survives any client. Over its WebSocket: a message over the size limit, binary
 * data, text that is not JSON, a frame without an id, invalid UTF-8, a protocol violation, a flood,
 * a connection cut in the middle of a frame — each ends that one connection with its close code and
 * one log line without a stack, while another window keeps working and a new connection answers.
 * Over HTTP: a malformed address or request on every route is a 400, never a 500, and an upload cut
 * halfway keeps nothing. Last, the real `preau serve` process, sent the message that once killed it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/main/lib/logger';
import {
  startBrowserHost,
  type BrowserHost,
  type BrowserHostOptions,
} from '../../src/main/server/browser-host';
import { MAX_FRAME_BYTES } from '../../src/shared/rpc/wire';
import { testCore } from '../helpers/core';
import { startHostProcess, type HostProcess } from '../helpers/host-process';
import { tempDir } from '../helpers/temp-dir';
import { connectWs, type WsClient } from '../helpers/ws-client';

const hosts: BrowserHost[] = [];
const sockets: WsClient[] = [];
const processes: HostProcess[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const h of hosts.splice(0)) await h.close();
  for (const p of processes.splice(0)) await p.stop();
});

async function setup(options: Partial<BrowserHostOptions> = {}) {
  const lines: string[] = [];
  const tc = await testCore({ logger: createLogger((line) => lines.push(line), 'info') });
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Préau Studio</title>');
  const host = await startBrowserHost(tc.core, { rendererDir, ...options });
  hosts.push(host);
  return { ...tc, host, lines };
}

async function ws(host: { port: number; token: string }): Promise<WsClient> {
  const c = await connectWs(host.port, host.token);
  sockets.push(c);
  return c;
}

/** Resolves with the close code the host sent (or 1006 when the connection just dropped). */
function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
}

/** The host is alive and serving: an already open window and a brand new one both get answers. */
async function stillServing(host: BrowserHost, other: WsClient): Promise<void> {
  expect((await other.client.call('app.info', {})).name).toBe('Préau Studio');
  const fresh = await ws(host);
  expect((await fresh.client.call('jobs.list', {})).length).toBeGreaterThanOrEqual(0);
}

/** Log lines mentioning the host's socket handling; none of them may carry a stack. */
function hostLines(lines: string[]): string[] {
  const mine = lines.filter((l) => l.includes('browser host'));
  for (const l of mine) expect(l, 'a log line with a stack').not.toMatch(/\n\s+at /);
  return mine;
}

/** A raw TCP connection upgraded to the WebSocket, to write frames `ws` would never send. */
async function rawSocket(host: BrowserHost): Promise<net.Socket> {
  const socket = net.connect(host.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(
    [
      'GET /rpc HTTP/1.1',
      `Host: 127.0.0.1:${host.port}`,
      `Authorization: Bearer ${host.token}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (d: Buffer) => resolve(d.toString())),
  );
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  socket.on('error', () => undefined);
  return socket;
}

/** A masked client frame: `opcode` 1 text, 2 binary; `declared` lies about the length when given. */
function frame(opcode: number, payload: Buffer, options: { declared?: number; mask?: boolean } = {}): Buffer {
  const length = options.declared ?? payload.length;
  const mask = options.mask ?? true;
  const header: number[] = [0x80 | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    header.push(maskBit | 127, 0, 0, 0, 0);
    header.push((length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(header), key, masked]);
}

describe('browser host WebSocket under abuse', () => {
  it('closes a message over the size limit with 1009, one log line, and keeps serving', async () => {
    const { host, lines } = await setup();
    const other = await ws(host);
    const bad = await ws(host);
    const end = closed(bad.socket);
    bad.socket.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await end).code).toBe(1009);
    await stillServing(host, other);
    const logged = hostLines(lines).filter((l) => l.includes('(1009)'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('WARN');
  });

  it('closes binary frames with 1003, text that is not JSON with 1007, a frame without an id with 1008', async () => {
    const { host, lines } = await setup();
    const other = await ws(host);
    const cases: [string | Buffer, number][] = [
      [Buffer.from('{"type":"call","id":1,"method":"app.info","params":{}}'), 1003],
      ['not json at all', 1007],
      [JSON.stringify({ type: 'call', method: 'app.info', params: {} }), 1008],
      [JSON.stringify([1, 2, 3]), 1008],
      ['"a string"', 1008],
    ];
    for (const [data, code] of cases) {
      const bad = await ws(host);
      const end = closed(bad.socket);
      bad.socket.send(data, { binary: Buffer.isBuffer(data) });
      expect((await end).code, String(data)).toBe(code);
    }
    await stillServing(host, other);
    expect(hostLines(lines).filter((l) => l.includes('closed ('))).toHaveLength(cases.length);
  });

  it('answers a frame with an id but a wrong shape, and the connection stays open', async () => {
    const { host } = await setup();
    const c = await ws(host);
    const answers: unknown[] = [];
    c.socket.on('message', (d) => answers.push(JSON.parse((d as Buffer).toString('utf8'))));
    c.socket.send(JSON.stringify({ type: 'call', id: 7 }));
    c.socket.send(JSON.stringify({ type: 'call', id: 8, method: 'x'.repeat(500), params: {} }));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers[0]).toMatchObject({ type: 'result', id: 7, ok: false, error: { code: 'invalid_params' } });
    expect(answers[1]).toMatchObject({ type: 'result', id: 8, ok: false, error: { code: 'invalid_params' } });
    expect((await c.client.call('app.info', {})).name).toBe('Préau Studio');
  });

  it('closes invalid UTF-8 with 1007 and an unmasked or unknown frame with 1002, one line each', async () => {
    const { host, lines } = await setup();
    const other = await ws(host);
    const cases: [Buffer, number][] = [
      [frame(1, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), 1007],
      [frame(1, Buffer.from('{}'), { mask: false }), 1002],
      [frame(5, Buffer.from('?')), 1002],
    ];
    for (const [bytes, code] of cases) {
      const raw = await rawSocket(host);
      const reply = new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        raw.on('data', (d: Buffer) => chunks.push(d));
        raw.once('close', () => resolve(Buffer.concat(chunks)));
      });
      raw.write(bytes);
      const closeFrame = await reply;
      // A close frame (opcode 8) whose first two payload bytes are the code.
      expect(closeFrame[0]).toBe(0x88);
      expect(closeFrame.readUInt16BE(2)).toBe(code);
    }
    await stillServing(host, other);
    expect(hostLines(lines).filter((l) => l.includes('closed ('))).toHaveLength(cases.length);
  });

  it('closes a flood with 1008 and logs it once, not once per message', async () => {
    const { host, lines } = await setup({ socketLimits: { burst: 200, messagesPerSecond: 50 } });
    const other = await ws(host);
    const flooder = await ws(host);
    const end = closed(flooder.socket);
    const call = JSON.stringify({ type: 'call', id: 1, method: 'app.info', params: {} });
    for (let i = 0; i < 2000; i++) flooder.socket.send(call);
    expect((await end).code).toBe(1008);
    await stillServing(host, other);
    const logged = hostLines(lines).filter((l) => l.includes('too many messages'));
    expect(logged).toHaveLength(1);
  });

  it('closes a connection with too many calls in flight with 1008', async () => {
    const { host, core } = await setup({ socketLimits: { maxInFlight: 4 } });
    const other = await ws(host);
    // Calls that take a moment: folder checks of many paths, sent all at once.
    const job = await core
      .client()
      .call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
    const busy = await ws(host);
    const end = closed(busy.socket);
    for (let i = 0; i < 50; i++)
      busy.socket.send(
        JSON.stringify({ type: 'call', id: i, method: 'fs.checkFolder', params: { path: job.path } }),
      );
    expect((await end).code).toBe(1008);
    await stillServing(host, other);
  });

  it('survives connections cut in the middle of a frame and with calls in flight', async () => {
    const { host, lines } = await setup();
    const other = await ws(host);
    // Half a frame, then the connection is reset.
    const raw = await rawSocket(host);
    raw.write(
      frame(1, Buffer.from('{"type":"call","id":1,"method":"app.info","params":{}}'), { declared: 1000 }),
    );
    raw.resetAndDestroy();
    // Calls sent, then the client vanishes before the answers.
    const vanishing = await ws(host);
    for (let i = 0; i < 20; i++)
      vanishing.socket.send(JSON.stringify({ type: 'call', id: i, method: 'jobs.list', params: {} }));
    vanishing.socket.terminate();
    await expect
      .poll(() => hostLines(lines).filter((l) => l.includes('lost without a close frame')).length)
      .toBe(2);
    await stillServing(host, other);
  });

  it('drops a client that does not read what it is sent, and keeps the others', async () => {
    const { host, core, lines } = await setup({ socketLimits: { maxBufferedBytes: 64 * 1024 } });
    const other = await ws(host);
    const sleeper = await rawSocket(host);
    sleeper.pause(); // never reads: the host's send buffer fills up
    // A big notice: many ids, as a bulk labeling change sends.
    const big = Array.from({ length: 20_000 }, (_, i) => `photo-${i}-é`);
    for (let i = 0; i < 200 && !hostLines(lines).some((l) => l.includes('does not read')); i++) {
      core.events.emit('data.changed', { entity: 'photos', jobId: 'j', ids: big });
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(hostLines(lines).filter((l) => l.includes('does not read'))).toHaveLength(1);
    sleeper.destroy();
    await stillServing(host, other);
  });
});

describe('browser host HTTP under abuse', () => {
  /** Sends raw bytes and returns the status line and body of the answer. */
  function rawHttp(port: number, request: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString('utf8')));
      socket.on('error', reject);
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
        resolve({ status, body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') });
      });
    });
  }

  it('answers malformed addresses on every route with 400, never 500, and logs no stack', async () => {
    const { host, lines, core } = await setup();
    const job = await core
      .client()
      .call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
    const targets = [
      '/%E0%A4%A',
      '/assets/%E0%A4%A.js',
      `/media/${job.id}/thumb/%E0%A4%A`,
      `/exports/${job.id}/%E0%A4%A`,
      '/upload/%E0%A4%A',
      '/rpc/%ZZ',
      'http://[',
      '/%00',
    ];
    for (const target of targets) {
      const method = target.startsWith('/upload') ? 'POST' : 'GET';
      const r = await rawHttp(
        host.port,
        `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/octet-stream\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      expect(r.status, target).toBe(400);
      expect(r.body, target).toContain('Requête mal formée');
    }
    // `//[` is a path like any other (read as a host, it once answered 500): an app route.
    const slashes = await rawHttp(
      host.port,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nConnection: close\r\n\r\n`,
    );
    expect(slashes.status).toBe(200);
    // The WebSocket upgrade too.
    const upgrade = await rawHttp(
      host.port,
      `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(upgrade.status).toBe(400);
    // `//[` in an upgrade once threw inside the host's upgrade listener and ended the process.
    const rebound = await rawHttp(
      host.port,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(rebound.status).toBe(401);
    // Requests the HTTP parser refuses: broken syntax, headers far too big.
    expect((await rawHttp(host.port, 'GET / HTTP/1.1\r\nHost\r\n\r\n')).status).toBe(400);
    const huge = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect((await rawHttp(host.port, huge)).status).toBe(431);
    expect(lines.some((l) => l.includes(' 500') || l.includes('request failed'))).toBe(false);
    expect(hostLines(lines).length).toBeGreaterThanOrEqual(targets.length);
  });

  it('keeps nothing of an upload cut halfway, and answers the next one', async () => {
    const { host, lines, dataDir } = await setup();
    const socket = net.connect(host.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /upload?name=liste.csv HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(5000)}`,
    );
    await new Promise((r) => setTimeout(r, 50));
    socket.resetAndDestroy();
    await expect.poll(() => lines.some((l) => l.includes('upload was interrupted'))).toBe(true);
    const uploads = path.join(dataDir, 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    const ok = await fetch(`http://127.0.0.1:${host.port}/upload?name=liste.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/octet-stream' },
      body: 'Nom;Prénom\n',
    });
    expect(ok.status).toBe(200);
    expect(hostLines(lines).every((l) => !l.includes('ERROR'))).toBe(true);
  });
});

describe('the preau serve process', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'pipe' });
  });

  it('stays up after the message that once killed it, and answers the next window', async () => {
    const root = tempDir();
    const host = await startHostProcess({
      dataDir: path.join(root, 'data'),
      libraryDir: path.join(root, 'library'),
    });
    processes.push(host);
    const other = await ws(host);
    const bad = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, {
      headers: { Authorization: `Bearer ${host.token}` },
    });
    await new Promise<void>((resolve) => bad.once('open', () => resolve()));
    const end = closed(bad);
    bad.send('x'.repeat(MAX_FRAME_BYTES + 1024));
    expect((await end).code).toBe(1009);
    // Malformed HTTP, for good measure.
    await fetch(`http://127.0.0.1:${host.port}/%E0%A4%A`).catch(() => undefined);
    expect((await other.client.call('app.info', {})).host).toBe('browser');
    const fresh = await ws(host);
    expect(await fresh.client.call('jobs.list', {})).toEqual([]);
    expect(host.output()).not.toContain('Unhandled');
    expect(host.output()).not.toMatch(/\n\s+at /);
    expect(host.output().match(/closed \(1009\)/g)).toHaveLength(1);
  });
});
