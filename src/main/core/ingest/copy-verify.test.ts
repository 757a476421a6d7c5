/**
 * The read-back that proves a copy: it must hash every byte the disk returns, across its 4 MiB
 * chunks and for the short last one, and say when it could bypass the page cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAndVerify, readBackHash } from './copy-verify';

const dir = mkdtempSync(path.join(os.tmpdir(), 'preau-copy-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('readBackHash', () => {
  it.each([
    ['empty', 0],
    ['a few bytes', 7],
    ['exactly one chunk', 4 * MiB],
    ['two chunks and a short tail', 8 * MiB + 12_345],
  ])('hashes the whole file (%s)', async (_, size) => {
    const file = path.join(dir, `f-${size}`);
    const data = randomBytes(size);
    writeFileSync(file, data);
    const back = await readBackHash(file);
    expect(back.sha256).toBe(sha(data));
    // The temporary folder is on a disk file system here: the page cache is bypassed.
    if (process.platform === 'linux') expect(back.mode).toBe('direct');
  });

  it('sees a byte changed after the copy was flushed', async () => {
    const source = path.join(dir, 'source.bin');
    const data = randomBytes(5 * MiB + 3);
    writeFileSync(source, data);
    const dests = [path.join(dir, 'a'), path.join(dir, 'b')];
    for (const d of dests) mkdirSync(d);
    const ok = await copyAndVerify(source, data.length, dests);
    expect(ok.sha256).toBe(sha(data));
    for (const t of ok.temps) expect(sha(readFileSync(t))).toBe(sha(data));

    const failing = copyAndVerify(source, data.length, dests, {
      hooks: {
        afterWrite(temps) {
          const copy = readFileSync(temps[1]!);
          copy[copy.length - 1]! ^= 0x01;
          writeFileSync(temps[1]!, copy);
        },
      },
    });
    await expect(failing).rejects.toMatchObject({ reasonKey: 'ingest.reason.verifyMismatch' });
  });
});
