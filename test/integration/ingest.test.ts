/**
 * Card ingest against real parts: generated cards (real JPEGs with EXIF written by exiftool, a DNG
 * with an embedded preview, broken files), the real core with SQLite, sharp and exiftool.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestResultSchema, type IngestResult } from '../../src/shared/domain/ingest';
import type { Core } from '../../src/main/core/core';
import {
  addAwkwardFiles,
  CAMERAS,
  generateCard,
  schoolDay,
  type GeneratedCard,
} from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let fixtures: string;
let cardA: GeneratedCard;
let cardB: GeneratedCard;
const et = new ExifTool({ maxProcs: 2 });

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, these cards serve the whole file.
  fixtures = await fsp.mkdtemp(path.join((await import('node:os')).tmpdir(), 'preau-cards-'));
  const day = schoolDay({ classes: 2, studentsPerClass: 2, burst: 3 });
  const oriented = [1, 2, 3, 4, 5, 6, 7, 8].map((orientation, i) => ({
    trueTime: `2026-10-06T10:00:${String(10 + i).padStart(2, '0')}.000`,
    width: 120,
    height: 80,
    orientation,
    marker: true,
    seed: 500 + i,
  }));
  cardA = await generateCard(path.join(fixtures, 'A'), {
    camera: CAMERAS.a,
    shots: [...day, ...oriented],
    startCounter: 9995,
    exiftool: et,
  });
  await addAwkwardFiles(cardA, { exiftool: et });
  // The same photo twice on one card (copied over by hand): a duplicate.
  await fsp.mkdir(path.join(cardA.root, 'DCIM/102CANON'), { recursive: true });
  await fsp.copyFile(
    path.join(cardA.root, cardA.files[0]!.relPath),
    path.join(cardA.root, 'DCIM/102CANON/IMG_0500.JPG'),
  );
  // A second body, its clock 95 s ahead, shooting the same class groups.
  cardB = await generateCard(path.join(fixtures, 'B'), {
    camera: CAMERAS.b,
    shots: day.filter((_, i) => i % 7 === 0).map((s) => ({ ...s, seed: (s.seed ?? 0) + 1000 })),
    exiftool: et,
  });
}, 120_000);

afterAll(async () => {
  await et.end();
  await fsp.rm(fixtures, { recursive: true, force: true });
});

async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(path.relative(root, p), `${sha(p)}:${(await fsp.stat(p)).mtimeMs}`);
    }
  };
  await walk(root);
  return out;
}

async function ingest(
  core: Core,
  jobId: string,
  source: string,
  backupDir: string | null = null,
): Promise<IngestResult> {
  const client = core.client();
  const { taskId } = await client.call('ingest.start', { jobId, source, backupDir });
  await core.tasks.idle(jobId);
  const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
  expect(task.error).toBeNull();
  expect(task.status).toBe('done');
  return ingestResultSchema.parse(task.result);
}

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

describe('ingest of a card', () => {
  it('copies every file to the job and the backup, verified, and says the card can be formatted', async () => {
    // The last copies wait (at most 20 s) until a first photo is registered, as on any real card
    // where placement runs alongside the copy: the verdict below then always has photos to show,
    // however loaded the machine is.
    let copies = 0;
    let registered = () => false;
    const { core, root } = await testCore({
      ingest: {
        copyHooks: {
          async afterWrite() {
            copies += 1;
            if (copies <= 3) return;
            const until = Date.now() + 20_000;
            while (!registered() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
          },
        },
      },
    });
    const { jobId, dir } = await newJob(core, root);
    registered = () =>
      core.jobs.get(jobId).db.prepare('SELECT 1 FROM photo WHERE readable = 1 LIMIT 1').get() !== undefined;
    const backup = tempDir();
    const before = await snapshot(cardA.root);
    // When the verdict comes, previews may still be to do (image work runs behind the copy), but
    // every registered camera photo already shows a thumbnail: at worst the one its camera embedded.
    let atVerdict: {
      id: string;
      original_name: string;
      readable: number;
      has_thumb: number;
    }[] = [];
    core.events.on((frame) => {
      const p = frame.payload as { entity?: string };
      if (frame.name === 'data.changed' && p.entity === 'cards')
        atVerdict = core.jobs
          .get(jobId)
          .db.prepare('SELECT id, original_name, readable, has_thumb FROM photo')
          .all() as typeof atVerdict;
    });

    const r = await ingest(core, jobId, cardA.root, backup);

    const fromCamera = new Set(cardA.files.filter((f) => f.kind === 'jpeg').map((f) => f.relPath));
    const shownEarly = atVerdict.filter((p) => fromCamera.has(p.original_name) && p.readable === 1);
    expect(shownEarly.length).toBeGreaterThan(0);
    for (const p of shownEarly) {
      expect(p.has_thumb).toBe(1);
      expect(existsSync(path.join(dir, 'cache', 'thumb', `${p.id}.jpg`))).toBe(true);
    }

    // The card is untouched: same files, same bytes, same dates.
    expect(await snapshot(cardA.root)).toEqual(before);
    const total = before.size;
    expect(r.failed).toEqual([]);
    expect(r.duplicates).toBe(1);
    expect(r.verified).toBe(total - 1);
    expect(r.safeToFormat).toBe(true);
    expect(r.verdict).toBe('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');

    // Every verified file is in originals/ and in the backup, byte for byte, under a unique name.
    const manifest = await core.client().call('ingest.manifest', { jobId, cardId: r.cardId });
    expect(manifest).toHaveLength(total);
    for (const entry of manifest.filter((e) => e.status === 'verified')) {
      expect(entry.destinations).toHaveLength(2);
      for (const d of entry.destinations) expect(sha(d)).toBe(entry.sha256);
      expect(entry.sha256).toBe(sha(path.join(cardA.root, entry.file)));
    }
    const originals = (await fsp.readdir(path.join(dir, 'originals'))).filter((n) => !n.startsWith('.'));
    expect(originals).toHaveLength(total - 1);
    expect(await fsp.readdir(path.join(dir, 'originals', '.incoming'))).toEqual([]);
    // The manifest is also a file next to the job, readable without the app.
    const json = JSON.parse(await fsp.readFile(path.join(dir, 'manifests', 'carte-01.json'), 'utf8')) as {
      safeToFormat: boolean;
      files: unknown[];
    };
    expect(json.safeToFormat).toBe(true);
    expect(json.files).toHaveLength(total);
    expect(await fsp.readFile(path.join(dir, 'manifests', 'carte-01.csv'), 'utf8')).toContain('sha256');

    // Counter roll-over (100CANON/IMG_9999 then 101CANON/IMG_0001) and bursts in one second: distinct names.
    const photos = (await core.client().call('photos.list', { jobId, limit: 2000 })).items;
    const byOriginal = new Map(photos.map((p) => [p.originalName, p]));
    expect(byOriginal.get('DCIM/100CANON/IMG_9999.JPG')!.fileName).toMatch(/_A_1009999\.JPG$/);
    expect(byOriginal.get('DCIM/101CANON/IMG_0001.JPG')!.fileName).toMatch(/_A_1010001\.JPG$/);
    const burst = photos.filter((p) => p.capturedAt?.startsWith('2026-10-06T08:47:00'));
    expect(burst).toHaveLength(3);
    expect(new Set(burst.map((p) => p.fileName)).size).toBe(3);
    expect(burst.map((p) => p.capturedAt)).toEqual([
      '2026-10-06T08:47:00.000',
      '2026-10-06T08:47:00.300',
      '2026-10-06T08:47:00.600',
    ]);

    // Broken files are kept (copied and verified) and reported as unreadable, with the reason.
    const reasons = new Map(r.unreadable.map((u) => [path.basename(u.file), u.reason]));
    expect(reasons.get('ZERO0001.JPG')).toBe('fichier vide (0 octet)');
    expect(reasons.get('NOTE0001.JPG')).toMatch(/^ce n’est pas une image/);
    expect(reasons.get('TRUNC001.JPG')).toMatch(/^image endommagée ou tronquée/);
    expect(r.unreadable).toHaveLength(3);

    // No EXIF: capture time from the file's date, flagged uncertain; EXIF photos are certain.
    expect(byOriginal.get('DCIM/100CANON/NOEX0001.JPG')!.timeUncertain).toBe(true);
    expect(byOriginal.get('DCIM/100CANON/IMG_9999.JPG')!.timeUncertain).toBe(false);
    expect(byOriginal.get('DCIM/100CANON/NOEX0001.JPG')!.hasThumb).toBe(true);

    // RAW kept as original, previewed from its embedded JPEG (160×120 with the red marker top-left).
    const raw = byOriginal.get('DCIM/100CANON/RAW_0001.DNG')!;
    expect(raw.kind).toBe('raw');
    expect(raw.hasPreview).toBe(true);
    const rawThumb = await core.media.resolve({ jobId, kind: 'thumb', id: raw.id });
    const rawMeta = await sharp(rawThumb!.file).metadata();
    expect([rawMeta.width, rawMeta.height]).toEqual([160, 120]);
    expect(await redCorner(rawThumb!.file)).toBe('top-left');

    const cards = await core.client().call('ingest.cards', { jobId });
    expect(cards).toMatchObject([{ number: 1, cameraLabel: 'A', safeToFormat: true, failed: 0 }]);
  });

  it('applies all 8 EXIF orientations to thumbnails and previews', async () => {
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    await ingest(core, jobId, cardA.root);
    const photos = (await core.client().call('photos.list', { jobId, limit: 2000 })).items;
    // Stored pixels are 120×80 with a red block top-left; where it lands once displayed upright:
    const expected: Record<number, [string, number, number]> = {
      1: ['top-left', 120, 80],
      2: ['top-right', 120, 80],
      3: ['bottom-right', 120, 80],
      4: ['bottom-left', 120, 80],
      5: ['top-left', 80, 120],
      6: ['top-right', 80, 120],
      7: ['bottom-right', 80, 120],
      8: ['bottom-left', 80, 120],
    };
    for (const [i, file] of cardA.files.filter((f) => f.shot?.marker).entries()) {
      const orientation = i + 1;
      expect(file.shot!.orientation).toBe(orientation);
      const photo = photos.find((p) => p.originalName === file.relPath)!;
      const [corner, w, h] = expected[orientation]!;
      expect([photo.width, photo.height]).toEqual([w, h]);
      for (const kind of ['thumb', 'preview'] as const) {
        const media = await core.media.resolve({ jobId, kind, id: photo.id });
        const meta = await sharp(media!.file).metadata();
        expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([w, h, 1]);
        expect(await redCorner(media!.file), `orientation ${orientation} ${kind}`).toBe(corner);
      }
    }
  });

  it('recognises the same card inserted again and offers nothing new', async () => {
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    const before = await core.client().call('ingest.scan', { jobId, source: cardA.root });
    expect(before).toMatchObject({ isCard: true, knownCardNumber: null, alreadyIngested: 0 });
    expect(before.newFiles).toBe(before.files);
    await ingest(core, jobId, cardA.root);

    const again = await core.client().call('ingest.scan', { jobId, source: path.join(cardA.root, 'DCIM') });
    expect(again).toMatchObject({ knownCardNumber: 1, newFiles: 0, alreadyIngested: before.files });
    const second = await ingest(core, jobId, cardA.root);
    expect(second).toMatchObject({
      cardNumber: 1,
      copied: 0,
      verified: 0,
      duplicates: 0,
      photos: 0,
      safeToFormat: true,
    });
    expect((await core.client().call('photos.list', { jobId })).total).toBe(before.files - 1);
  });

  it('puts two cameras on one timeline once the second camera’s clock offset is set', async () => {
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    await ingest(core, jobId, cardA.root);
    const rB = await ingest(core, jobId, cardB.root);
    expect(rB).toMatchObject({ cardNumber: 2, cameraLabel: 'B', safeToFormat: true });
    expect(rB.verdict).toBe('Carte 2 (boîtier B) copiée et vérifiée — peut être formatée.');

    const cameras = await core.client().call('cameras.list', { jobId });
    expect(cameras.map((c) => [c.label, c.serial, c.offsetSeconds])).toEqual([
      ['A', CAMERAS.a.serial, 0],
      ['B', CAMERAS.b.serial, 0],
    ]);
    const list = async () => (await core.client().call('photos.list', { jobId, limit: 2000 })).items;
    // Camera B's first frame and camera A's first frame are the same moment (the first group photo).
    const firstB = (await list()).find((p) => p.originalName === cardB.files[0]!.relPath)!;
    const firstA = (await list()).find((p) => p.originalName === cardA.files[0]!.relPath)!;
    expect(firstB.capturedAt).toBe('2026-10-06T08:46:35.000');
    const synced = await core
      .client()
      .call('cameras.syncOnPhotos', { jobId, photoId: firstB.id, referencePhotoId: firstA.id });
    expect(synced.offsetSeconds).toBe(-95);

    const after = await list();
    const b = after.filter((p) => p.cameraLabel === 'B');
    expect(b.map((p) => p.capturedAt)).toEqual(cardB.files.map((f) => f.shot!.trueTime));
    // Each B photo now sits right next to the A photo taken at the same moment.
    for (const p of b) {
      const i = after.indexOf(p);
      expect([after[i - 1]?.capturedAt, after[i + 1]?.capturedAt]).toContain(p.capturedAt);
    }
  });

  it('reports a file whose copy does not read back identical as failed, and the card as not safe', async () => {
    let flipped = 0;
    const { core, root } = await testCore({
      ingest: {
        copyHooks: {
          async afterWrite(temps) {
            if (flipped > 0) return;
            flipped += 1;
            const target = temps[0]!;
            const buf = await fsp.readFile(target);
            buf[Math.floor(buf.length / 2)]! ^= 0xff;
            await fsp.writeFile(target, buf);
          },
        },
      },
    });
    const { jobId, dir } = await newJob(core, root);
    const r = await ingest(core, jobId, cardB.root);
    expect(flipped).toBe(1);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.reason).toMatch(/ne correspond pas à l’original/);
    expect(r.safeToFormat).toBe(false);
    expect(r.verdict).toMatch(/^Carte 1 \(boîtier A\) : NE PAS FORMATER — 1 fichier non copié/);
    expect(r.verdict).toContain(r.failed[0]!.file);
    expect(r.verified).toBe(cardB.files.length - 1);
    // No trace of the bad copy in the job: not registered, no file left behind.
    const photos = (await core.client().call('photos.list', { jobId })).items;
    expect(photos.map((p) => p.originalName)).not.toContain(r.failed[0]!.file);
    expect((await fsp.readdir(path.join(dir, 'originals'))).filter((n) => !n.startsWith('.'))).toHaveLength(
      cardB.files.length - 1,
    );
    // Ingesting the card again retries only the failed file; then the card is safe.
    const retry = await ingest(core, jobId, cardB.root);
    expect(retry).toMatchObject({ verified: 1, failed: [], safeToFormat: true });
  });

  it('explains a source that is not there, and an unknown camera', async () => {
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    const outcome = await core.dispatch('ingest.scan', { jobId, source: path.join(root, 'NO_NAME') });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'folder_missing' } });
    expect(!outcome.ok && outcome.error.message).toMatch(/n’existe pas \(disque débranché/);
    const offset = await core.dispatch('cameras.setOffset', {
      jobId,
      cameraId: 'Canon|X|1',
      offsetSeconds: 5,
    });
    expect(offset).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('never calls a card with no file on it safe to format, and says to check the card and folder', async () => {
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    const card = path.join(root, 'EOS_DIGITAL');
    await fsp.mkdir(path.join(card, 'DCIM', '100CANON'), { recursive: true });
    const r = await ingest(core, jobId, card);
    expect(r.safeToFormat).toBe(false);
    expect(r.verdict).toMatch(/aucun fichier trouvé/);
    expect(r.verdict).not.toMatch(/peut être formatée/);
    const [listed] = await core.client().call('ingest.cards', { jobId });
    expect(listed).toMatchObject({ safeToFormat: false });
  });

  it('refuses a backup folder that does not exist instead of creating it', async () => {
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    const client = core.client();
    const { taskId } = await client.call('ingest.start', {
      jobId,
      source: cardB.root,
      backupDir: path.join(root, 'débranché', 'Sauvegarde'),
    });
    await core.tasks.idle(jobId);
    const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
    expect(task.status).toBe('failed');
    expect(task.error?.message).toMatch(/n’existe pas/);
  });
});

describe('ingest interrupted', () => {
  async function cardCopy(): Promise<string> {
    const dir = path.join(tempDir(), 'EOS_DIGITAL');
    await fsp.cp(cardA.root, dir, { recursive: true, preserveTimestamps: true });
    return dir;
  }

  /** Every verified copy is either a registered photo with its file, or still staged: never in between. */
  async function expectConsistent(core: Core, jobId: string, dir: string): Promise<void> {
    const cards = await core.client().call('ingest.cards', { jobId });
    const photos = (await core.client().call('photos.list', { jobId, limit: 2000 })).items;
    const names = new Set(photos.map((p) => p.fileName));
    for (const c of cards)
      for (const e of await core.client().call('ingest.manifest', { jobId, cardId: c.id })) {
        if (e.status !== 'verified') continue;
        for (const d of e.destinations) expect(sha(d)).toBe(e.sha256);
        if (e.photoId) expect(names.has(path.basename(e.destinations[0]!))).toBe(true);
      }
    const onDisk = (await fsp.readdir(path.join(dir, 'originals'))).filter((n) => !n.startsWith('.'));
    expect(onDisk.sort()).toEqual([...names].sort());
  }

  it('keeps what was verified when the card is pulled out, then copies only the rest', async () => {
    const source = await cardCopy();
    let written = 0;
    const { core, root } = await testCore({
      ingest: {
        copyConcurrency: 1,
        copyHooks: {
          async afterWrite() {
            written += 1;
            if (written === 3) await fsp.rename(source, `${source}-retirée`);
          },
        },
      },
    });
    const { jobId, dir } = await newJob(core, root);
    const total = (await core.client().call('ingest.scan', { jobId, source })).files;
    const r = await ingest(core, jobId, source);
    expect(r.verified).toBe(3);
    expect(r.failed).toHaveLength(total - 3);
    expect(new Set(r.failed.map((f) => f.reason))).toEqual(new Set(['la carte n’était plus accessible']));
    expect(r.safeToFormat).toBe(false);
    expect(r.verdict).toMatch(/NE PAS FORMATER/);
    await expectConsistent(core, jobId, dir);

    await fsp.rename(`${source}-retirée`, source);
    const again = await ingest(core, jobId, source);
    expect(again.verified + again.duplicates).toBe(total - 3);
    expect(again).toMatchObject({ failed: [], safeToFormat: true });
    await expectConsistent(core, jobId, dir);
    expect((await core.client().call('photos.list', { jobId })).total).toBe(total - 1);
  });

  it('stops cleanly with a clear message when the destination is full, keeping what was verified', async () => {
    const source = await cardCopy();
    let written = 0;
    let full = true;
    const { core, root } = await testCore({
      ingest: {
        copyConcurrency: 1,
        copyHooks: {
          afterWrite() {
            written += 1;
            if (full && written >= 3)
              throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
        },
      },
    });
    const { jobId, dir } = await newJob(core, root);
    const client = core.client();
    const total = (await client.call('ingest.scan', { jobId, source })).files;
    const { taskId } = await client.call('ingest.start', { jobId, source, backupDir: null });
    await core.tasks.idle(jobId);
    const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
    // The task stops with one message naming the job folder (not its staging folder) and what was kept.
    expect(task.status).toBe('failed');
    expect(task.error).toMatchObject({
      code: 'ingest_disk_full',
      params: { path: dir, card: 1, kept: 2, left: total - 2 },
    });
    expect(task.error!.message).toMatch(
      /^Disque plein : « .* » n’a plus de place\. Carte 1 : 2 fichiers copiés et vérifiés sont conservés ; \d+ fichiers? \(environ \d+ Mo\) (reste|restent) à copier : NE PAS FORMATER la carte\./,
    );
    const [card] = await client.call('ingest.cards', { jobId });
    expect(card).toMatchObject({ safeToFormat: false, verified: 2 });
    expect(card!.verdict).toContain(`NE PAS FORMATER — ${total - 2} fichier${total - 2 > 1 ? 's' : ''}`);
    expect(card!.verdict).toContain(`non copié : disque plein (« ${dir} »)`);
    await expectConsistent(core, jobId, dir);
    // No temporary copy left behind to fill the disk further.
    const incoming = await fsp.readdir(path.join(dir, 'originals', '.incoming'));
    expect(incoming.filter((n) => n.startsWith('.copy-'))).toEqual([]);

    full = false;
    const again = await ingest(core, jobId, source);
    expect(again).toMatchObject({ failed: [], safeToFormat: true });
    expect((await core.client().call('photos.list', { jobId })).total).toBe(total - 1);
  });

  it('puts back a registered photo whose final rename a power cut undid', async () => {
    const { core, root } = await testCore();
    const { jobId, dir } = await newJob(core, root);
    await ingest(core, jobId, cardB.root);
    const [photo] = (await core.client().call('photos.list', { jobId })).items;
    const { sha256 } = core.jobs
      .get(jobId)
      .db.prepare('SELECT sha256 FROM photo WHERE id = ?')
      .get(photo!.id) as {
      sha256: string;
    };
    const final = path.join(dir, 'originals', photo!.fileName);
    // As the disk may hold it after the power cut: still under its staged name.
    await fsp.rename(final, path.join(dir, 'originals', '.incoming', `${sha256.slice(0, 32)}-0badc0de.jpg`));

    await ingest(core, jobId, cardB.root);
    expect(sha(final)).toBe(sha256);
    expect(await fsp.readdir(path.join(dir, 'originals', '.incoming'))).toEqual([]);
  });

  it('keeps finished files when cancelled, and a later run finishes the card', async () => {
    const source = await cardCopy();
    let written = 0;
    let taskId = '';
    const { core, root } = await testCore({
      ingest: {
        copyConcurrency: 1,
        copyHooks: {
          afterWrite() {
            written += 1;
            if (written === 4) core.tasks.cancel(taskId);
          },
        },
      },
    });
    const { jobId, dir } = await newJob(core, root);
    const client = core.client();
    taskId = (await client.call('ingest.start', { jobId, source })).taskId;
    await core.tasks.idle(jobId);
    const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
    expect(task.status).toBe('cancelled');
    const [card] = await client.call('ingest.cards', { jobId });
    const kept = (await client.call('ingest.manifest', { jobId, cardId: card!.id })).filter(
      (e) => e.status === 'verified',
    );
    expect(kept.length).toBeGreaterThanOrEqual(3);
    await expectConsistent(core, jobId, dir);

    const done = await ingest(core, jobId, source);
    expect(done).toMatchObject({ failed: [], safeToFormat: true });
    await expectConsistent(core, jobId, dir);
    const total = (await client.call('ingest.scan', { jobId, source })).files;
    expect((await client.call('photos.list', { jobId })).total).toBe(total - 1);
  });

  it('registers two identical files copied side by side once, and keeps that one copy', async () => {
    const source = path.join(tempDir(), 'twins');
    await fsp.mkdir(source);
    const jpeg = await fsp.readFile(path.join(cardA.root, cardA.files[1]!.relPath));
    for (const n of ['IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0003.JPG', 'IMG_0004.JPG'])
      await fsp.writeFile(path.join(source, n), jpeg);
    const { core, root } = await testCore();
    const { jobId, dir } = await newJob(core, root);
    const r = await ingest(core, jobId, source);
    expect(r).toMatchObject({ verified: 1, duplicates: 3, photos: 1, failed: [], safeToFormat: true });
    await expectConsistent(core, jobId, dir);
    expect(await fsp.readdir(path.join(dir, 'originals', '.incoming'))).toEqual([]);
  });

  it('previews TIFF files, and says clearly which files cannot be previewed', async () => {
    const source = path.join(tempDir(), 'scans');
    await fsp.mkdir(source);
    await sharp(await fsp.readFile(path.join(cardA.root, cardA.files[2]!.relPath)))
      .tiff()
      .toFile(path.join(source, 'SCAN0001.TIF'));
    // A HEIF container whose image data is missing: the container is recognised, the picture is not.
    await fsp.writeFile(
      path.join(source, 'IMG_0001.HEIC'),
      Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]),
    );
    const { core, root } = await testCore();
    const { jobId } = await newJob(core, root);
    const r = await ingest(core, jobId, source);
    expect(r).toMatchObject({ verified: 2, failed: [], safeToFormat: true });
    const photos = (await core.client().call('photos.list', { jobId })).items;
    const tiff = photos.find((p) => p.originalName === 'SCAN0001.TIF')!;
    expect(tiff).toMatchObject({ kind: 'tiff', readable: true, hasPreview: true });
    const heic = photos.find((p) => p.originalName === 'IMG_0001.HEIC')!;
    expect(heic).toMatchObject({ kind: 'heif', readable: false, hasPreview: false });
    expect(heic.unreadableReason).toBeTruthy();
    expect(r.unreadable).toEqual([{ file: 'IMG_0001.HEIC', reason: heic.unreadableReason }]);
  });

  it('copies files with unusual names (accents, spaces, symbols) and names them safely', async () => {
    const source = path.join(tempDir(), 'photos de la classe');
    await fsp.mkdir(source);
    const names = ['Élève n°1 (été).jpg', 'a:b?c.JPG', 'クラス写真.jpeg'];
    const jpeg = await fsp.readFile(path.join(cardA.root, cardA.files[0]!.relPath));
    for (const [i, n] of names.entries())
      await fsp.writeFile(path.join(source, n), Buffer.concat([jpeg, Buffer.from([i])]));
    const { core, root } = await testCore();
    const { jobId, dir } = await newJob(core, root);
    const r = await ingest(core, jobId, source);
    expect(r).toMatchObject({ verified: 3, photos: 3, failed: [], safeToFormat: true });
    const photos = (await core.client().call('photos.list', { jobId })).items;
    expect(photos.map((p) => p.originalName).sort()).toEqual([...names].sort());
    for (const p of photos) expect(p.fileName).toMatch(/^[^\\/:*?"<>|]+$/);
    await expectConsistent(core, jobId, dir);
  });
});

/** Which corner of an image is red (the generator's marker). */
async function redCorner(file: string): Promise<string> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return data[i]! > 180 && data[i + 1]! < 90 && data[i + 2]! < 90;
  };
  const m = 2;
  const corners: [string, number, number][] = [
    ['top-left', m, m],
    ['top-right', info.width - 1 - m, m],
    ['bottom-left', m, info.height - 1 - m],
    ['bottom-right', info.width - 1 - m, info.height - 1 - m],
  ];
  const red = corners.filter(([, x, y]) => at(x, y)).map(([n]) => n);
  return red.length === 1 ? red[0]! : `none or many: ${red.join(',')}`;
}
