/**
 * « Vérifier les originaux », months after the shoot: a real card ingested with a backup through
 * the CLI, then one byte of one original flipped on disk (bit rot). `preau verify` must name exactly
 * that file, exit non-zero, repair it from the backup only with --repair, and be clean afterwards;
 * the same check runs as a task (with its audit entry, counts only) and guards a retention purge.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originalsReportSchema } from '../../src/shared/domain/originals';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let fixtures: string;
let card: string;

beforeAll(async () => {
  fixtures = await fsp.mkdtemp(path.join(os.tmpdir(), 'preau-verify-cards-'));
  card = path.join(fixtures, 'EOS_DIGITAL');
  await generateCard(card, {
    camera: CAMERAS.a,
    shots: schoolDay({ classes: 1, studentsPerClass: 3, burst: 2 }),
  });
}, 120_000);

afterAll(async () => {
  await fsp.rm(fixtures, { recursive: true, force: true });
});

async function flipOneByte(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    const at = Math.floor((await handle.stat()).size / 2);
    const b = Buffer.alloc(1);
    await handle.read(b, 0, 1, at);
    b[0] = b[0]! ^ 0x01;
    await handle.write(b, 0, 1, at);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function ingested(root: string) {
  const job = path.join(root, 'job');
  const backup = path.join(root, 'backup');
  await fsp.mkdir(backup);
  const cli = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
  const first = await runCli([...cli, 'ingest', card, '--job', job, '--backup', backup]);
  expect(first.code).toBe(0);
  const photos = (await fsp.readdir(path.join(job, 'originals'))).filter((n) => n.endsWith('.JPG')).sort();
  return { job, backup, cli, photos };
}

describe('preau verify', () => {
  it('names exactly the flipped original, exits 1, repairs it from the backup with --repair, then is clean', async () => {
    const root = tempDir();
    const { job, backup, cli, photos } = await ingested(root);
    const clean = await runCli([...cli, 'verify', '--job', job]);
    expect(clean.code).toBe(0);
    expect(clean.out).toContain(
      `Originaux intacts : ${photos.length * 2} copies de ${photos.length} fichiers`,
    );

    const victim = photos[Math.floor(photos.length / 2)]!;
    const original = path.join(job, 'originals', victim);
    const backupCopy = path.join(backup, 'job', 'originals', victim);
    const before = sha(backupCopy);
    await flipOneByte(original);
    expect(sha(original)).not.toBe(before);

    const found = await runCli([...cli, 'verify', '--job', job, '--json']);
    expect(found.code).toBe(1);
    const lines = found.out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('ENDOMMAGÉ'))).toEqual([`ENDOMMAGÉ : ${victim} — ${original}`]);
    expect(found.out).toContain('1 copie à réparer : relancez avec --repair');
    const report = originalsReportSchema.parse(JSON.parse(lines.at(-1)!));
    expect(report).toMatchObject({ files: photos.length, intact: photos.length * 2 - 1, repaired: [] });
    expect(report.damaged).toEqual([
      { file: victim, copy: original, location: 'job', state: 'damaged', repairable: true },
    ]);
    // Without --repair nothing was touched.
    expect(sha(original)).not.toBe(before);

    const repaired = await runCli([...cli, 'verify', '--job', job, '--repair']);
    expect(repaired.code).toBe(0);
    expect(repaired.out).toContain(`réparé : ${victim} — ${original}`);
    expect(sha(original)).toBe(before);
    expect(sha(backupCopy)).toBe(before);
    expect(await fsp.readdir(path.join(job, 'originals', '.incoming'))).toEqual([]);

    const after = await runCli([...cli, 'verify', '--job', job]);
    expect(after.code).toBe(0);
    expect(after.out).not.toMatch(/ENDOMMAGÉ|ABSENT|réparé :/);
  });

  it('runs as a task with MB/s progress, records counts in the audit trail, and guards a purge', async () => {
    const root = tempDir();
    const { job, backup, photos } = await ingested(root);
    const victim = photos[0]!;
    // The backup drive rotted this time; and another backup copy went missing.
    await flipOneByte(path.join(backup, 'job', 'originals', victim));
    await fsp.rm(path.join(backup, 'job', 'originals', photos[1]!));

    const { core } = await testCore({ dataDir: path.join(root, 'data'), libraryDir: path.join(root, 'lib') });
    const client = core.client();
    const { id: jobId } = await client.call('jobs.open', { path: job });
    expect(await client.call('originals.last', { jobId })).toBeNull();
    const messages: string[] = [];
    core.events.on((frame) => {
      const p = frame.payload as { kind?: string; message?: string };
      if (frame.name === 'task.progress' && p.kind === 'originals.verify' && p.message)
        messages.push(p.message);
    });
    await client.call('originals.verify', { jobId, repair: false });
    await core.tasks.idle(jobId);
    const last = await client.call('originals.last', { jobId });
    expect(last!.report.damaged.map((d) => [d.file, d.location, d.state])).toEqual(
      [
        [victim, 'backup', 'damaged'],
        [photos[1]!, 'backup', 'missing'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(messages.at(-1)).toMatch(
      new RegExp(`^Vérification des originaux : ${photos.length}/${photos.length} fichiers · \\d+ Mo/s$`),
    );
    // The card now says those copies are not whole.
    const cards = await client.call('ingest.cards', { jobId });
    expect(cards[0]!.failed).toBe(2);

    const audit = (await client.call('audit.list', { jobId })).events;
    const entry = audit.find((e) => e.action === 'originals.verified')!;
    expect(entry.details).toMatchObject({ files: photos.length, damaged: 2, repaired: 0 });
    expect(JSON.stringify(entry)).not.toContain(victim);

    // The guard a production run calls: refuses while a copy is damaged, in words.
    await expect(core.originals.ensureIntact(core.jobs.get(jobId))).rejects.toMatchObject({
      code: 'originals_damaged',
    });

    // Repaired after confirmation (the UI sends repair: true), then the guard passes.
    await client.call('originals.verify', { jobId, repair: true });
    await core.tasks.idle(jobId);
    const fixed = await client.call('originals.last', { jobId });
    expect(fixed!.report.repaired).toHaveLength(2);
    expect(fixed!.report.damaged).toEqual([]);
    expect((await client.call('ingest.cards', { jobId }))[0]!.failed).toBe(0);
    await expect(core.originals.ensureIntact(core.jobs.get(jobId))).resolves.toMatchObject({ damaged: [] });

    // A purge deletes only backup copies that still hold the bytes recorded at ingest.
    const other = path.join(backup, 'job', 'originals', photos[2]!);
    await fsp.writeFile(other, 'un autre fichier a pris ce nom');
    const purge = await client.call('retention.purge', { jobId, dryRun: false });
    expect(purge.failures.map((f) => f.path)).toEqual([other]);
    expect(purge.failures[0]!.reason).toMatch(/^copie différente de l’empreinte enregistrée/);
    expect(await fsp.readFile(other, 'utf8')).toBe('un autre fichier a pris ce nom');
    const left = (await fsp.readdir(path.join(backup, 'job', 'originals'))).filter((n) => !n.startsWith('.'));
    expect(left).toEqual([photos[2]!]);
  });
});
