/**
 * What a card holds besides camera JPEGs, ingested through the real core (SQLite, sharp, exiftool,
 * libheif in its worker): HEIC photos from phones (a real HEVC file, one with its tail cut off, a
 * format nothing here decodes), a capture time that lives only in the maker notes, and the files
 * that are not photos (sidecars attached to their photo, the rest counted as « autres fichiers »).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestResultSchema, type IngestResult } from '../../src/shared/domain/ingest';
import type { Core } from '../../src/main/core/core';
import { photoLikeJpeg } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

/** A 600×400 HEVC HEIC made for this project (see test/fixtures/heic/README.md). */
const HEIC = path.resolve('test/fixtures/heic/classroom-600x400.heic');
const et = new ExifTool({ maxProcs: 1 });

afterAll(async () => {
  await et.end();
});

async function newJob(core: Core, root: string): Promise<{ jobId: string; dir: string }> {
  const dir = path.join(root, 'job');
  const job = await core.client().call('jobs.create', {
    dir,
    schoolName: 'École Jules Ferry',
    town: 'Lyon',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  return { jobId: job.id, dir };
}

async function ingest(core: Core, jobId: string, source: string): Promise<IngestResult> {
  const client = core.client();
  const { taskId } = await client.call('ingest.start', { jobId, source, backupDir: null });
  await core.tasks.idle(jobId);
  const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
  expect(task.error).toBeNull();
  return ingestResultSchema.parse(task.result);
}

describe('HEIC and formats nothing decodes', () => {
  it('previews a real HEIC, reports a truncated one as damaged and a JPEG XL as unsupported, in words', async () => {
    const source = path.join(tempDir(), 'phone', 'DCIM', '100APPLE');
    await fsp.mkdir(source, { recursive: true });
    const photo = path.join(source, 'IMG_0001.HEIC');
    await fsp.copyFile(HEIC, photo);
    // Metadata as an iPhone writes it: capture time with its offset, and an EXIF orientation that
    // HEIF readers ignore (the container's own rotation is what libheif applies).
    await et.write(
      photo,
      {
        DateTimeOriginal: '2026:10:06 09:12:34',
        OffsetTimeOriginal: '+02:00',
        Make: 'Apple',
        Model: 'iPhone 13 Pro',
        'Orientation#': 6,
      },
      { writeArgs: ['-overwrite_original'] },
    );
    const whole = await fsp.readFile(photo);
    await fsp.writeFile(
      path.join(source, 'IMG_0002.HEIC'),
      whole.subarray(0, Math.floor(whole.length * 0.6)),
    );
    // A JPEG XL codestream signature: recognised as JPEG XL, decoded by nothing here.
    await fsp.writeFile(
      path.join(source, 'IMG_0003.JXL'),
      Buffer.concat([Buffer.from([0xff, 0x0a]), Buffer.alloc(2000, 7)]),
    );

    const { core, root } = await testCore();
    const { jobId, dir } = await newJob(core, root);
    const r = await ingest(core, jobId, path.dirname(path.dirname(source)));
    expect(r).toMatchObject({ verified: 3, failed: [], safeToFormat: true, photos: 1 });

    const photos = (await core.client().call('photos.list', { jobId })).items;
    const byName = new Map(photos.map((p) => [path.basename(p.originalName), p]));
    const heic = byName.get('IMG_0001.HEIC')!;
    expect(heic).toMatchObject({
      kind: 'heif',
      readable: true,
      hasThumb: true,
      hasPreview: true,
      capturedAt: '2026-10-06T09:12:34.000',
      timeUncertain: false,
      width: 600,
      height: 400,
    });
    const preview = await core.media.resolve({ jobId, kind: 'preview', id: heic.id });
    const thumb = await core.media.resolve({ jobId, kind: 'thumb', id: heic.id });
    const pm = await sharp(preview!.file).metadata();
    const tm = await sharp(thumb!.file).metadata();
    expect([pm.format, pm.width, pm.height]).toEqual(['jpeg', 600, 400]);
    expect([tm.format, tm.width, tm.height]).toEqual(['jpeg', 320, 213]);
    // The pixels are the photo's, not a grey placeholder: the preview matches a decode of the
    // source picture it was made from (mean colour within a few levels).
    const stats = await sharp(preview!.file).stats();
    expect(stats.channels[0]!.stdev).toBeGreaterThan(10);

    const truncated = byName.get('IMG_0002.HEIC')!;
    expect(truncated).toMatchObject({ kind: 'heif', readable: false, hasPreview: false });
    expect(truncated.unreadableReason).toMatch(/^image endommagée ou tronquée/);
    const jxl = byName.get('IMG_0003.JXL')!;
    expect(jxl).toMatchObject({ readable: false, hasPreview: false });
    expect(jxl.unreadableReason).toBe(
      'format JPEG XL non pris en charge pour l’aperçu : aucun décodeur ne le lit ; l’original est copié et vérifié',
    );
    // No message the user reads carries a path of the machine.
    for (const u of r.unreadable) {
      expect(u.reason).not.toContain(dir);
      expect(u.reason).not.toMatch(/\/(tmp|home|originals)\b/);
    }
    expect(r.unreadable.map((u) => path.basename(u.file)).sort()).toEqual(['IMG_0002.HEIC', 'IMG_0003.JXL']);
  });
});

describe('capture time from maker notes', () => {
  it('reads the file fully when the fast read finds no capture time, and takes the maker notes’ time', async () => {
    const source = path.join(tempDir(), 'trail', 'DCIM', '100RECNX');
    await fsp.mkdir(source, { recursive: true });
    const file = path.join(source, 'IMAG0001.JPG');
    await fsp.writeFile(file, await photoLikeJpeg(160, 120, { seed: 42 }));
    // A Reconyx trail camera keeps its capture time only in its maker notes (binary block, version
    // 0xf101): write an empty block, then the time into it, and nothing in EXIF.
    const notes = Buffer.alloc(0x60 * 2);
    Buffer.from([0x01, 0xf1, 0x02, 0x00]).copy(notes);
    const block = path.join(tempDir(), 'makernotes.bin');
    await fsp.writeFile(block, notes);
    await et.write(
      file,
      { Make: 'RECONYX', Model: 'HC600' },
      { writeArgs: ['-overwrite_original', `-MakerNotes<=${block}`] },
    );
    await et.write(file, { 'Reconyx:DateTimeOriginal': '2026:10:06 07:45:12' } as never, {
      writeArgs: ['-overwrite_original'],
    });
    // The file's own date is a different day: a fallback would be visible.
    await fsp.utimes(file, new Date('2026-11-20T15:00:00Z'), new Date('2026-11-20T15:00:00Z'));
    const fast = await et.readRaw(file, ['-fast2', '-DateTimeOriginal', '-CreateDate']);
    expect(fast.DateTimeOriginal).toBeUndefined();

    // Next to it, a JPEG with no time anywhere still falls back to the file's date, flagged.
    const bare = path.join(source, 'IMAG0002.JPG');
    await fsp.writeFile(bare, await photoLikeJpeg(160, 120, { seed: 43 }));
    await fsp.utimes(bare, new Date(2026, 10, 20, 15, 0, 0), new Date(2026, 10, 20, 15, 0, 0));

    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    await ingest(core, jobId, path.dirname(path.dirname(source)));
    const photos = (await core.client().call('photos.list', { jobId })).items;
    const byName = new Map(photos.map((p) => [path.basename(p.originalName), p]));
    expect(byName.get('IMAG0001.JPG')).toMatchObject({
      capturedAt: '2026-10-06T07:45:12.000',
      timeUncertain: false,
    });
    expect(byName.get('IMAG0002.JPG')).toMatchObject({
      capturedAt: '2026-11-20T15:00:00.000',
      timeUncertain: true,
    });
  });
});

describe('files that are not photos', () => {
  it('attaches XMP and WAV sidecars to their photo, lists a README as another file, and says the card is safe', async () => {
    const root = path.join(tempDir(), 'card');
    const dcim = path.join(root, 'DCIM', '100CANON');
    await fsp.mkdir(dcim, { recursive: true });
    await fsp.writeFile(path.join(dcim, 'IMG_0042.JPG'), await photoLikeJpeg(160, 120, { seed: 7 }));
    await fsp.writeFile(path.join(dcim, 'IMG_0043.JPG'), await photoLikeJpeg(160, 120, { seed: 8 }));
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>\n';
    await fsp.writeFile(path.join(dcim, 'IMG_0042.XMP'), xmp);
    // The same default XMP next to the other photo: each belongs to its own photo.
    await fsp.writeFile(path.join(dcim, 'IMG_0043.XMP'), xmp);
    // A voice note dictated on the back of the camera (a tiny real WAV: RIFF header, silence).
    const pcm = Buffer.alloc(800);
    const wav = Buffer.alloc(44);
    wav.write('RIFF', 0, 'latin1');
    wav.writeUInt32LE(36 + pcm.length, 4);
    wav.write('WAVEfmt ', 8, 'latin1');
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(8000, 24);
    wav.writeUInt32LE(16000, 28);
    wav.writeUInt16LE(2, 32);
    wav.writeUInt16LE(16, 34);
    wav.write('data', 36, 'latin1');
    wav.writeUInt32LE(pcm.length, 40);
    await fsp.writeFile(path.join(dcim, 'img_0042.wav'), Buffer.concat([wav, pcm]));
    await fsp.writeFile(path.join(dcim, 'README.TXT'), 'Carte du photographe. Ne pas formater.\n');
    await fsp.writeFile(path.join(dcim, 'SETTINGS'), Buffer.from([1, 2, 3, 4]));

    const { core, root: coreRoot } = await testCore();
    const { jobId, dir } = await newJob(core, coreRoot);
    const r = await ingest(core, jobId, root);
    expect(r).toMatchObject({
      verified: 7,
      duplicates: 0,
      failed: [],
      safeToFormat: true,
      photos: 2,
      unreadable: [],
    });
    expect(r.verdict).toMatch(/peut être formatée/);
    expect(r.sidecars).toEqual([
      { file: 'DCIM/100CANON/IMG_0042.XMP', reason: 'métadonnées XMP rattachées à leur photo' },
      { file: 'DCIM/100CANON/IMG_0043.XMP', reason: 'métadonnées XMP rattachées à leur photo' },
      { file: 'DCIM/100CANON/img_0042.wav', reason: 'note vocale rattachée à sa photo' },
    ]);
    expect(r.others).toEqual([
      { file: 'DCIM/100CANON/README.TXT', reason: 'fichier texte TXT' },
      { file: 'DCIM/100CANON/SETTINGS', reason: 'fichier sans extension (type inconnu)' },
    ]);

    // Only the two photos are photos; each shows its sidecars, which sit next to it under its name.
    const photos = (await core.client().call('photos.list', { jobId })).items;
    expect(photos).toHaveLength(2);
    const p42 = photos.find((p) => p.originalName.endsWith('IMG_0042.JPG'))!;
    const p43 = photos.find((p) => p.originalName.endsWith('IMG_0043.JPG'))!;
    expect(p42.sidecars).toEqual(['IMG_0042.XMP', 'img_0042.wav']);
    expect(p43.sidecars).toEqual(['IMG_0043.XMP']);
    const originals = await fsp.readdir(path.join(dir, 'originals'));
    const stem = p42.fileName.replace(/\.JPG$/, '');
    expect(originals).toEqual(
      expect.arrayContaining([`${stem}.XMP`, `${stem}.WAV`, 'README.TXT', 'SETTINGS']),
    );
    // Every file, photo or not, is in the manifest with its verified copy.
    const manifest = await core.client().call('ingest.manifest', { jobId, cardId: r.cardId });
    expect(manifest).toHaveLength(7);
    for (const entry of manifest) expect(entry).toMatchObject({ status: 'verified' });
    expect(await fsp.readFile(path.join(dir, 'originals', `${stem}.WAV`))).toEqual(
      await fsp.readFile(path.join(dcim, 'img_0042.wav')),
    );
  });
});
