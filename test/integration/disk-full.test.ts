/**
 * A full disk is a message, not a crash, on a real small disk: a tmpfs mounted by the test (as root;
 * skipped with one line otherwise). The card ingest, with the job or the backup on that disk, stops
 * with « Disque plein : … » naming the folder the user chose and what was kept, leaves the task
 * ended (not « running ») and the card not safe, and goes on from there once there is room. The
 * order forms build, writing its PDFs to a full disk, says the same and leaves the previous PDFs
 * whole. The command line prints the message without a stack.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  promises as fsp,
  readFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FormPose } from '../../src/shared/domain/order-form';
import { ingestResultSchema } from '../../src/shared/domain/ingest';
import { createCore, type Core } from '../../src/main/core/core';
import { noPoses, type PoseSource } from '../../src/main/core/forms/pose-source';
import { silentLogger } from '../../src/main/lib/logger';
import { giveConsent } from '../fixtures/consent';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

const isRoot = process.getuid?.() === 0;
if (!isRoot)
  process.stderr.write(
    'disk-full.test.ts: skipped, mounting a small tmpfs needs root (run the suite as root).\n',
  );

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const mounted: string[] = [];
/** A folder on its own small disk. */
function smallDisk(size: string): string {
  const dir = path.join(tempDir(), 'petit-disque');
  mkdirSync(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}
const grow = (dir: string) => execFileSync('mount', ['-o', 'remount,size=64m', dir]);
const unmountAll = () => {
  for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir]);
};
afterEach(unmountAll);
afterAll(unmountAll);

