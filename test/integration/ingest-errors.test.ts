/**
 * The errors a photographer meets on shoot day, against real files: a destination that cannot be
 * written (from the start, or going read-only in the middle), a path longer than the system accepts,
 * a file vanishing from the card during the copy. Each gives a clear message (French, and English
 * when the studio is set to English), keeps everything already verified, and never says the card
 * can be formatted while one of its files is not safely copied.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestResultSchema, type IngestResult } from '../../src/shared/domain/ingest';
import type { Core } from '../../src/main/core/core';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { readOnlyDir } from '../helpers/read-only-dir';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let fixtures: string;
let cardTemplate: string;
let cardFiles = 0;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, this card serves the whole file.
  fixtures = await fsp.mkdtemp(path.join(os.tmpdir(), 'preau-error-cards-'));
  cardTemplate = path.join(fixtures, 'EOS_DIGITAL');
  const card = await generateCard(cardTemplate, {
    camera: CAMERAS.a,
    shots: schoolDay({ classes: 1, studentsPerClass: 6, burst: 1, width: 120, height: 80 }),
  });
  cardFiles = card.files.length;
}, 60_000);

afterAll(async () => {
  await fsp.rm(fixtures, { recursive: true, force: true });
});

/** A fresh copy of the card for one test (tests may take files away from it). */
async function cardCopy(): Promise<string> {
  const dir = path.join(tempDir(), 'EOS_DIGITAL');
  await fsp.cp(cardTemplate, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

async function newJob(core: Core, root: string): Promise<{ jobId: string; dir: string }> {
  const dir = path.join(root, 'job');
  const job = await core.client().call('jobs.create', {
    dir,
    schoolName: 'École Jean Moulin',
    town: 'Nantes',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  return { jobId: job.id, dir };
}

async function runIngest(core: Core, jobId: string, source: string, backupDir: string | null = null) {
  const client = core.client();
  const { taskId } = await client.call('ingest.start', { jobId, source, backupDir });
  await core.tasks.idle(jobId);
  return (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
}

async function ingestOk(core: Core, jobId: string, source: string, backupDir: string | null = null) {
  const task = await runIngest(core, jobId, source, backupDir);
  expect(task.error).toBeNull();
  expect(task.status).toBe('done');
  return ingestResultSchema.parse(task.result);
}

/** Every verified copy in the manifest is still on disk, whole, in each of its places. */
async function expectVerifiedKept(core: Core, jobId: string, dir: string): Promise<void> {
  const [card] = await core.client().call('ingest.cards', { jobId });
  const entries = await core.client().call('ingest.manifest', { jobId, cardId: card!.id });
  const verified = entries.filter((e) => e.status === 'verified');
  expect(verified.length).toBeGreaterThan(0);
  const job = path.join(dir, 'originals');
  const onDisk = new Set<string>();
  for (const name of await fsp.readdir(job)) if (!name.startsWith('.')) onDisk.add(sha(path.join(job, name)));
  for (const name of await fsp.readdir(path.join(job, '.incoming')))
    if (!name.startsWith('.copy-')) onDisk.add(sha(path.join(job, '.incoming', name)));
  for (const e of verified) expect(onDisk.has(e.sha256!)).toBe(true);
}

/** A folder that can be switched to read-only while an ingest writes into it (a tmpfs as root). */
function lockableDir(parent: string): { dir: string; lock(): void; unlock(): void } {
  const dir = path.join(parent, 'backup-drive');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]);
    unmounts.push(dir);
    return {
      dir,
      lock: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
      unlock: () => execFileSync('mount', ['-o', 'remount,rw', dir]),
    };
  }
  const chmodAll = (mode: string) => execFileSync('chmod', ['-R', mode, dir]);
  return { dir, lock: () => chmodAll('a-w'), unlock: () => chmodAll('u+w') };
}
const unmounts: string[] = [];
afterEach(() => {
  for (const dir of unmounts.splice(0)) execFileSync('umount', [dir]);
});

describe('ingest errors', () => {
  it('refuses a read-only backup destination before copying anything, in French then English', async () => {
    const source = await cardCopy();
    const { core, root } = await testCore();
    const { jobId, dir } = await newJob(core, root);
    const backup = readOnlyDir(root);

    const task = await runIngest(core, jobId, source, backup);
    expect(task.status).toBe('failed');
    expect(task.error?.message).toBe(
      `Impossible d’écrire dans « ${path.join(backup, 'job', 'originals')} » (lecture seule ou droits insuffisants). Choisissez un autre dossier ou vérifiez les droits.`,
    );
    expect((await fsp.readdir(path.join(dir, 'originals'))).filter((n) => !n.startsWith('.'))).toEqual([]);

    await core.client().call('settings.update', { language: 'en' });
    const again = await runIngest(core, jobId, source, backup);
    expect(again.error?.message).toMatch(/^Cannot write to “.*” \(read-only or not enough rights\)/);
  });

  it('stops with a clear message when the backup drive turns read-only mid-copy, keeping every verified file', async () => {
    const source = await cardCopy();
    let written = 0;
    const backup = lockableDir(tempDir());
    const { core, root } = await testCore({
      ingest: {
        copyConcurrency: 1,
        copyHooks: {
          afterWrite() {
            written += 1;
            if (written === 3) backup.lock();
          },
        },
      },
    });
    const { jobId, dir } = await newJob(core, root);
    const r = await ingestOk(core, jobId, source, backup.dir);

    expect(r.verified).toBe(2);
    expect(r.failed).toHaveLength(cardFiles - 2);
    const backupOriginals = path.join(backup.dir, 'job', 'originals');
    expect(new Set(r.failed.map((f) => f.reason))).toEqual(
      new Set([
        `Impossible d’écrire dans « ${backupOriginals} » (lecture seule ou droits insuffisants). Choisissez un autre dossier ou vérifiez les droits.`,
      ]),
    );
    expect(r.safeToFormat).toBe(false);
    expect(r.verdict.startsWith(`Carte 1 (boîtier A) : NE PAS FORMATER — ${cardFiles - 2} fichiers`)).toBe(
      true,
    );
    await expectVerifiedKept(core, jobId, dir);

    // Once the drive is writable again, the same card finishes: nothing was lost, nothing doubled.
    backup.unlock();
    const again = await ingestOk(core, jobId, source, backup.dir);
    expect(again).toMatchObject({ failed: [], safeToFormat: true, verified: cardFiles - 2 });
    const photos = (await core.client().call('photos.list', { jobId })).items;
    expect(photos).toHaveLength(cardFiles);
    for (const p of photos)
      expect(sha(path.join(backupOriginals, p.fileName))).toBe(sha(path.join(dir, 'originals', p.fileName)));
  });

  it('names a file whose path is too long for the system, copies the others, and says not to format', async () => {
    const source = await cardCopy();
    // Folders nested deeper than the system's path limit (as copied from a server), a photo at the bottom.
    const segment = 'x'.repeat(200);
    const deep = [path.join(source, 'DCIM', '100CANON'), ...Array<string>(24).fill(segment)].join('/');
    const first = path.join(
      source,
      'DCIM',
      '100CANON',
      (await fsp.readdir(path.join(source, 'DCIM', '100CANON')))[0]!,
    );
    execFileSync('bash', [
      '-c',
      'cd "$1" && for i in $(seq 24); do mkdir "$2" && cd "$2"; done && cp "$3" IMG_9999.JPG',
      'bash',
      path.join(source, 'DCIM', '100CANON'),
      segment,
      first,
    ]);
    expect(deep.length).toBeGreaterThan(4096);
    try {
      const { core, root } = await testCore();
      const { jobId, dir } = await newJob(core, root);
      const r = await ingestOk(core, jobId, source);
      expect(r.verified).toBe(cardFiles);
      expect(r.failed).toHaveLength(1);
      expect(r.failed[0]!.file.startsWith(`DCIM/100CANON/${segment}/`)).toBe(true);
      expect(r.failed[0]!.reason).toBe(
        'nom ou chemin trop long pour le système (ENAMETOOLONG) : fichier non copié ; copiez-le à la main avant de formater la carte',
      );
      expect(r.safeToFormat).toBe(false);
      expect(r.verdict).toMatch(/NE PAS FORMATER — 1 fichier non copié/);
      await expectVerifiedKept(core, jobId, dir);

      // The command line, with the studio in English: the same facts in English.
      const { dataDir, libraryDir } = await testCore();
      const settingsCore = await testCore({ dataDir, libraryDir });
      await settingsCore.core.client().call('settings.update', { language: 'en' });
      await settingsCore.core.close();
      const cli = await runCli([
        '--data',
        dataDir,
        '--library',
        libraryDir,
        'ingest',
        source,
        '--job',
        path.join(root, 'job-cli'),
      ]);
      expect(cli.code).toBe(1);
      expect(cli.err).toContain(
        `FAILED: ${r.failed[0]!.file} — name or path too long for the system (ENAMETOOLONG): file not copied; copy it by hand before formatting the card`,
      );
      expect(cli.out).toMatch(/^Card 1 \(camera A\): DO NOT FORMAT — 1 file not copied/);
      expect(cli.out).toContain(
        `${cardFiles} files copied and verified, 0 duplicates, ${cardFiles} photos.`,
      );
    } finally {
      // Node cannot remove a tree deeper than the path limit; rm walks it folder by folder.
      execFileSync('rm', ['-rf', path.join(source, 'DCIM', '100CANON', segment)]);
    }
  });

  it('reports a file that vanished from the card during the copy, in English, and keeps the rest', async () => {
    const source = await cardCopy();
    const names = (await fsp.readdir(path.join(source, 'DCIM', '100CANON'))).sort();
    let written = 0;
    const { core, root } = await testCore({
      ingest: {
        copyConcurrency: 1,
        copyHooks: {
          async afterWrite() {
            written += 1;
            // The card is still there, but the next file can no longer be read.
            if (written === 2) await fsp.rm(path.join(source, 'DCIM', '100CANON', names[2]!));
          },
        },
      },
    });
    await core.client().call('settings.update', { language: 'en' });
    const { jobId, dir } = await newJob(core, root);
    const r: IngestResult = await ingestOk(core, jobId, source);
    expect(r.verified).toBe(cardFiles - 1);
    expect(r.failed).toEqual([
      {
        file: `DCIM/100CANON/${names[2]}`,
        reason:
          'cannot read from the card (ENOENT): file not copied; check the card and the reader, then restart the import',
      },
    ]);
    expect(r.safeToFormat).toBe(false);
    expect(r.verdict).toMatch(/^Card 1 \(camera A\): DO NOT FORMAT — 1 file not copied or not verified/);
    await expectVerifiedKept(core, jobId, dir);
    expect((await core.client().call('photos.list', { jobId })).total).toBe(cardFiles - 1);
  });
});
