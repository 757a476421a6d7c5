/**
 * A real kill -9 in the middle of an ingest (the built CLI in its own process), then the same
 * command again: the unfinished task resumes, nothing verified is copied again, no file is lost or
 * duplicated, and no photo is half-registered.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ExifTool } from 'exiftool-vendored';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAMERAS, generateCard, schoolDay, type GeneratedCard } from '../fixtures/shoot-generator';
import { tempDir } from '../helpers/temp-dir';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'dist/main/cli.js');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let card: GeneratedCard;
let cardsDir: string;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { cwd: repo, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  cardsDir = await fsp.mkdtemp(path.join((await import('node:os')).tmpdir(), 'preau-kill-'));
  const et = new ExifTool({ maxProcs: 2 });
  try {
    card = await generateCard(path.join(cardsDir, 'card'), {
      camera: CAMERAS.a,
      shots: schoolDay({ classes: 4, studentsPerClass: 6, burst: 3, width: 640, height: 427 }),
      startCounter: 9970,
      exiftool: et,
    });
  } finally {
    await et.end();
  }
  return () => fsp.rm(cardsDir, { recursive: true, force: true });
}, 120_000);

/** The CLI in its own process group, so that a kill takes its exiftool processes down with it. */
function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

function verifiedRows(dbFile: string): Map<string, string> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT rel_path, verified_at FROM card_file WHERE status = 'verified'")
      .all() as { rel_path: string; verified_at: string }[];
    return new Map(rows.map((r) => [r.rel_path, r.verified_at]));
  } catch {
    return new Map(); // schema not created yet
  } finally {
    db.close();
  }
}

describe('ingest killed mid-way', () => {
  it('resumes on the next run without losing, duplicating or half-registering anything', async () => {
    const root = tempDir();
    const jobDir = path.join(root, 'job');
    const data = path.join(root, 'data');
    const args = ['--data', data, 'ingest', card.root, '--job', jobDir, '--json'];
    const total = card.files.length;

    const first = run(args);
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    const dbFile = path.join(jobDir, 'job.preau.sqlite');
    for (;;) {
      await new Promise((r) => setTimeout(r, 15));
      if (first.exitCode !== null) break;
      const seen = await fsp.access(dbFile).then(
        () => verifiedRows(dbFile).size,
        () => 0,
      );
      if (seen >= 5) break;
    }
    expect(first.exitCode, 'the ingest must still be running when killed').toBeNull();
    // The whole app at once, as a crash would: no Perl left running after the test.
    process.kill(-first.pid!, 'SIGKILL');
    await exited;
    const atKill = verifiedRows(dbFile);
    expect(atKill.size).toBeGreaterThanOrEqual(5);
    expect(atKill.size).toBeLessThan(total);

    const second = run(args);
    let stdout = '';
    let stderr = '';
    second.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    second.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => second.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    const result = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(result).toEqual({
      copied: total,
      verified: total,
      duplicates: 0,
      unreadable: [],
      failed: [],
      repaired: [],
      sidecars: [],
      others: [],
      photos: total,
      safeToFormat: true,
    });
    expect(stderr).toContain('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');

    // What was verified before the kill was not copied again.
    const after = verifiedRows(dbFile);
    for (const [file, verifiedAt] of atKill) expect(after.get(file)).toBe(verifiedAt);

    const db = new Database(dbFile, { readonly: true });
    try {
      const photos = db
        .prepare('SELECT id, sha256, file_name, original_name, has_thumb FROM photo')
        .all() as {
        id: string;
        sha256: string;
        file_name: string;
        original_name: string;
        has_thumb: number;
      }[];
      // Every card file is one photo, whole, under its name, with its thumbnail; nothing more.
      expect(photos.map((p) => p.original_name).sort()).toEqual(card.files.map((f) => f.relPath).sort());
      for (const p of photos) {
        expect(sha(path.join(jobDir, 'originals', p.file_name))).toBe(p.sha256);
        expect(p.sha256).toBe(sha(path.join(card.root, p.original_name)));
        expect(p.has_thumb).toBe(1);
        await fsp.access(path.join(jobDir, 'cache', 'thumb', `${p.id}.jpg`));
      }
      const onDisk = (await fsp.readdir(path.join(jobDir, 'originals'))).filter((n) => !n.startsWith('.'));
      expect(onDisk.sort()).toEqual(photos.map((p) => p.file_name).sort());
      expect(await fsp.readdir(path.join(jobDir, 'originals', '.incoming'))).toEqual([]);
      const steps = db
        .prepare('SELECT step, COUNT(*) AS n FROM task_step GROUP BY step ORDER BY step')
        .all() as { step: string; n: number }[];
      expect(steps).toEqual([
        { step: 'copied', n: total },
        { step: 'derivatives', n: total },
        { step: 'metadata', n: total },
        { step: 'verified', n: total },
      ]);
      const tasks = db.prepare('SELECT status FROM task').all() as { status: string }[];
      expect(tasks).toEqual([{ status: 'done' }]);
    } finally {
      db.close();
    }
  });
});
