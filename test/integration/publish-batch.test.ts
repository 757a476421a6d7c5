import { readFileSync } from 'node:fs';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { PublishError } from '../../src/main/core/publish/platform-client';
import { manifestRefOf } from '../../src/main/core/publish/publish-plan';
import { apiPaths, BATCH_HEADER, formatBatchHeader } from '../../src/shared/publish/protocol';
import { nextUnit, UploadEngine } from '../../src/main/core/publish/upload-engine';
import { clientFor, expectStoreHoldsExactly, FAST_RETRY, testPlatform } from '../helpers/platform';
import { generateSchool } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';

async function smallSchool() {
  return generateSchool(tempDir(), {
    classes: 1,
    studentsPerClass: 3,
    content: { minBytes: 5_000, maxBytes: 30_000 },
  });
}

describe('batch uploads of small files', () => {
  it('stores each good file of a batch and refuses, alone, the one whose bytes do not match its name', async () => {
    const platform = await testPlatform();
    const s = await smallSchool();
    const client = clientFor(platform);
    const { galleryRef, manifest } = s.input;
    await client.putGallery(galleryRef, s.input.gallery);
    await client.putManifest(galleryRef, manifestRefOf(manifest), manifest);
    const [a, b, c] = manifest.files;
    const bytes = [a!, b!, c!].map((f) => readFileSync(s.input.localPaths.get(f.sha256)!));
    const damaged = bytes[1]!;
    damaged[10] = damaged[10]! ^ 0xff; // b is damaged on the way
    const answer = await client.putBatch(galleryRef, [a!, b!, c!], Buffer.concat(bytes));
    expect(answer.files.map((f) => [f.complete, f.error?.code])).toEqual([
      [true, undefined],
      [false, 'file_hash_mismatch'],
      [true, undefined],
    ]);
    const stored = await platform.store.list();
    expect(stored).toEqual([a!.sha256, c!.sha256].sort());
    expect(await platform.store.listPartials()).toEqual([]);

    // Sent again (its answer was lost): acknowledged, nothing stored twice.
    const again = await client.putBatch(galleryRef, [a!, c!], Buffer.concat([bytes[0]!, bytes[2]!]));
    expect(again.files.every((f) => f.complete)).toBe(true);
    expect(platform.stats().filesStored).toBe(2);
  });

  it('keeps the files of a batch that arrived whole before its connection was cut, and only those', async () => {
    const platform = await testPlatform();
    const s = await generateSchool(tempDir(), {
      classes: 1,
      studentsPerClass: 2,
      content: { minBytes: 40_000, maxBytes: 60_000 },
    });
    const client = clientFor(platform);
    const { galleryRef, manifest } = s.input;
    await client.putGallery(galleryRef, s.input.gallery);
    await client.putManifest(galleryRef, manifestRefOf(manifest), manifest);
    const [a, b, c, d] = manifest.files;
    const batch = [a!, b!, c!, d!];
    const bytes = batch.map((f) => readFileSync(s.input.localPaths.get(f.sha256)!));
    // The publisher sends two files and half of the third, then its connection goes away.
    const req = http.request(`${platform.url}${apiPaths.batch(galleryRef)}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${platform.token}`,
        'content-type': 'application/octet-stream',
        'content-length': bytes.reduce((n, x) => n + x.length, 0),
        [BATCH_HEADER]: formatBatchHeader(batch),
      },
    });
    req.on('error', () => undefined);
    req.write(Buffer.concat([bytes[0]!, bytes[1]!, bytes[2]!.subarray(0, 1000)]));
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();

    await expect
      .poll(() => platform.store.list(), { timeout: 10_000 })
      .toEqual([a!.sha256, b!.sha256].sort());
    expect(await platform.store.listPartials()).toEqual([]);
    const status = await client.getManifestStatus(galleryRef, manifestRefOf(manifest));
    expect(status.missing.map((m) => m.sha256)).not.toContain(a!.sha256);
    expect(status.missing.map((m) => m.sha256)).toEqual(expect.arrayContaining([c!.sha256, d!.sha256]));
    expect(platform.stats().batchesCut).toBe(1);
  });

  it('refuses a batch whose body is shorter than its header announces, storing nothing', async () => {
    const platform = await testPlatform();
    const s = await smallSchool();
    const client = clientFor(platform);
    const { galleryRef, manifest } = s.input;
    await client.putGallery(galleryRef, s.input.gallery);
    await client.putManifest(galleryRef, manifestRefOf(manifest), manifest);
    const [a, b] = manifest.files;
    const body = Buffer.concat([a!, b!].map((f) => readFileSync(s.input.localPaths.get(f.sha256)!)));
    const error = await client
      .putBatch(galleryRef, [a!, b!], body.subarray(0, body.length - 1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('invalid_request');
    expect(await platform.store.list()).toEqual([]);
  });

  it('falls back to one file per request when the platform has no batch route', async () => {
    const platform = await testPlatform();
    const s = await smallSchool();
    const client = clientFor(platform);
    let refused = 0;
    client.putBatch = () => {
      refused++;
      return Promise.reject(new PublishError('not_found', 'adresse inconnue', { status: 404 }));
    };
    const result = await new UploadEngine(client).publish(s.input, { retry: FAST_RETRY });
    expect(refused).toBe(1);
    expect(result.filesSent).toBe(s.input.manifest.files.length);
    await expectStoreHoldsExactly(platform, s.input.manifest);
  });

  it('batches only small files not already half-sent, in order, within the size limit', () => {
    const f = (n: number, size: number, receivedBytes = 0) => ({
      sha256: String(n).padStart(64, '0'),
      size,
      receivedBytes,
    });
    const queue = [f(1, 100), f(2, 100), f(3, 5_000_000), f(4, 100, 50), f(5, 100), f(6, 250)];
    const batchable = (x: { size: number; receivedBytes: number }) => x.size <= 1000 && x.receivedBytes === 0;
    const names = (list: { sha256: string }[]) => list.map((x) => Number(x.sha256));
    const units = [];
    for (let u = nextUnit(queue, batchable, 300); u; u = nextUnit(queue, batchable, 300))
      units.push(u.kind === 'batch' ? names(u.files) : Number(u.file.sha256));
    // A batch of the small ones first (skipping the large and the half-sent file), then the large
    // one and the half-sent one on their own, and the lone small file left over on its own too.
    expect(units).toEqual([[1, 2, 5], 3, 4, 6]);
  });
});
