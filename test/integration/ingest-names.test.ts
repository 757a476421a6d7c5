/**
 * Any file name a camera or an OS can write is ingested: real files whose names are not valid UTF-8
 * (Latin-1 bytes written by an old reader, a damaged FAT entry), made with Buffer paths as Linux
 * allows. They are read by their raw bytes, copied under a safe name, listed with a readable
 * rendering, and the rest of the card goes on as usual.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestResultSchema } from '../../src/shared/domain/ingest';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** A path as bytes: text parts in UTF-8, byte lists and buffers as they are. */
const raw = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(
    parts.map((p) => (Buffer.isBuffer(p) ? p : typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))),
  );

describe('file names that are not valid UTF-8', () => {
  it('ingests them by their raw bytes under safe names, lists them readably, and the card stays whole', async () => {
    const card = path.join(tempDir(), 'EOS_DIGITAL');
    const generated = await generateCard(card, {
      camera: CAMERAS.a,
      shots: schoolDay({ classes: 1, studentsPerClass: 2, burst: 1, width: 120, height: 80 }),
    });
    const jpeg = readFileSync(path.join(card, generated.files[0]!.relPath));
    const folder = raw(card, '/DCIM/100CANON/');
    // « été » in Latin-1, and a name that renders the same once its invalid bytes are replaced.
    const latin1 = raw(folder, 'IMG_', [0xe9], 't', [0xe9], '.JPG');
    const lookalike = raw(folder, 'IMG_', [0xe8], 't', [0xe8], '.JPG');
    // A folder whose own name is not UTF-8, holding a photo with an ordinary name.
    const badFolder = raw(card, '/DCIM/', [0xc3, 0x28], 'SORTIE');
    mkdirSync(badFolder);
    const inBadFolder = raw(badFolder, '/IMG_0100.JPG');
    const written = new Map<Buffer, Buffer>();
    for (const [i, name] of [latin1, lookalike, inBadFolder].entries()) {
      const bytes = Buffer.concat([jpeg, Buffer.from([i])]);
      writeFileSync(name, bytes);
      written.set(name, bytes);
    }

    const { core, root } = await testCore();
    const client = core.client();
    const dir = path.join(root, 'job');
    const { id: jobId } = await client.call('jobs.create', {
      dir,
      schoolName: 'École Victor Hugo',
      town: 'Metz',
      schoolYear: '2026-2027',
      shootDates: [],
    });
    const scan = await client.call('ingest.scan', { jobId, source: card });
    expect(scan).toMatchObject({ isCard: true, files: generated.files.length + 3 });

    const { taskId } = await client.call('ingest.start', { jobId, source: card, backupDir: null });
    await core.tasks.idle(jobId);
    const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
    expect(task.error).toBeNull();
    const r = ingestResultSchema.parse(task.result);
    expect(r).toMatchObject({ failed: [], safeToFormat: true, verified: generated.files.length + 3 });

    const photos = (await client.call('photos.list', { jobId })).items;
    const names = photos.map((p) => p.originalName);
    expect(new Set(names).size).toBe(names.length);
    const rendered = names.filter((n) => n.includes('\uFFFD'));
    expect(rendered).toHaveLength(3);
    expect(rendered).toContain('DCIM/\uFFFD(SORTIE/IMG_0100.JPG');
    const lookalikes = rendered.filter((n) => n.startsWith('DCIM/100CANON/IMG_\uFFFDt\uFFFD'));
    expect(lookalikes).toHaveLength(2);
    for (const n of lookalikes) expect(n).toMatch(/^DCIM\/100CANON\/IMG_\uFFFDt\uFFFD(~[0-9a-f]{8})?\.JPG$/);

    // Each copy holds exactly the bytes of its own file, under a name any file system accepts.
    const copied = new Set(
      photos.map((p) => {
        expect(p.fileName).toMatch(/^[\w.~-]+$/);
        return sha(readFileSync(path.join(dir, 'originals', p.fileName)));
      }),
    );
    for (const bytes of written.values()) expect(copied.has(sha(bytes))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifests', 'carte-01.json'), 'utf8')) as {
      files: { file: string; status: string }[];
    };
    expect(manifest.files.filter((f) => f.file.includes('\uFFFD')).map((f) => f.status)).toEqual([
      'verified',
      'verified',
      'verified',
    ]);

    // The same card again is recognised, these files included: nothing new, nothing to repair.
    const again = await client.call('ingest.scan', { jobId, source: card });
    expect(again).toMatchObject({ knownCardNumber: 1, newFiles: 0 });
    const { taskId: second } = await client.call('ingest.start', { jobId, source: card, backupDir: null });
    await core.tasks.idle(jobId);
    const secondTask = (await client.call('tasks.list', { jobId })).find((t) => t.id === second)!;
    expect(ingestResultSchema.parse(secondTask.result)).toMatchObject({
      copied: 0,
      repaired: [],
      failed: [],
      safeToFormat: true,
    });
    // The card itself was only read.
    for (const [name, bytes] of written) expect(sha(await fsp.readFile(name))).toBe(sha(bytes));
  });
});