/** Fills the disk of `dir` to the last byte. */
function fill(dir: string): void {
  const fd = openSync(path.join(dir, 'remplissage.bin'), 'w');
  const chunk = Buffer.alloc(256 * 1024, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

let fixtures: string;
let card: string;
let cardFiles: string[] = [];

beforeAll(async () => {
  fixtures = await fsp.mkdtemp(path.join(os.tmpdir(), 'preau-full-disk-'));
  card = path.join(fixtures, 'EOS_DIGITAL');
  // About 3 MB of photos: far more than the small disks below hold.
  const generated = await generateCard(card, {
    camera: CAMERAS.a,
    shots: schoolDay({ classes: 1, studentsPerClass: 5, burst: 2, width: 900, height: 600 }),
  });
  cardFiles = generated.files.map((f) => f.relPath);
}, 120_000);

afterAll(async () => {
  await fsp.rm(fixtures, { recursive: true, force: true });
});

/**
 * Every file the manifest lists as verified is whole in each place it names: its final places, or,
 * not placed yet, its staged copy (or the final name it was being moved to when the disk filled).
 */
function expectVerifiedWhole(core: Core, jobId: string): number {
  const db = core.jobs.get(jobId).db;
  const rows = db
    .prepare(
      "SELECT rel_path, sha256, staged, destinations, final_name FROM card_file WHERE status = 'verified'",
    )
    .all() as {
    rel_path: string;
    sha256: string;
    staged: string;
    destinations: string;
    final_name: string | null;
  }[];
  for (const r of rows) {
    const places =
      r.destinations !== '[]'
        ? (JSON.parse(r.destinations) as string[])
        : (JSON.parse(r.staged) as string[]).map((s) =>
            existsSync(s) || !r.final_name ? s : path.join(path.dirname(path.dirname(s)), r.final_name),
          );
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(sha(p), r.rel_path).toBe(r.sha256);
    expect(sha(path.join(card, r.rel_path))).toBe(r.sha256);
  }
  return rows.length;
}

describe.skipIf(!isRoot)('a full disk', () => {
  it('stops `preau ingest` with « Disque plein » naming the job folder, then the same card finishes once there is room', async () => {
    const disk = smallDisk('2m');
    const job = path.join(disk, 'École Jean Jaurès');
    const root = tempDir();
    const cli = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];

    const full = await runCli([...cli, 'ingest', card, '--job', job]);
    expect(full.code).toBe(1);
    expect(full.err).toContain(`Erreur : Disque plein : « ${job} » n’a plus de place. Carte 1 : `);
    expect(full.err).toMatch(
      /(fichier copié et vérifié est conservé|fichiers copiés et vérifiés sont conservés) ; \d+ (fichier \(environ \d+ Mo\) reste|fichiers \(environ \d+ Mo\) restent) à copier : NE PAS FORMATER la carte\./,
    );
    expect(full.err).toContain('relancez l’import : seuls les fichiers manquants seront copiés.');
    expect(full.err).not.toMatch(
      /\n\s+at |SQLITE_FULL|ENOSPC|\.incoming|job\.preau\.sqlite|Erreur inattendue/,
    );

    // Opened again (where a task the full database could not close resumes, and may meet the full
    // disk again): the task has ended, failed with the message, nothing is left « running », and
    // everything verified is whole; the card is safe only if every one of its files is.
    const core = await createCore({
      dataDir: path.join(root, 'data'),
      libraryDir: path.join(root, 'lib'),
      host: 'test',
      logger: silentLogger,
    });
    try {
      const client = core.client();
      const { id: jobId } = await client.call('jobs.open', { path: job });
      await core.tasks.idle(jobId);
      const tasks = await client.call('tasks.list', { jobId });
      expect(tasks.map((t) => t.status)).toEqual(['failed']);
      expect(tasks[0]!.error?.code).toMatch(/^ingest_disk_full/);
      const [cardRow] = await client.call('ingest.cards', { jobId });
      const verified = expectVerifiedWhole(core, jobId);
      if (cardRow?.safeToFormat) expect(verified).toBe(cardFiles.length);
      else expect(tasks[0]!.error?.code).toBe('ingest_disk_full');
      expect(
        (await fsp.readdir(path.join(job, 'originals', '.incoming'))).filter((n) => n.startsWith('.copy-')),
      ).toEqual([]);
    } finally {
      await core.close();
    }

    grow(disk);
    const done = await runCli([...cli, 'ingest', card, '--job', job, '--json']);
    expect(done.err).toContain('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');
    expect(done.code).toBe(0);
    const names = (await fsp.readdir(path.join(job, 'originals'))).filter((n) => !n.startsWith('.'));
    expect(names).toHaveLength(cardFiles.length);
    const onCard = new Set(cardFiles.map((f) => sha(path.join(card, f))));
    for (const n of names) expect(onCard.has(sha(path.join(job, 'originals', n)))).toBe(true);
  });

  it('stops with « Disque plein » naming the backup folder the user chose, keeps what was verified, and resumes', async () => {
    const backup = smallDisk('1m');
    const { core, root } = await testCore();
    const client = core.client();
    const dir = path.join(root, 'job');
    const { id: jobId } = await client.call('jobs.create', {
      dir,
      schoolName: 'École Jean Jaurès',
      town: 'Albi',
      schoolYear: '2026-2027',
      shootDates: [],
    });

    const { taskId } = await client.call('ingest.start', { jobId, source: card, backupDir: backup });
    await core.tasks.idle(jobId);
    const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId)!;
    expect(task.status).toBe('failed');
    expect(task.error?.code).toBe('ingest_disk_full');
    expect(task.error?.message).toMatch(
      new RegExp(
        `^Disque plein : « ${backup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} » n’a plus de place\\. Carte 1 : \\d+ (fichier copié et vérifié est conservé|fichiers copiés et vérifiés sont conservés)`,
      ),
    );
    const kept = expectVerifiedWhole(core, jobId);
    expect(task.error?.params).toMatchObject({ kept, left: cardFiles.length - kept });
    const [cardRow] = await client.call('ingest.cards', { jobId });
    expect(cardRow).toMatchObject({ safeToFormat: false });
    expect(cardRow!.verdict).toContain(`non copié : disque plein (« ${backup} »)`);
    expect(
      (await fsp.readdir(path.join(backup, 'job', 'originals', '.incoming'))).filter((n) =>
        n.startsWith('.copy-'),
      ),
    ).toEqual([]);

    grow(backup);
    const { taskId: again } = await client.call('ingest.start', { jobId, source: card, backupDir: backup });
    await core.tasks.idle(jobId);
    const second = (await client.call('tasks.list', { jobId })).find((t) => t.id === again)!;
    expect(second.error).toBeNull();
    const r = ingestResultSchema.parse(second.result);
    expect(r).toMatchObject({ safeToFormat: true, failed: [], verified: cardFiles.length - kept });
    const photos = (await client.call('photos.list', { jobId })).items;
    expect(photos).toHaveLength(cardFiles.length);
    for (const p of photos)
      expect(sha(path.join(backup, 'job', 'originals', p.fileName))).toBe(
        sha(path.join(dir, 'originals', p.fileName)),
      );
    await core.close();
  });

  it('stops the order forms build with « Disque plein » naming its folder, leaving the previous PDFs whole', async () => {
    const poses = new Map<string, FormPose[]>();
    const source: PoseSource = { ...noPoses, posesOf: () => Promise.resolve(poses) };
    const { core, root } = await testCore({ poseSource: source });
    const client = core.client();
    const dir = path.join(root, 'job');
    const { id: jobId } = await client.call('jobs.create', {
      dir,
      schoolName: 'École Jean Jaurès',
      town: 'Albi',
      schoolYear: '2026-2027',
      shootDates: [],
    });
    await client.call('school.update', {
      jobId,
      patch: { association: { legalName: 'APE Jean Jaurès', chequePayee: 'APE Jean Jaurès' } },
    });
    const cls = await client.call('classes.add', { jobId, label: 'CM1' });
    const images: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const p = path.join(root, `pose-${i}.jpg`);
      await sharp({
        create: { width: 800, height: 1000, channels: 3, background: { r: 90 + i * 60, g: 120, b: 160 } },
      })
        .jpeg()
        .toFile(p);
      images.push(p);
    }
    for (const [family, first] of [
      ['Moreau', 'Inès'],
      ['Petit', 'Noah'],
    ] as const) {
      const s = await client.call('students.add', {
        jobId,
        classId: cls.id,
        familyName: family,
        firstName: first,
      });
      await giveConsent(client, jobId, s.id, ['photo', 'online_gallery']);
      poses.set(
        s.id,
        images.map((imagePath, i) => ({ number: i + 1, imagePath })),
      );
    }
    // The exports folder of the job is its own small disk.
    const out = path.join(dir, 'exports', 'bons-de-commande');
    mkdirSync(out, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', out]);
    mounted.push(out);

    const build = async () => {
      const task = await client.call('forms.start', { jobId });
      await core.tasks.idle(jobId);
      return (await client.call('tasks.list', { jobId })).find((t) => t.id === task.id)!;
    };
    const first = await build();
    expect(first.status).toBe('done');
    const pdfs = (await fsp.readdir(out)).filter((n) => n.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(0);
    const before = new Map(pdfs.map((n) => [n, sha(path.join(out, n))]));

    fill(out);
    const failed = await build();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'forms_disk_full', params: { path: out, written: 0 } });
    expect(failed.error?.message).toBe(
      `Disque plein : « ${out} » n’a plus de place. 0 fichier de cette création est écrit en entier ; aucun fichier n’est à moitié écrit et les autres sont restés ceux de la création précédente. Libérez de la place puis relancez la création des bons de commande.`,
    );
    for (const [n, h] of before) expect(sha(path.join(out, n))).toBe(h);
    expect((await fsp.readdir(out)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // The command line, writing into a full folder of its own: the message, no stack.
    const cliOut = smallDisk('64k');
    fill(cliOut);
    await core.close();
    const cliRun = await runCli([
      '--data',
      path.join(root, 'data'),
      '--library',
      path.join(root, 'library'),
      'forms',
      'build',
      '--job',
      dir,
      '--out',
      cliOut,
    ]);
    expect(cliRun.code).toBe(1);
    expect(cliRun.err).toMatch(
      new RegExp(
        `^Erreur : Disque plein : « ${cliOut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} » n’a plus de place\\.`,
      ),
    );
    expect(cliRun.err).not.toMatch(/\n\s+at |ENOSPC|Erreur inattendue/);
    expect(existsSync(path.join(cliOut, 'Bons de commande - rapport.txt'))).toBe(false);
  });
});
