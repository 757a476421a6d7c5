/**
 * A real sandbox platform on a random port in a temporary folder (closed after the test), and the
 * checks every publish test repeats: the platform's store holds exactly the manifest's files,
 * each verified by hash, no partial upload left; what a family sees for a code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { Manifest } from '../../src/shared/publish/protocol';
import { PlatformClient } from '../../src/main/core/publish/platform-client';
import {
  startPlatform,
  type PlatformHandle,
  type PlatformOptions,
} from '../../src/main/platform/platform-server';
import { tempDir } from './temp-dir';

const running: PlatformHandle[] = [];
const clients: PlatformClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of running.splice(0)) await p.close();
});

export async function testPlatform(options: Partial<PlatformOptions> = {}): Promise<PlatformHandle> {
  const platform = await startPlatform({
    dataDir: path.join(tempDir('preau-platform-'), 'platform'),
    ...options,
  });
  running.push(platform);
  return platform;
}

export function clientFor(platform: PlatformHandle, token = platform.token): PlatformClient {
  const client = new PlatformClient({ baseUrl: platform.url, token });
  clients.push(client);
  return client;
}

/** Test retries: many quick attempts, so fault tests stay fast. */
export const FAST_RETRY = { attempts: 40, baseDelayMs: 2, maxDelayMs: 40 };

export async function expectStoreHoldsExactly(platform: PlatformHandle, manifest: Manifest): Promise<void> {
  const expected = [...new Set(manifest.files.map((f) => f.sha256))].sort();
  const stored = await platform.store.list();
  expect(stored).toEqual(expected);
  for (const sha of stored) {
    const actual = createHash('sha256')
      .update(readFileSync(platform.store.pathOf(sha)))
      .digest('hex');
    expect(actual).toBe(sha);
  }
  expect(await platform.store.listPartials()).toEqual([]);
}

export interface FamilyView {
  status: number;
  html: string;
  /** Each image of the gallery page, with the SHA-256 of the bytes the platform served. */
  images: { kind: string; sha256: string }[];
}

/** What a family sees after entering `code`, fetched like a browser without a cookie jar of its own. */
export async function familyView(platform: Pick<PlatformHandle, 'url'>, code: string): Promise<FamilyView> {
  const entered = await fetch(`${platform.url}/acces`, {
    method: 'POST',
    body: new URLSearchParams({ code }),
    redirect: 'manual',
  });
  if (entered.status !== 303) return { status: entered.status, html: await entered.text(), images: [] };
  const cookie = (entered.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await fetch(`${platform.url}/galerie`, { headers: { cookie }, redirect: 'manual' });
  const html = await page.text();
  const images: FamilyView['images'] = [];
  for (const m of html.matchAll(/<li data-kind="(\w+)"><figure><img src="([^"]+)"/g)) {
    const img = await fetch(`${platform.url}${m[2]}`, { headers: { cookie } });
    expect(img.status).toBe(200);
    images.push({
      kind: m[1]!,
      sha256: createHash('sha256')
        .update(Buffer.from(await img.arrayBuffer()))
        .digest('hex'),
    });
  }
  return { status: page.status, html, images };
}
