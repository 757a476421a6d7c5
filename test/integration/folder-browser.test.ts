/**
 * The folder browser of the browser host (`fs.listFolders`), over the host's guarded WebSocket: the
 * home folder and the mounted volumes as places (a card marked as one), sub-folders in French order,
 * hidden ones on request, and nothing outside the places — not by `..`, not by an absolute path, not
 * through a link — while a link staying inside keeps its name.
 */
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
  const root = tempDir();
  const home = path.join(root, 'home', 'studio');
  const mounts = path.join(root, 'media');
  const outside = path.join(root, 'ailleurs');
  for (const dir of [
    path.join(home, 'Reportages', '2026-2027 École Jules Ferry'),
    path.join(home, 'Photos 10'),
    path.join(home, 'photos 9'),
    path.join(home, 'Écoles'),
    path.join(home, 'Zoo'),
    path.join(home, '.cache'),
    path.join(mounts, 'EOS_DIGITAL', 'DCIM', '100CANON'),
    path.join(mounts, 'DISQUE USB', 'Archives'),
    path.join(outside, 'secret'),
  ])
    mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(home, 'notes.txt'), 'x');
  symlinkSync(path.join(home, 'Reportages'), path.join(home, 'Raccourci reportages'));
  symlinkSync(outside, path.join(home, 'Lien vers ailleurs'));
  symlinkSync(outside, path.join(mounts, 'faux-volume'));

  const tc = await testCore({ homeDir: home, watchVolumes: { roots: { parents: [mounts], volumes: [] } } });
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const host = await startBrowserHost(tc.core, { rendererDir });
  hosts.push(host);
  const remote = await connectWs(host.port, host.token);
  sockets.push(remote);
  return { home, mounts, outside, host, client: remote.client };
}

describe('the folder browser', () => {
  it('offers the home folder and the mounted volumes, a card marked as one, no link among the mounts', async () => {
    const { home, mounts, client } = await setup();
    const top = await client.call('fs.listFolders', {});
    expect(top).toMatchObject({ path: null, parent: null, place: null, folders: [] });
    expect(top.places).toEqual([
      { path: home, kind: 'home', name: 'studio', card: false },
      { path: path.join(mounts, 'DISQUE USB'), kind: 'volume', name: 'DISQUE USB', card: false },
      { path: path.join(mounts, 'EOS_DIGITAL'), kind: 'volume', name: 'EOS_DIGITAL', card: true },
    ]);
  });

  it('lists sub-folders in French order, links inside kept, files, hidden folders and links out left out', async () => {
    const { home, client } = await setup();
    const listing = await client.call('fs.listFolders', { path: home });
    expect(listing.parent).toBeNull();
    expect(listing.place).toMatchObject({ kind: 'home', path: home });
    expect(listing.folders.map((f) => f.name)).toEqual([
      'Écoles',
      'photos 9',
      'Photos 10',
      'Raccourci reportages',
      'Reportages',
      'Zoo',
    ]);
    expect(listing.folders.find((f) => f.name === 'Raccourci reportages')?.path).toBe(
      path.join(home, 'Raccourci reportages'),
    );
    const hidden = await client.call('fs.listFolders', { path: home, showHidden: true });
    expect(hidden.folders.map((f) => f.name)).toContain('.cache');
    const inner = await client.call('fs.listFolders', { path: path.join(home, 'Raccourci reportages') });
    expect(inner.parent).toBe(home);
    expect(inner.folders.map((f) => f.name)).toEqual(['2026-2027 École Jules Ferry']);
  });

  it('goes into a card and back up to the list of places', async () => {
    const { mounts, client } = await setup();
    const card = await client.call('fs.listFolders', { path: path.join(mounts, 'EOS_DIGITAL') });
    expect(card.parent).toBeNull();
    expect(card.place).toMatchObject({ kind: 'volume', card: true });
    expect(card.folders.map((f) => f.name)).toEqual(['DCIM']);
    const dcim = await client.call('fs.listFolders', { path: path.join(mounts, 'EOS_DIGITAL', 'DCIM') });
    expect(dcim.parent).toBe(path.join(mounts, 'EOS_DIGITAL'));
  });

  it('opens nothing outside the places, however it is asked, and says why', async () => {
    const { home, mounts, outside, client } = await setup();
    for (const asked of [
      outside,
      '/',
      path.dirname(home),
      path.join(home, '..', '..', 'ailleurs'),
      path.join(home, 'Lien vers ailleurs'),
      path.join(home, 'Lien vers ailleurs', 'secret'),
      path.join(home, 'Lien vers ailleurs', 'nouveau'),
      path.join(mounts, 'faux-volume'),
      mounts,
    ]) {
      await expect(client.call('fs.listFolders', { path: asked }), asked).rejects.toMatchObject({
        code: 'folder_not_allowed',
      });
    }
    await expect(client.call('fs.listFolders', { path: path.join(home, 'Disparu') })).rejects.toMatchObject({
      code: 'folder_missing',
    });
    await expect(client.call('fs.listFolders', { path: path.join(home, 'notes.txt') })).rejects.toMatchObject(
      {
        code: 'not_a_folder',
      },
    );
    await expect(client.call('fs.listFolders', { path: 'relatif/dossier' })).rejects.toMatchObject({
      code: 'invalid_params',
    });
  });

  it('is behind the same guard as every route of the host', async () => {
    const { host } = await setup();
    const refused = await new Promise<number>((resolve) => {
      const s = new WebSocket(`ws://127.0.0.1:${host.port}/rpc`, {
        headers: { Origin: 'http://evil.example' },
      });
      s.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      s.on('open', () => resolve(101));
      s.on('error', () => resolve(-1));
    });
    expect(refused).toBe(403);
  });
});
