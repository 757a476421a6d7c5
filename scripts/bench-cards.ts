/**
 * `npm run bench:cards`: what reading printed photo cards costs the ingest here, and how many it
 * reads, against a baseline measured in the same run. A generated shoot of BENCH_STUDENTS children
 * (default 40, two classes) on one camera: per child a card held up to the camera (code 12–20 % of
 * the short side, tilted up to ±20°, some blur, glare and uneven light, as on a real day), then
 * three portraits. Frames are BENCH_WIDTH × ⅔ pixels (default 4000 × 2667).
 *   - baseline: the preview the ingest makes anyway (sharp decoding each frame to the preview
 *     size), one frame at a time;
 *   - the reading alone: the QR reader on those preview pixels;
 *   - the real ingest through the core (copy, verify, thumbnails, previews, codes), then
 *     `cards.accept` of every class: how many portraits got their child, and how many got the
 *     wrong one (must be 0).
 * `read_to_preview` = reading time ÷ preview time per frame (what cards add to a frame's own
 * work). Prints a table, then one JSON line. Figures are noisy when other work shares the machine.
 */
import { mkdtempSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { CardsRepository } from '../src/main/core/cards/cards.repository';
import { readCodes } from '../src/main/core/cards/qr-reader';
import { createCore } from '../src/main/core/core';
import { previewEdgeFor } from '../src/main/core/ingest/derivatives';
import { createLogger } from '../src/main/lib/logger';
import { formatCardCode } from '../src/shared/domain/cards';
import { writeCardShoot, type CardShot } from '../test/fixtures/card-shoot';
import { giveConsent } from '../test/fixtures/consent';
import { CAMERAS, addSeconds } from '../test/fixtures/shoot-generator';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 40);
const WIDTH = Number(process.env.BENCH_WIDTH ?? 4000);
const HEIGHT = Math.round((WIDTH * 2) / 3);
const PORTRAITS = 3;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** A deterministic spread of card looks over a day (seeded, so runs compare). */
function lookOf(i: number) {
  const r = (k: number) => ((i * 2654435761 + k * 40503) % 1000) / 1000;
  return {
    fraction: 0.12 + 0.08 * r(1),
    angle: -20 + 40 * r(2),
    blur: r(3) < 0.3 ? 1 : 0,
    glare: r(4) < 0.25 ? 0.4 : 0,
    unevenLight: 0.4 * r(5),
  };
}

