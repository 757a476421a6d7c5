/**
 * A real kill -9 of a publishing process, five times, over a slow link with faults, then a run to
 * the end: every file that reached the platform whole stays there even when its batch was cut, so
 * the runs together resend at most the files whose bytes were on the way at each kill. Progress
 * follows what the platform acknowledged (it moves during a batched upload) and each run counts only
 * what the platform still lacks. What crossed the link is counted by a relay between the publishing
 * process and the platform, not by either of them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishProgress } from '../../src/main/core/publish/upload-engine';
import { DEFAULT_CONCURRENCY } from '../../src/main/core/publish/upload-engine';
import { manifestRefOf } from '../../src/main/core/publish/publish-plan';
import { PublishError } from '../../src/main/core/publish/platform-client';
import type { FileStatus } from '../../src/shared/publish/protocol';
import { startCountingProxy, type CountingProxy, type RelayedRequest } from '../helpers/counting-proxy';
import { clientFor, expectStoreHoldsExactly, familyView, testPlatform } from '../helpers/platform';
import { generateSchool } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';

const repo = path.resolve(import.meta.dirname, '../..');
// Inside the repository, so the bundle finds the project's node_modules.
const childFile = path.join(repo, '.cache', 'test', 'publish-child.mjs');
const KILLS = 5;
const LINK_BYTES_PER_SEC = 600 * 1024;

beforeAll(async () => {
  mkdirSync(path.dirname(childFile), { recursive: true });
  await build({
    entryPoints: [path.join(repo, 'test/helpers/publish-child.ts')],
    outfile: childFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
});

const proxies: CountingProxy[] = [];
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
});

type ChildLine =
  | ({ ev: 'progress' } & PublishProgress)
  | { ev: 'done'; filesSent: number; version: number }
  | { ev: 'failed'; message: string };

interface Run {
  lines: ChildLine[];
  killed: boolean;
  /** Progress lines printed before the kill. */
  beforeKill: ChildLine[];
}

/** Starts the publishing process; with `killAfterMs`, kills it that long after its upload began. */
function runChild(jobFile: string, killAfterMs?: number): Promise<Run> {
  const child = spawn(process.execPath, [childFile, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { lines: [], killed: false, beforeKill: [] };
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  createInterface({ input: child.stdout }).on('line', (text) => {
    const parsed = JSON.parse(text) as ChildLine;
    run.lines.push(parsed);
    if (killAfterMs !== undefined && !timer && parsed.ev === 'progress' && parsed.phase === 'uploading')
      timer = setTimeout(() => {
        run.beforeKill = [...run.lines];
        run.killed = child.exitCode === null;
        child.kill('SIGKILL');
      }, killAfterMs);
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`publishing process failed: ${stderr}`));
      else resolve(run);
    });
  });
}

const progressLines = (lines: ChildLine[]) =>
  lines.filter((l): l is { ev: 'progress' } & PublishProgress => l.ev === 'progress');

