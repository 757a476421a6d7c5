/**
 * Links do not lead out. Symbolic links planted in a job folder (or the data folder) never make the
 * app serve, open, write or delete a file outside the folder it meant: a thumbnail linked to the
 * job's database, an `exports/` that is a link to another folder, an `uploads/` that is a link to
 * the home folder. Each is refused and logged; links that stay inside their folder keep working.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/lib/logger';
import { startBrowserHost, type BrowserHost } from '../../src/main/server/browser-host';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function setup() {
  const lines: string[] = [];
  const tc = await testCore({ logger: createLogger((line) => lines.push(line), 'info') });
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Préau Studio</title>');
  const host = await startBrowserHost(tc.core, { rendererDir });
  hosts.push(host);
  const client = tc.core.client();
  const job = await client.call('jobs.create', { schoolName: 'École du Port', schoolYear: '2026-2027' });
  const get = (route: string) =>
    fetch(`http://127.0.0.1:${host.port}${route}`, { headers: { Authorization: `Bearer ${host.token}` } });
  return { ...tc, host, lines, client, job, get };
}

const jpeg = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();

describe('media behind links', () => {
  it('never serves a thumbnail linked to the job database, and says so in the log', async () => {
    const { job, get, lines } = await setup();
    const thumbs = path.join(job.path, 'cache', 'thumb');
    mkdirSync(thumbs, { recursive: true });
    writeFileSync(path.join(thumbs, 'p1.jpg'), await jpeg());
    symlinkSync(path.join(job.path, 'job.preau.sqlite'), path.join(thumbs, 'x.jpg'));
    // A link to another thumbnail of the same folder is harmless (a copy tool may leave one).
    symlinkSync(path.join(thumbs, 'p1.jpg'), path.join(thumbs, 'p2.jpg'));

    const leaked = await get(`/media/${job.id}/thumb/x`);
    expect(leaked.status).toBe(404);
    expect(Buffer.from(await leaked.arrayBuffer()).toString('latin1')).not.toContain('SQLite format 3');
    expect(lines.filter((l) => l.includes('media: thumb x refused (leads out of cache/thumb)'))).toHaveLength(
      1,
    );
    expect((await get(`/media/${job.id}/thumb/p1`)).status).toBe(200);
    expect((await get(`/media/${job.id}/thumb/p2`)).status).toBe(200);
  });

  it('never serves a preview from a previews folder that is a link into the originals', async () => {
    const { job, get } = await setup();
    mkdirSync(path.join(job.path, 'originals', 'carte-1'), { recursive: true });
    writeFileSync(path.join(job.path, 'originals', 'carte-1', 'p5.jpg'), await jpeg());
    mkdirSync(path.join(job.path, 'cache'), { recursive: true });
    symlinkSync(path.join(job.path, 'originals', 'carte-1'), path.join(job.path, 'cache', 'preview'));
    expect((await get(`/media/${job.id}/preview/p5`)).status).toBe(404);
  });
});

describe('exports behind links', () => {
  it('serves nothing through an exports folder that is a link to another folder', async () => {
    const { job, get, client, lines } = await setup();
    const elsewhere = tempDir();
    writeFileSync(path.join(elsewhere, 'secret.pdf'), '%PDF-1.4 not of this job');
    const exportsDir = path.join(job.path, 'exports');
    renameSync(exportsDir, `${exportsDir}.old`);
    symlinkSync(elsewhere, exportsDir);

    expect((await get(`/exports/${job.id}/secret.pdf`)).status).toBe(404);
    await expect(
      client.call('fs.openExport', { jobId: job.id, path: path.join(exportsDir, 'secret.pdf') }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(lines.filter((l) => l.includes('leads out of exports/')).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to open a job whose own folders lead out, naming the folder and what to do', async () => {
    const { job, client } = await setup();
    await client.call('jobs.close', { jobId: job.id });
    const elsewhere = tempDir();
    const exportsDir = path.join(job.path, 'exports');
    renameSync(exportsDir, `${exportsDir}.old`);
    symlinkSync(elsewhere, exportsDir);
    const refused = await client.call('jobs.open', { path: job.path }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'link_outside', params: { folder: 'exports' } });
    expect((refused as Error).message).toContain('Remplacez ce lien par un vrai dossier');

    // Put back as a real folder: the job opens again. A thumbnails folder linked elsewhere is refused too.
    renameSync(exportsDir, `${exportsDir}.link`);
    renameSync(`${exportsDir}.old`, exportsDir);
    mkdirSync(path.join(job.path, 'cache'), { recursive: true });
    symlinkSync(elsewhere, path.join(job.path, 'cache', 'thumb'));
    await expect(client.call('jobs.open', { path: job.path })).rejects.toMatchObject({
      code: 'link_outside',
      params: { folder: path.join('cache', 'thumb') },
    });
    renameSync(path.join(job.path, 'cache', 'thumb'), path.join(job.path, 'thumb.link'));
    expect((await client.call('jobs.open', { path: job.path })).id).toBe(job.id);
  });
});

describe('the built UI behind a link', () => {
  it('serves no file through a link in the UI folder that leads out of it', async () => {
    const tc = await testCore();
    const rendererDir = tempDir();
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Préau Studio</title>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    symlinkSync(path.join(tc.dataDir, 'studio.sqlite'), path.join(rendererDir, 'assets', 'leak.js'));
    const host = await startBrowserHost(tc.core, { rendererDir });
    hosts.push(host);
    const get = (route: string) =>
      fetch(`http://127.0.0.1:${host.port}${route}`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect((await get('/assets/app.js')).status).toBe(200);
    expect((await get('/assets/leak.js')).status).toBe(404);
  });
});

describe('uploads behind a link', () => {
  it('neither deletes old files through an uploads link nor stores a new upload there', async () => {
    const root = tempDir();
    const dataDir = path.join(root, 'data');
    const home = path.join(root, 'home');
    mkdirSync(path.join(home, 'Photos 2019'), { recursive: true });
    writeFileSync(path.join(home, 'Photos 2019', 'famille.jpg'), 'x');
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    utimesSync(path.join(home, 'Photos 2019'), old, old);
    mkdirSync(dataDir, { recursive: true });
    symlinkSync(home, path.join(dataDir, 'uploads'));

    const lines: string[] = [];
    const tc = await testCore({ dataDir, logger: createLogger((line) => lines.push(line), 'info') });
    const rendererDir = tempDir();
    const host = await startBrowserHost(tc.core, { rendererDir });
    hosts.push(host);
    // The start-up clean-up of day-old uploads would have removed « Photos 2019 » through the link.
    expect(existsSync(path.join(home, 'Photos 2019', 'famille.jpg'))).toBe(true);
    expect(lines.filter((l) => l.includes('old uploads not removed'))).toHaveLength(1);

    const res = await fetch(`http://127.0.0.1:${host.port}/upload?name=liste.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/octet-stream' },
      body: 'Nom;Prénom\n',
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toContain(
      'est un lien vers un autre emplacement',
    );
    expect(readdirSync(home)).toEqual(['Photos 2019']);
  });
});
