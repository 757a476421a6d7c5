/**
 * A card inserted again is judged on the copies as they are now, against real files: an original
 * deleted from the job or a backup copy with one byte flipped is made again from the card and
 * verified before « peut être formatée »; a copy the card can no longer give back (its bytes
 * changed, the file unreadable, the backup drive absent) keeps the card at « NE PAS FORMATER »
 * naming the file, and the manifest never claims a place that does not hold the file. Copies that
 * were purged on purpose are not brought back.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestResultSchema, manifestEntrySchema, type IngestResult } from '../../src/shared/domain/ingest';
import type { Core } from '../../src/main/core/core';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let fixtures: string;
let template: string;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, this card serves the whole file.
  fixtures = await fsp.mkdtemp(path.join(os.tmpdir(), 'preau-recheck-cards-'));
  template = path.join(fixtures, 'EOS_DIGITAL');
  await generateCard(template, {
    camera: CAMERAS.a,
    shots: schoolDay({ classes: 1, studentsPerClass: 3, burst: 2, width: 120, height: 80 }),
  });
  // The same photo twice on the card (copied over by hand): the second is a duplicate.
  await fsp.mkdir(path.join(template, 'DCIM/102CANON'));
  await fsp.copyFile(
    path.join(template, 'DCIM/100CANON/IMG_0002.JPG'),
    path.join(template, 'DCIM/102CANON/IMG_0500.JPG'),
  );
}, 60_000);

afterAll(async () => {
  await fsp.rm(fixtures, { recursive: true, force: true });
});

/** A fresh copy of the card for one test (tests change files on it). */
async function cardCopy(): Promise<string> {
  const dir = path.join(tempDir(), 'EOS_DIGITAL');
  await fsp.cp(template, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

async function runIngest(core: Core, jobId: string, source: string, backupDir: string | null) {
  const client = core.client();
  const { taskId } = await client.call('ingest.start', { jobId, source, backupDir });
  await core.tasks.idle(jobId);
  const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
  expect(task.error).toBeNull();
  expect(task.status).toBe('done');
  return ingestResultSchema.parse(task.result);
}

interface Shoot {
  core: Core;
  jobId: string;
  dir: string;
  backup: string;
  card: string;
  first: IngestResult;
  /** One photo of the card: its name on the card, its file in the job and in the backup, its hash. */
  photo: { originalName: string; original: string; backupCopy: string; sha256: string };
}

async function ingestedShoot(options: { copyConcurrency?: number; afterWrite?: () => Promise<void> } = {}) {
  const card = await cardCopy();
  const { core, root } = await testCore({
    ingest: {
      ...(options.copyConcurrency ? { copyConcurrency: options.copyConcurrency } : {}),
      ...(options.afterWrite ? { copyHooks: { afterWrite: options.afterWrite } } : {}),
    },
  });
  const dir = path.join(root, 'job');
  const { id: jobId } = await core.client().call('jobs.create', {
    dir,
    schoolName: 'École Louise Michel',
    town: 'Rennes',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const backup = path.join(root, 'sauvegarde');
  await fsp.mkdir(backup);
  const first = await runIngest(core, jobId, card, backup);
  expect(first).toMatchObject({ safeToFormat: true, failed: [] });
  const photos = (await core.client().call('photos.list', { jobId })).items;
  const p = photos.find((x) => x.originalName === 'DCIM/100CANON/IMG_0004.JPG')!;
  const original = path.join(dir, 'originals', p.fileName);
  const photo = {
    originalName: p.originalName,
    original,
    backupCopy: path.join(backup, 'job', 'originals', p.fileName),
    sha256: sha(original),
  };
  return { core, jobId, dir, backup, card, first, photo } satisfies Shoot;
}

/** The manifest file as written in the job folder, each entry checked against the schema. */
function manifestFile(dir: string) {
  const json = JSON.parse(readFileSync(path.join(dir, 'manifests', 'carte-01.json'), 'utf8')) as {
    safeToFormat: boolean;
    verdict: string;
    files: unknown[];
  };
  return { ...json, files: json.files.map((f) => manifestEntrySchema.parse(f)) };
}

/** Every place the manifest (as the app shows it, and as the file says) claims holds the file's bytes. */
async function expectManifestTrue(s: Shoot): Promise<void> {
  const [card] = await s.core.client().call('ingest.cards', { jobId: s.jobId });
  const shown = await s.core.client().call('ingest.manifest', { jobId: s.jobId, cardId: card!.id });
  for (const entries of [shown, manifestFile(s.dir).files])
    for (const e of entries)
      for (const d of e.destinations) {
        expect(existsSync(d), `${e.file} claimed in ${d}`).toBe(true);
        expect(sha(d), `${e.file} in ${d}`).toBe(e.sha256);
      }
}

/** Whether the card was ever shown as safe to format while `file` did not hold `sha256`. */
function watchSafeClaims(s: Shoot, file: string, sha256: string): { early: string[] } {
  const seen = { early: [] as string[] };
  s.core.events.on((frame) => {
    const p = frame.payload as { entity?: string };
    if (frame.name !== 'data.changed' || p.entity !== 'cards') return;
    const card = s.core.jobs.get(s.jobId).db.prepare('SELECT safe_to_format, verdict FROM card').get() as {
      safe_to_format: number;
      verdict: string | null;
    };
    if (card.safe_to_format === 1 && (!existsSync(file) || sha(file) !== sha256))
      seen.early.push(card.verdict ?? '');
  });
  return seen;
}

describe('a card inserted again', () => {
  it('makes an original deleted from the job again from the card before saying it can be formatted', async () => {
    const s = await ingestedShoot();
    await fsp.rm(s.photo.original);
    const claims = watchSafeClaims(s, s.photo.original, s.photo.sha256);

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);

    expect(existsSync(s.photo.original) && sha(s.photo.original)).toBe(s.photo.sha256);
    expect(claims.early).toEqual([]);
    expect(again).toMatchObject({ copied: 0, safeToFormat: true, failed: [] });
    expect(again.repaired).toEqual([
      {
        file: s.photo.originalName,
        reason: `copie absente de « ${path.join(s.dir, 'originals')} » : refaite depuis la carte et vérifiée`,
      },
    ]);
    expect(again.verdict).toBe(
      'Carte 1 (boîtier A) copiée et vérifiée — peut être formatée. 1 copie manquante ou endommagée refaite depuis la carte et vérifiée.',
    );
    // The backup copy was whole: left as it was.
    expect(sha(s.photo.backupCopy)).toBe(s.photo.sha256);
    await expectManifestTrue(s);
    expect(manifestFile(s.dir)).toMatchObject({ safeToFormat: true, verdict: again.verdict });

    // Inserted once more: everything is whole, nothing to repair, the plain verdict.
    const third = await runIngest(s.core, s.jobId, s.card, s.backup);
    expect(third).toMatchObject({ repaired: [], safeToFormat: true });
    expect(third.verdict).toBe('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');
  });

  it('repairs a backup copy with one byte flipped the same way, and says so on the command line', async () => {
    const s = await ingestedShoot();
    const bytes = await fsp.readFile(s.photo.backupCopy);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await fsp.writeFile(s.photo.backupCopy, bytes);
    const claims = watchSafeClaims(s, s.photo.backupCopy, s.photo.sha256);

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);

    expect(sha(s.photo.backupCopy)).toBe(s.photo.sha256);
    expect(sha(s.photo.original)).toBe(s.photo.sha256);
    expect(claims.early).toEqual([]);
    expect(again).toMatchObject({ safeToFormat: true, failed: [] });
    expect(again.repaired).toEqual([
      {
        file: s.photo.originalName,
        reason: `copie endommagée dans « ${path.join(s.backup, 'job', 'originals')} » (empreinte différente) : refaite depuis la carte et vérifiée`,
      },
    ]);
    await expectManifestTrue(s);

    // The same through `preau ingest`, on a job whose original was deleted: the repair is printed.
    const root = tempDir();
    const job = path.join(root, 'job-cli');
    const cli = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
    const first = await runCli([...cli, 'ingest', s.card, '--job', job]);
    expect(first.code).toBe(0);
    const victim = (await fsp.readdir(path.join(job, 'originals'))).find((n) => n.endsWith('.JPG'))!;
    await fsp.rm(path.join(job, 'originals', victim));
    const second = await runCli([...cli, 'ingest', s.card, '--job', job, '--json']);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(
      /peut être formatée\. 1 copie manquante ou endommagée refaite/,
    );
    expect(second.err).toMatch(
      / {2}réparé : DCIM\/\d+CANON\/IMG_\d+\.JPG — copie absente de « .* » : refaite/,
    );
    const summary = JSON.parse(second.out.trim().split('\n').at(-1)!) as { repaired: unknown[] };
    expect(summary).toMatchObject({ copied: 0, safeToFormat: true });
    expect(summary.repaired).toHaveLength(1);
    expect(existsSync(path.join(job, 'originals', victim))).toBe(true);
  });

  it('says NE PAS FORMATER naming the file when the card no longer holds its bytes, and stops claiming the lost copy', async () => {
    const s = await ingestedShoot();
    await fsp.rm(s.photo.original);
    // The card gives back other bytes for that file (a failing card), same size and date.
    const onCard = path.join(s.card, s.photo.originalName);
    const { mtime } = await fsp.stat(onCard);
    const bytes = await fsp.readFile(onCard);
    bytes[bytes.length - 10]! ^= 0xff;
    await fsp.writeFile(onCard, bytes);
    await fsp.utimes(onCard, mtime, mtime);

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);

    expect(again.safeToFormat).toBe(false);
    expect(again.repaired).toEqual([]);
    const reason = `copie absente de « ${path.join(s.dir, 'originals')} », et impossible à refaire : la carte ne contient plus les mêmes octets qu’à la première copie (carte endommagée ?) ; copiez ce fichier à la main avant de formater`;
    expect(again.failed).toEqual([{ file: s.photo.originalName, reason }]);
    expect(again.verdict).toBe(
      `Carte 1 (boîtier A) : NE PAS FORMATER — 1 fichier non copié ou non vérifié : ${s.photo.originalName} (${reason}).`,
    );
    expect(existsSync(s.photo.original)).toBe(false);
    // The manifest keeps the whole backup copy and no longer claims the lost one.
    const entry = manifestFile(s.dir).files.find((e) => e.file === s.photo.originalName)!;
    expect(entry).toMatchObject({ status: 'failed', reason, destinations: [s.photo.backupCopy] });
    await expectManifestTrue(s);
    const [card] = await s.core.client().call('ingest.cards', { jobId: s.jobId });
    expect(card).toMatchObject({ safeToFormat: false, failed: 1 });

    // The card read right again (reseated in the reader): the copy is made again and the card is safe.
    bytes[bytes.length - 10]! ^= 0xff;
    await fsp.writeFile(onCard, bytes);
    await fsp.utimes(onCard, mtime, mtime);
    const fixed = await runIngest(s.core, s.jobId, s.card, s.backup);
    expect(fixed).toMatchObject({ safeToFormat: true, failed: [] });
    expect(fixed.repaired.map((r) => r.file)).toEqual([s.photo.originalName]);
    expect(sha(s.photo.original)).toBe(s.photo.sha256);
    await expectManifestTrue(s);
  });

  it('says NE PAS FORMATER naming a file the card cannot read any more, and repairs the others', async () => {
    let card = '';
    let armed = false;
    const s = await ingestedShoot({
      copyConcurrency: 1,
      async afterWrite() {
        // After the first repair is written, the second file can no longer be read from the card.
        if (!armed) return;
        armed = false;
        await fsp.rm(path.join(card, 'DCIM/100CANON/IMG_0006.JPG'));
      },
    });
    card = s.card;
    const photos = (await s.core.client().call('photos.list', { jobId: s.jobId })).items;
    const names = ['DCIM/100CANON/IMG_0005.JPG', 'DCIM/100CANON/IMG_0006.JPG'];
    for (const n of names)
      await fsp.rm(path.join(s.dir, 'originals', photos.find((p) => p.originalName === n)!.fileName));
    armed = true;

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);

    expect(again.safeToFormat).toBe(false);
    expect(again.repaired.map((r) => r.file)).toEqual([names[0]]);
    expect(again.failed.map((f) => f.file)).toEqual([names[1]]);
    expect(again.failed[0]!.reason).toBe(
      `copie absente de « ${path.join(s.dir, 'originals')} », et impossible à refaire : lecture impossible sur la carte (ENOENT) : fichier non copié ; vérifiez la carte et le lecteur, puis relancez l’import`,
    );
    expect(again.verdict).toMatch(
      /^Carte 1 \(boîtier A\) : NE PAS FORMATER — 1 fichier .*IMG_0006\.JPG/,
    );
    await expectManifestTrue(s);
  });

  it('repairs a lost original from the duplicate of it on the card when the first file is gone', async () => {
    const s = await ingestedShoot();
    const photos = (await s.core.client().call('photos.list', { jobId: s.jobId })).items;
    const held = photos.find((p) => p.originalName === 'DCIM/100CANON/IMG_0002.JPG')!;
    const original = path.join(s.dir, 'originals', held.fileName);
    const bytes = sha(original);
    await fsp.rm(original);
    await fsp.rm(path.join(s.card, 'DCIM/100CANON/IMG_0002.JPG'));

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);

    expect(sha(original)).toBe(bytes);
    expect(again).toMatchObject({ safeToFormat: true, failed: [] });
    expect(again.repaired.map((r) => r.file)).toEqual(['DCIM/102CANON/IMG_0500.JPG']);
    await expectManifestTrue(s);
  });

  it('checks the copies behind a card that looks new (its first photo deleted in the camera) before calling it safe', async () => {
    const s = await ingestedShoot();
    await fsp.rm(s.photo.original);
    // Deleting the first photo in the camera changes how the card is recognised: every file on it
    // is then a duplicate of a photo the job already holds.
    await fsp.rm(path.join(s.card, 'DCIM/100CANON/IMG_0001.JPG'));
    const claims = watchSafeClaims(s, s.photo.original, s.photo.sha256);

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);

    expect(existsSync(s.photo.original) && sha(s.photo.original)).toBe(s.photo.sha256);
    expect(claims.early).toEqual([]);
    expect(again).toMatchObject({ cardNumber: 2, verified: 0, safeToFormat: true, failed: [] });
    expect(again.duplicates).toBe(s.first.verified + s.first.duplicates - 1);
    expect(again.repaired.map((r) => r.file)).toEqual([s.photo.originalName]);
  });

  it('does not call the card safe while the backup drive holding its copies is absent', async () => {
    const s = await ingestedShoot();
    await fsp.rename(s.backup, `${s.backup}-débranchée`);

    const without = await runIngest(s.core, s.jobId, s.card, null);
    expect(without.safeToFormat).toBe(false);
    expect(without.failed).toHaveLength(s.first.verified + s.first.duplicates);
    expect(without.failed[0]!.reason).toBe(
      `copie absente de « ${path.join(s.backup, 'job', 'originals')} », et impossible à refaire : le dossier « ${path.join(s.backup, 'job', 'originals')} » n’est pas accessible (disque de sauvegarde débranché ?) ; branchez-le et relancez l’import`,
    );
    // Still registered (a purge must reach it when the drive is back), but not claimed by the manifest.
    for (const e of manifestFile(s.dir).files)
      expect(e.destinations.every((d) => d.startsWith(s.dir))).toBe(true);

    await fsp.rename(`${s.backup}-débranchée`, s.backup);
    const back = await runIngest(s.core, s.jobId, s.card, s.backup);
    expect(back).toMatchObject({ safeToFormat: true, failed: [], repaired: [] });
    await expectManifestTrue(s);
    const entry = manifestFile(s.dir).files.find((e) => e.file === s.photo.originalName)!;
    expect(entry.destinations).toEqual([s.photo.original, s.photo.backupCopy]);
  });

  it('does not bring back copies purged on purpose', async () => {
    const s = await ingestedShoot();
    const report = await s.core.client().call('retention.purge', { jobId: s.jobId, dryRun: false });
    expect(report.failures).toEqual([]);

    const again = await runIngest(s.core, s.jobId, s.card, s.backup);
    expect(again).toMatchObject({ copied: 0, repaired: [], failed: [], safeToFormat: true });
    const left = async (d: string) => (await fsp.readdir(d)).filter((n) => !n.startsWith('.'));
    expect(await left(path.join(s.dir, 'originals'))).toEqual([]);
    expect(await left(path.join(s.backup, 'job', 'originals'))).toEqual([]);
  });
});
