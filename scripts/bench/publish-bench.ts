/**
 * Publish benchmark: a generated school of 1,000 photos (random bytes of JPEG-like sizes, cached
 * under .cache/bench/) published to the sandbox platform over loopback, the platform running from
 * the built CLI in its own process. Compares the engine's throughput with one plain stream of the
 * same bytes to the same server (its link-test route, which also hashes and writes to disk), and
 * times a publish of the unchanged school. Figures only: nothing here fails on timing.
 * BENCH_CONCURRENCY sets the engine's upload concurrency (default: the engine's) to compare settings.
 * Last line: one JSON object.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PlatformClient } from '../../src/main/core/publish/platform-client';
import {
  DEFAULT_CONCURRENCY,
  UploadEngine,
  type PublishInput,
} from '../../src/main/core/publish/upload-engine';
import type { Manifest } from '../../src/shared/publish/protocol';

const CLASSES = 40;
const STUDENTS_PER_CLASS = 24;
const MIN_BYTES = 100_000;
const MAX_BYTES = 400_000;
const CACHE = path.resolve('.cache/bench/school-1000');

interface CachedFile {
  name: string;
  sha256: string;
  size: number;
}

function schoolFiles(): CachedFile[] {
  const index = path.join(CACHE, 'index.json');
  if (existsSync(index)) return JSON.parse(readFileSync(index, 'utf8')) as CachedFile[];
  mkdirSync(CACHE, { recursive: true });
  const files: CachedFile[] = [];
  for (let i = 0; i < CLASSES * (STUDENTS_PER_CLASS + 1); i++) {
    const data = randomBytes(MIN_BYTES + Math.floor(Math.random() * (MAX_BYTES - MIN_BYTES)));
    data[0] = 0xff;
    data[1] = 0xd8;
    const name = `photo-${String(i).padStart(4, '0')}.jpg`;
    writeFileSync(path.join(CACHE, name), data);
    files.push({ name, sha256: createHash('sha256').update(data).digest('hex'), size: data.length });
  }
  writeFileSync(index, JSON.stringify(files));
  return files;
}

function publishInput(files: CachedFile[]): PublishInput {
  const manifest: Manifest = {
    protocolVersion: 1,
    retention: { closeDate: '2099-08-20', deleteDate: '2100-12-31' },
    classes: [],
    students: [],
    files: files.map((f) => ({ sha256: f.sha256, size: f.size, mediaType: 'image/jpeg' })),
  };
  let next = 0;
  for (let c = 0; c < CLASSES; c++) {
    const classRef = `c${c}`;
    const refs: string[] = [];
    for (let s = 0; s < STUDENTS_PER_CLASS; s++) {
      const studentRef = `s${c}-${s}`;
      refs.push(studentRef);
      manifest.students.push({
        studentRef,
        classRef,
        accessCode: `BENCH${String(c).padStart(3, '0')}${String(s).padStart(3, '0')}`,
        photos: [{ sha256: files[next++]!.sha256, pose: 1 }],
      });
    }
    manifest.classes.push({
      classRef,
      label: `Classe ${c + 1}`,
      classPhotos: [{ sha256: files[next++]!.sha256, studentRefs: refs }],
    });
  }
  return {
    galleryRef: 'bench-school',
    gallery: { schoolName: 'École du banc d’essai', town: 'Brest', schoolYear: '2026-2027' },
    manifest,
    localPaths: new Map(files.map((f) => [f.sha256, path.join(CACHE, f.name)])),
  };
}

async function startSandbox(dataDir: string) {
  const child = spawn(process.execPath, ['bin/preau.js', '--data', dataDir, 'platform', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let url = '';
  let token = '';
  for await (const line of lines) {
    url ||= /prête : (\S+?)\/?$/.exec(line)?.[1] ?? '';
    token ||= /Jeton du studio : (\S+)/.exec(line)?.[1] ?? '';
    if (url && token) break;
  }
  if (!url || !token) throw new Error('la plateforme n’a pas démarré');
  return { url, token, stop: () => child.kill('SIGTERM') };
}

/** One plain stream of every file, back to back, to the platform's link-test route. */
async function baselineUpload(url: string, token: string, files: CachedFile[]): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(`${url}/api/v1/diagnostics/sink`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    void (async () => {
      for (const f of files) {
        for await (const chunk of createReadStream(path.join(CACHE, f.name), {
          highWaterMark: 1024 * 1024,
        })) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
      }
      req.end();
    })().catch(reject);
  });
  return (performance.now() - started) / 1000;
}

const files = schoolFiles();
const totalBytes = files.reduce((n, f) => n + f.size, 0);
// Warm the page cache so both runs read the files from memory.
for (const f of files) readFileSync(path.join(CACHE, f.name));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'preau-bench-platform-'));
const sandbox = await startSandbox(dataDir);
try {
  const mb = totalBytes / 1e6;
  const baselineS = await baselineUpload(sandbox.url, sandbox.token, files);
  const input = publishInput(files);
  const client = new PlatformClient({ baseUrl: sandbox.url, token: sandbox.token });
  const started = performance.now();
  const phases = new Map<string, number>();
  const first = await new UploadEngine(client).publish(input, {
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? DEFAULT_CONCURRENCY),
    onProgress: (p) => {
      if (!phases.has(p.phase)) phases.set(p.phase, performance.now());
    },
  });
  const publishS = (performance.now() - started) / 1000;
  const at = (phase: string) => ((phases.get(phase) ?? started) - started) / 1000;
  client.destroy();
  const again = new PlatformClient({ baseUrl: sandbox.url, token: sandbox.token });
  const noopStarted = performance.now();
  const noop = await new UploadEngine(again).publish(input);
  const noopS = (performance.now() - noopStarted) / 1000;
  again.destroy();
  if (first.filesSent !== files.length || noop.filesSent !== 0) throw new Error('publication incomplète');
  const publishRate = mb / publishS;
  const baselineRate = mb / baselineS;
  console.log(`école : ${files.length} photos, ${mb.toFixed(1)} Mo (1 Mo = 10^6 octets)`);
  console.log(`envoi simple (un flux)   : ${baselineS.toFixed(2)} s, ${baselineRate.toFixed(1)} Mo/s`);
  console.log(
    `publication (moteur)     : ${publishS.toFixed(2)} s, ${publishRate.toFixed(1)} Mo/s (${(publishRate / baselineRate).toFixed(2)}× ; objectif ≥ 0,9×)`,
  );
  console.log(
    `  dont préparation ${at('uploading').toFixed(2)} s, envoi ${(at('finalizing') - at('uploading')).toFixed(2)} s, mise en ligne ${(publishS - at('finalizing')).toFixed(2)} s`,
  );
  console.log(`republication inchangée  : ${noopS.toFixed(2)} s (objectif ≤ 2 s)`);
  console.log(
    JSON.stringify({
      files: files.length,
      bytes: totalBytes,
      publish_mb_per_s: Number(publishRate.toFixed(2)),
      baseline_mb_per_s: Number(baselineRate.toFixed(2)),
      ratio_to_baseline: Number((publishRate / baselineRate).toFixed(3)),
      noop_republish_s: Number(noopS.toFixed(3)),
    }),
  );
} finally {
  sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
