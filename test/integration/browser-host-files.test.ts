/** Files through the browser host: roster uploads (`POST /upload`) and produced PDFs (`/exports/…`). */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src/main/server/browser-host';
import { sanitizeFileName } from '../../src/main/server/uploads';
import { ondeCsv } from '../fixtures/roster-files';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function setup(maxUploadBytes?: number) {
  const tc = await testCore();
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Préau Studio</title>');
  const host = await startBrowserHost(tc.core, {
    rendererDir,
    ...(maxUploadBytes ? { maxUploadBytes } : {}),
  });
  hosts.push(host);
  return { ...tc, host, base: `http://127.0.0.1:${host.port}` };
}

function upload(
  base: string,
  token: string,
  name: string,
  body: Buffer,
  headers: Record<string, string> = {},
) {
  return fetch(`${base}/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream', ...headers },
    body,
  });
}

describe('browser host uploads', () => {
  it('stores the file privately under the data folder and the core imports it by that path', async () => {
    const { core, host, base, dataDir } = await setup();
    const bytes = ondeCsv();
    const res = await upload(base, host.token, 'CSVExtraction.csv', bytes);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { path: string; name: string; size: number };
    expect(body.name).toBe('CSVExtraction.csv');
    expect(body.size).toBe(bytes.length);
    expect(path.dirname(path.dirname(body.path))).toBe(path.join(dataDir, 'uploads'));
    expect(readFileSync(body.path).equals(bytes)).toBe(true);
    if (process.platform !== 'win32') {
      expect(statSync(body.path).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(body.path)).mode & 0o777).toBe(0o700);
    }
    const job = await core
      .client()
      .call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
    const preview = await core.client().call('roster.preview', { jobId: job.id, path: body.path });
    expect(preview.format).toBe('onde');
    expect(preview.students).toBe(5);
  });

  it('refuses a file over the limit with a clear 413 and keeps nothing', async () => {
    const { host, base, dataDir } = await setup(1024);
    const res = await upload(base, host.token, 'gros.csv', Buffer.alloc(4096, 65));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('Fichier trop gros');
    expect(
      existsSync(path.join(dataDir, 'uploads')) ? readdirSync(path.join(dataDir, 'uploads')) : [],
    ).toEqual([]);
  });

  it('is guarded like everything else: token, Origin, and a raw-bytes content type', async () => {
    const { host, base } = await setup();
    expect((await upload(base, 'wrong', 'a.csv', Buffer.from('x'))).status).toBe(401);
    expect(
      (await upload(base, host.token, 'a.csv', Buffer.from('x'), { Origin: 'http://evil.example' })).status,
    ).toBe(403);
    expect(
      (await upload(base, host.token, 'a.csv', Buffer.from('x'), { 'Content-Type': 'text/plain' })).status,
    ).toBe(415);
    const get = await fetch(`${base}/upload`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
  });

  it('never lets the name choose the folder', async () => {
    const { host, base, dataDir } = await setup();
    const res = await upload(base, host.token, '../../../etc/passwd', Buffer.from('x'));
    const body = (await res.json()) as { path: string };
    expect(path.basename(body.path)).toBe('passwd');
    expect(body.path.startsWith(path.join(dataDir, 'uploads') + path.sep)).toBe(true);
    expect(sanitizeFileName('..\\liste:élèves?.csv')).toBe('liste_élèves_.csv');
    expect(sanitizeFileName('...')).toBe('fichier');
  });

  it('removes uploads older than a day when the host starts', async () => {
    const { core, dataDir } = await testCore();
    const old = path.join(dataDir, 'uploads', 'aaaa');
    const recent = path.join(dataDir, 'uploads', 'bbbb');
    mkdirSync(old, { recursive: true });
    mkdirSync(recent, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const rendererDir = tempDir();
    hosts.push(await startBrowserHost(core, { rendererDir }));
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});

describe('browser host exports', () => {
  it('serves the shoot-day PDF of an open job, and nothing outside its exports folder', async () => {
    const { core, host, base, root } = await setup();
    const client = core.client();
    const job = await client.call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
    const file = path.join(root, 'CSVExtraction.csv');
    writeFileSync(file, ondeCsv());
    await client.call('roster.import', { jobId: job.id, path: file });
    const { path: pdf } = await client.call('shootList.pdf', { jobId: job.id });
    const auth = { headers: { Authorization: `Bearer ${host.token}` } };
    const res = await fetch(`${base}/exports/${job.id}/${encodeURIComponent(path.basename(pdf))}`, auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const jobDir = path.dirname(path.dirname(pdf));
    symlinkSync(path.join(jobDir, 'job.preau.sqlite'), path.join(jobDir, 'exports', 'db.pdf'));
    for (const bad of ['db.pdf', '..%2Fjob.preau.sqlite', '%2E%2E', 'nope.pdf']) {
      expect((await fetch(`${base}/exports/${job.id}/${bad}`, auth)).status, bad).toBe(404);
    }
    expect((await fetch(`${base}/exports/${job.id}/x/../../job.preau.sqlite`, auth)).status).toBe(404);
    // Order forms live one folder down: served as one encoded segment, still never outside exports/.
    mkdirSync(path.join(jobDir, 'exports', 'bons-de-commande'));
    writeFileSync(path.join(jobDir, 'exports', 'bons-de-commande', 'École.pdf'), '%PDF-1.4');
    const nested = await fetch(
      `${base}/exports/${job.id}/${encodeURIComponent('bons-de-commande/École.pdf')}`,
      auth,
    );
    expect(nested.status).toBe(200);
    // The folder itself can be shown by a host with a file manager; here it says it cannot.
    expect(
      await client.call('fs.openExport', {
        jobId: job.id,
        path: path.join(jobDir, 'exports', 'bons-de-commande'),
      }),
    ).toEqual({ supported: false });
    await expect(client.call('fs.openExport', { jobId: job.id, path: jobDir })).rejects.toThrow();
    for (const bad of [
      'bons-de-commande%2F..%2F..%2Fjob.preau.sqlite',
      'bons-de-commande',
      '%2Fetc%2Fpasswd',
    ])
      expect((await fetch(`${base}/exports/${job.id}/${bad}`, auth)).status, bad).toBe(404);
    expect((await fetch(`${base}/exports/${job.id}/${path.basename(pdf)}`)).status).toBe(401);

    // The in-process method refuses the same files, and says the host cannot open them here.
    expect(await client.call('fs.openExport', { jobId: job.id, path: pdf })).toEqual({ supported: false });
    await expect(
      client.call('fs.openExport', { jobId: job.id, path: path.join(jobDir, 'job.preau.sqlite') }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