describe('publishing killed five times over a slow link', () => {
  it('keeps every file that reached the platform whole and resends at most the files in flight at each kill', async () => {
    const platform = await testPlatform({
      faults: { bandwidthBytesPerSec: LINK_BYTES_PER_SEC, errorRate: 0.05, seed: 23 },
    });
    const proxy = await startCountingProxy(platform.port);
    proxies.push(proxy);
    const school = await generateSchool(tempDir(), {
      classes: 2,
      studentsPerClass: 13,
      photosPerStudent: 2,
      content: { minBytes: 150_000, maxBytes: 350_000 },
    });
    const files = school.input.manifest.files;
    expect(files.length).toBe(54);
    const jobFile = path.join(school.dir, 'publish-job.json');
    writeFileSync(
      jobFile,
      JSON.stringify({
        url: proxy.url,
        token: platform.token,
        input: { ...school.input, localPaths: [...school.input.localPaths] },
      }),
    );
    // The test's own view of what the platform lacks, straight from the platform.
    const direct = clientFor(platform);
    // The platform injects faults into this query too: a refused query is asked again, and only a
    // manifest the platform does not know yet means that every file is missing.
    const missingNow = async (): Promise<FileStatus[]> => {
      const ref = manifestRefOf(school.input.manifest);
      for (let attempt = 0; ; attempt++) {
        try {
          return (await direct.getManifestStatus(school.input.galleryRef, ref)).missing;
        } catch (error) {
          if (error instanceof PublishError && error.retryable && attempt < 20) continue;
          return files.map((f) => ({ ...f, receivedBytes: 0 }));
        }
      }
    };

    const runs: { run: Run; missingAtStart: FileStatus[] }[] = [];
    for (let k = 1; k <= KILLS + 1; k++) {
      proxy.setRun(k);
      const missingAtStart = await missingNow();
      // Killed 2 to 4 s into its upload, like a laptop closed or an app crashing.
      const run = await runChild(jobFile, k <= KILLS ? 2_000 + ((k * 577) % 2_000) : undefined);
      // The killed process's connections end once the platform has read what was sent to it.
      await proxy.idle();
      runs.push({ run, missingAtStart });
    }

    // What crossed the link, file by file, in order.
    const deliveries = new Map<string, { request: RelayedRequest; delivered: 'whole' | 'part' }[]>();
    for (const request of proxy.requests)
      for (const f of request.files)
        if (f.delivered !== 'none')
          deliveries.set(f.sha256, [
            ...(deliveries.get(f.sha256) ?? []),
            { request, delivered: f.delivered },
          ]);
    const sentInTotal = [...deliveries.values()].reduce((n, d) => n + d.length, 0);
    const inFlightAtKills = Array.from({ length: KILLS }, (_, i) =>
      proxy.requests
        .filter((r) => r.run === i + 1 && r.cutByClient)
        .reduce((n, r) => n + r.files.filter((f) => f.delivered === 'part').length, 0),
    );
    // A file whose earlier send reached the platform whole, and was not refused by an injected
    // fault, must never travel again.
    const needless: string[] = [];
    let refusedByFaults = 0;
    for (const [sha, list] of deliveries)
      list.forEach((d, i) => {
        const refused = d.request.status !== undefined && d.request.status >= 500;
        const unanswered = d.request.status === undefined && !d.request.cutByClient;
        if (refused || unanswered) refusedByFaults++;
        if (i + 1 < list.length && d.delivered === 'whole' && !refused && !unanswered)
          needless.push(`${sha.slice(0, 8)} run ${d.request.run}→${list[i + 1]!.request.run}`);
      });
    console.log(
      `publish killed ${KILLS}×: ${sentInTotal} file sends in total / ${files.length} files published; in flight at each kill: ${inFlightAtKills.join(', ')}; sends answered by an injected fault: ${refusedByFaults}`,
    );

    const killed = runs.slice(0, KILLS).map((r) => r.run);
    expect(
      killed.every((r) => r.killed),
      'each killed run was still publishing',
    ).toBe(true);
    expect(needless, 'files sent again after reaching the platform whole').toEqual([]);
    expect(sentInTotal - files.length).toBeLessThanOrEqual(
      inFlightAtKills.reduce((a, b) => a + b, 0) + refusedByFaults,
    );
    for (const n of inFlightAtKills) expect(n).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);

    // Progress moved while the upload ran (files and bytes as the platform acknowledged them), and
    // each run counted only what the platform still lacked.
    for (const [i, { run, missingAtStart }] of runs.entries()) {
      const progress = progressLines(run.lines).filter((p) => p.phase === 'uploading');
      expect(progress[0]?.filesTotal, `run ${i + 1}: files to send`).toBe(missingAtStart.length);
      expect(progress[0]?.bytesTotal).toBe(missingAtStart.reduce((n, f) => n + f.size - f.receivedBytes, 0));
      for (const p of progress) expect(p.filesDone).toBeLessThanOrEqual(p.filesTotal);
      if (i < KILLS) {
        const before = progressLines(run.beforeKill);
        expect(
          Math.max(...before.map((p) => p.filesDone)),
          `run ${i + 1}: files acknowledged before the kill`,
        ).toBeGreaterThan(0);
        expect(Math.max(...before.map((p) => p.bytesDone))).toBeGreaterThan(0);
      }
    }
    const last = runs.at(-1)!.run.lines;
    expect(last.at(-1)).toMatchObject({ ev: 'done', version: 1 });
    const final = progressLines(last).at(-1)!;
    expect(final).toMatchObject({ phase: 'done', filesDone: final.filesTotal, bytesDone: final.bytesTotal });

    await expectStoreHoldsExactly(platform, school.input.manifest);
    const view = await familyView(platform, school.students[0]!.accessCode);
    expect(view.images.map((i) => i.sha256).sort()).toEqual(
      [...school.students[0]!.photos, ...school.students[0]!.classPhotos].sort(),
    );
  }, 240_000);
});
