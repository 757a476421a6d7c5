/**
 * The sandbox sales platform answers whatever a client sends with the protocol's error body
 * (docs/publish-api.md §1.2): a malformed percent-escape or a target that is not a path on any route
 * is a 400 `invalid_request`, unreadable or wrongly shaped bodies are 400s, oversized bodies 413,
 * requests the HTTP parser refuses 400/431 — never a 500, never a stack in the log, and the process
 * (the real `preau platform`) keeps serving.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/lib/logger';
import { errorResponseSchema, MAX_BATCH_BYTES } from '../../src/shared/publish/protocol';
import { testPlatform } from '../helpers/platform';
import { tempDir } from '../helpers/temp-dir';

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
});

/** Raw bytes in, status line and body out: targets `fetch` would clean up are sent as written. */
function rawHttp(port: number, request: string | Buffer): Promise<{ status: number; body: string }> {
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

function request(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The body is the protocol's error body with this code. */
function expectProtocolError(body: string, code: string, what: string): void {
  const parsed = errorResponseSchema.safeParse(JSON.parse(body));
  expect(parsed.success, `${what}: ${body}`).toBe(true);
  expect(parsed.data?.error.code, what).toBe(code);
}

const SHA = 'a'.repeat(64);

async function platformWithLog() {
  const lines: string[] = [];
  const platform = await testPlatform({ logger: createLogger((l) => lines.push(l), 'debug') });
  const auth = { Authorization: `Bearer ${platform.token}` };
  const noStackNo500 = () => {
    for (const l of lines) expect(l, 'a log line with a stack').not.toMatch(/\n\s+at /);
    expect(lines.filter((l) => l.includes('request failed'))).toEqual([]);
  };
  return { platform, auth, lines, noStackNo500 };
}

describe('sandbox platform under malformed requests', () => {
  it('answers a malformed address on every route with 400 and the protocol error body', async () => {
    const { platform, auth, lines, noStackNo500 } = await platformWithLog();
    const bad = '%E0%A4%A';
    const routes: [string, string][] = [
      ['GET', `/api/v1/${bad}`],
      ['GET', `/api/v1/studio${bad}`],
      ['PUT', `/api/v1/diagnostics/${bad}`],
      ['GET', `/api/v1/galleries/${bad}`],
      ['PUT', `/api/v1/galleries/${bad}`],
      ['POST', `/api/v1/galleries/${bad}/close`],
      ['GET', `/api/v1/galleries/g1/manifests/${bad}`],
      ['PUT', `/api/v1/galleries/g1/manifests/${bad}`],
      ['POST', `/api/v1/galleries/g1/manifests/${bad}/finalize`],
      ['POST', `/api/v1/galleries/g1/students/${bad}/remove`],
      ['PUT', `/api/v1/galleries/${bad}/batch`],
      ['PUT', `/api/v1/galleries/g1/files/${bad}`],
      ['GET', `/${bad}`],
      ['GET', `/style.css${bad}`],
      ['POST', `/acces${bad}`],
      ['GET', `/galerie${bad}`],
      ['POST', `/sortie${bad}`],
      ['GET', `/fichier/${bad}`],
      // A target that is not a path.
      ['GET', 'http://['],
      ['GET', '/%00'],
    ];
    for (const [method, target] of routes) {
      const r = await rawHttp(platform.port, request(method, target, auth));
      expect(r.status, `${method} ${target}`).toBe(400);
      expectProtocolError(r.body, 'invalid_request', `${method} ${target}`);
    }
    expect(lines.filter((l) => l.includes('malformed address'))).toHaveLength(routes.length);
    // `//[` once threw outside any handler and ended the process; it is a path like any other.
    for (const target of ['//[', '/api/v1//[']) {
      const r = await rawHttp(platform.port, request('GET', target, auth));
      expect(r.status, target).toBe(404);
    }
    const studio = await fetch(`${platform.url}/api/v1/studio`, { headers: auth });
    expect(studio.status).toBe(200);
    noStackNo500();
  });

  it('answers unreadable, wrongly shaped and oversized bodies and headers without a 500', async () => {
    const { platform, auth, noStackNo500 } = await platformWithLog();
    const json = { ...auth, 'Content-Type': 'application/json' };
    const cases: [string, string, Record<string, string>, string, number, string | null][] = [
      ['PUT', '/api/v1/galleries/g1', json, '{"schoolName": "École', 400, 'invalid_request'],
      ['PUT', '/api/v1/galleries/g1', json, '[1,2,3]', 400, 'invalid_request'],
      [
        'PUT',
        '/api/v1/galleries/g1',
        json,
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        400,
        'invalid_request',
      ],
      [
        'PUT',
        '/api/v1/galleries/g1',
        json,
        '{"schoolName":"École","town":"Lyon","schoolYear":"2026-2027"}',
        200,
        '',
      ],
      ['PUT', '/api/v1/galleries/g1/manifests/m1', json, '{"files": "tout"}', 400, 'invalid_request'],
      [
        'PUT',
        '/api/v1/galleries/g1/files/' + SHA,
        { ...auth, 'x-chunk-offset': 'abc', 'x-chunk-sha256': SHA },
        'x',
        400,
        'invalid_request',
      ],
      [
        'PUT',
        '/api/v1/galleries/g1/files/' + SHA,
        { ...auth, 'x-chunk-offset': '-5', 'x-chunk-sha256': 'nope' },
        'x',
        400,
        'invalid_request',
      ],
      [
        'PUT',
        '/api/v1/galleries/g1/batch',
        { ...auth, 'x-batch-files': 'n’importe quoi' },
        'x',
        400,
        'invalid_request',
      ],
      [
        'PUT',
        '/api/v1/galleries/g1/batch',
        { ...auth, 'x-batch-files': `${SHA}:-1` },
        'x',
        400,
        'invalid_request',
      ],
      [
        'POST',
        '/acces',
        { 'Content-Type': 'application/x-www-form-urlencoded' },
        `code=${'A'.repeat(5000)}`,
        413,
        // The family page answers families with a page in French, not the protocol's JSON body.
        null,
      ],
    ];
    for (const [method, target, headers, body, status, code] of cases) {
      const r = await rawHttp(platform.port, request(method, target, headers, body));
      expect(r.status, `${method} ${target} ${body.slice(0, 30)}`).toBe(status);
      if (code) expectProtocolError(r.body, code, `${method} ${target}`);
      else if (target === '/acces') expect(r.body).toMatch(/<html lang="fr"/);
    }
    // A batch body larger than any batch may be: refused while it arrives.
    const big = Buffer.alloc(MAX_BATCH_BYTES + 1024, 1);
    const batch = await fetch(`${platform.url}/api/v1/galleries/g1/batch`, {
      method: 'PUT',
      headers: { ...auth, 'x-batch-files': `${SHA}:1000` },
      body: big,
    });
    // The rest of the body is drained, not cut: the client gets its answer.
    expect(batch.status).toBe(413);
    expectProtocolError(await batch.text(), 'payload_too_large', 'oversized batch');
    // Requests the HTTP parser refuses, answered in the same format.
    const broken = await rawHttp(platform.port, 'PUT /api/v1/studio HTTP/1.1\r\nHost\r\n\r\n');
    expect(broken.status).toBe(400);
    expectProtocolError(broken.body, 'invalid_request', 'broken syntax');
    const huge = await rawHttp(
      platform.port,
      `GET /api/v1/studio HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge.status).toBe(431);
    expectProtocolError(huge.body, 'invalid_request', 'headers too big');
    expect((await fetch(`${platform.url}/api/v1/studio`, { headers: auth })).status).toBe(200);
    noStackNo500();
  });
});

describe('the preau platform process', () => {
  it('keeps serving after the requests that once ended it', async () => {
    const root = tempDir();
    const child = spawn(
      process.execPath,
      [path.resolve('bin/preau.js'), '--data', path.join(root, 'platform'), 'platform', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let output = '';
    const started = await new Promise<{ port: number; token: string }>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output += d.toString('utf8');
        const port = /127\.0\.0\.1:(\d+)\//.exec(output)?.[1];
        const token = /Jeton du studio : (\S+)/.exec(output)?.[1];
        if (port && token) resolve({ port: Number(port), token });
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`platform exited (${code}):\n${output}`)));
    });
    for (const [target, status] of [
      ['//[', 404],
      ['http://[', 400],
      ['/api/v1/galleries/%E0%A4%A', 400],
    ] as const)
      expect((await rawHttp(started.port, request('GET', target))).status, target).toBe(status);
    const studio = await fetch(`http://127.0.0.1:${started.port}/api/v1/studio`, {
      headers: { Authorization: `Bearer ${started.token}` },
    });
    expect(studio.status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(output).not.toMatch(/\n\s+at /);
  });
});