async function main() {
  // Run from a bundle in .cache/run: the cards PDF finds its fonts in the sources.
  process.env.PREAU_FONTS_DIR ??= path.resolve('src/main/assets/fonts');
  const root = mkdtempSync(path.join(os.tmpdir(), 'preau-bench-cards-'));
  const et = new ExifTool({ maxProcs: 1 });
  const core = await createCore({
    host: 'cli',
    logger: createLogger(undefined, 'error'),
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'lib'),
  });
  const client = core.client();
  const job = await client.call('jobs.create', {
    schoolName: 'École du Banc d’Essai',
    town: 'Rennes',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const classes = [
    await client.call('classes.add', { jobId: job.id, label: 'CP A', level: 'CP' }),
    await client.call('classes.add', { jobId: job.id, label: 'CE1 B', level: 'CE1' }),
  ];
  const students = [];
  for (let i = 0; i < STUDENTS; i += 1) {
    const s = await client.call('students.add', {
      jobId: job.id,
      classId: classes[i % 2]!.id,
      firstName: `Élève${i}`,
      familyName: `Banc${i}`,
    });
    await giveConsent(client, job.id, s.id);
    students.push(s);
  }
  await client.call('cards.build', { jobId: job.id });
  const open = core.jobs.get(job.id);
  const repo = new CardsRepository(open.db);
  const key = repo.settings()!.jobKey;
  const codeOf = (id: string) => formatCardCode(key, 'student', repo.codes().find((c) => c.studentId === id)!.token);

  process.stdout.write(`Generating ${STUDENTS} cards and ${STUDENTS * PORTRAITS} portraits at ${WIDTH} × ${HEIGHT}…\n`);
  const shots: CardShot[] = [];
  let t = '2026-10-06T09:00:00.000';
  let seed = 1;
  const truth: (string | null)[] = [];
  for (const [i, s] of students.entries()) {
    shots.push({ trueTime: t, codes: [codeOf(s.id)], look: lookOf(i), seed: seed++ });
    truth.push(null);
    for (let p = 0; p < PORTRAITS; p += 1) {
      shots.push({ trueTime: addSeconds(t, 3 + 2 * p), seed: seed++ });
      truth.push(s.id);
    }
    t = addSeconds(t, 30);
  }
  const card = path.join(root, 'card');
  const files = await writeCardShoot(card, CAMERAS.a, shots, et, { width: WIDTH, height: HEIGHT });
  await et.end();

  // Baseline and reading alone, frame by frame, on the preview the ingest makes.
  const edge = previewEdgeFor(WIDTH);
  let previewMs = 0;
  let readMs = 0;
  let readAlone = 0;
  for (const f of files) {
    const t0 = performance.now();
    const { data, info } = await sharp(path.join(card, f.relPath))
      .autoOrient()
      .resize(edge, edge, { fit: 'inside' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const t1 = performance.now();
    const codes = await readCodes({ data, width: info.width, height: info.height, channels: info.channels });
    const t2 = performance.now();
    previewMs += t1 - t0;
    readMs += t2 - t1;
    if (f.shot.codes && codes.texts.length > 0) readAlone += 1;
  }

  process.stdout.write('Ingest through the core…\n');
  peakRss = process.memoryUsage().rss;
  const t3 = performance.now();
  await client.call('ingest.start', { jobId: job.id, source: card, backupDir: null });
  await core.tasks.idle(job.id);
  const ingestS = (performance.now() - t3) / 1000;
  const ingestPeak = peakRss;
  const review = await client.call('cards.review', { jobId: job.id });
  await client.call('cards.accept', { jobId: job.id });
  const photos = (await client.call('photos.list', { jobId: job.id })).items;
  const labels = new Map((await client.call('labels.list', { jobId: job.id })).map((l) => [l.photoId, l.studentIds]));
  let right = 0;
  let wrong = 0;
  let portraits = 0;
  for (const [i, f] of files.entries()) {
    const expected = truth[i];
    if (!expected) continue;
    portraits += 1;
    const id = photos.find((p) => p.originalName === f.relPath)?.id;
    const got = (id && labels.get(id)) || [];
    if (got.length === 1 && got[0] === expected) right += 1;
    else if (got.length > 0) wrong += 1;
  }
  clearInterval(sampler);
  await core.close();
  await fsp.rm(root, { recursive: true, force: true });

  const frames = files.length;
  const rows: [string, string][] = [
    ['frames (cards + portraits)', `${frames} (${STUDENTS} + ${portraits})`],
    ['preview size (long edge, px)', String(edge)],
    ['baseline: preview decode (ms/frame)', (previewMs / frames).toFixed(1)],
    ['reading on the preview (ms/frame)', (readMs / frames).toFixed(1)],
    ['cards read from the preview alone', `${readAlone} / ${STUDENTS}`],
    ['ingest: frames/s', (frames / ingestS).toFixed(2)],
    ['ingest: cards read', `${review.cardPhotoIds.length} / ${STUDENTS}`],
    ['portraits labeled by their card', `${right} / ${portraits}`],
    ['portraits given to a wrong child', String(wrong)],
    ['doubtful series listed', String(review.doubts.length)],
    ['peak RSS during ingest (MB)', String(Math.round(ingestPeak / 1e6))],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(40)} ${v}\n`);
  process.stdout.write(
    `${JSON.stringify({
      frames,
      read_ms_per_frame: round(readMs / frames),
      preview_ms_per_frame: round(previewMs / frames),
      read_to_preview: round(readMs / previewMs),
      cards_read: review.cardPhotoIds.length,
      cards_shot: STUDENTS,
      portraits_labeled: right,
      portraits_wrong: wrong,
      doubts: review.doubts.length,
      ingest_frames_per_s: round(frames / ingestS),
      peak_rss_mb: Math.round(ingestPeak / 1e6),
      width: WIDTH,
    })}\n`,
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
