/**
 * `npm run bench:cards`: how well and how fast printed photo cards label a shoot here, against a
 * baseline measured in the same run. A generated shoot of BENCH_STUDENTS children (default 40, two
 * classes) over two cameras (the second body's clock 95 s ahead, corrected after ingest): per child
 * a card held up to the camera (code 8–25 % of the short side, tilted up to ±20°, some blur, glare
 * and uneven light, as on a real day), then four portraits; two children's cards forgotten, one
 * card from another job, one sibling card (two codes in one frame) before a group photo. Frames
 * are BENCH_WIDTH × ⅔ pixels (default 6000 × 4000, the 24 MP of the bodies school photographers
 * use) with a sensor's grain of ± BENCH_GRAIN levels (default 16), so that a frame weighs and
 * decodes as a camera JPEG does (~7.7 MB; without grain a generated 24 MP frame is 0.2 MB and the
 * ingest's own work per frame, against which card reading is measured, would be a fraction of a
 * real one's). BENCH_GRAIN=0 BENCH_WIDTH=3000 gives the lighter shoot of earlier measurements.
 *   - baseline: the same card ingested into a job that printed no cards (no code is read there),
 *     once before and once after the real thing (the mean of both);
 *   - the real thing: ingested into the job whose cards were printed (codes read from the
 *     previews), then `cards.accept` of every class.
 * `ingest_ratio` = frames/s with card reading ÷ frames/s without (goal ≥ 0.95). `ms_per_frame`:
 * the QR reader alone on one frame's preview pixels (mean over card frames and portraits). `wrong_assignments` counts portraits
 * labeled with another child (goal: 0, always); `flagged_missing_cards`: forgotten cards whose
 * series is listed as doubtful (must be all). `keystrokes_per_student`: one key per class accepted
 * plus one per doubtful series, per child. Prints a table, then one JSON line. Figures are noisy
 * when other work shares the machine.
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
import type { Client } from '../src/shared/rpc/client';
import { writeCardShoot, type CardShot } from '../test/fixtures/card-shoot';
import { giveConsent } from '../test/fixtures/consent';
import { CAMERAS, addSeconds } from '../test/fixtures/shoot-generator';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 40);
const WIDTH = Number(process.env.BENCH_WIDTH ?? 6000);
const GRAIN = Number(process.env.BENCH_GRAIN ?? 16);
const HEIGHT = Math.round((WIDTH * 2) / 3);
const PORTRAITS = 4;
/** Children whose card is forgotten (their series must be flagged, never given to the one before). */
const FORGOTTEN = new Set([5, Math.floor(STUDENTS / 2) + 7]);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** A deterministic spread of card looks over a day (so runs compare). */
function lookOf(i: number) {
  const r = (k: number) => (((i + 1) * 2654435761 + k * 40503) % 1000) / 1000;
  return {
    fraction: 0.08 + 0.17 * r(1),
    angle: -20 + 40 * r(2),
    blur: r(3) < 0.3 ? 1 : 0,
    glare: r(4) < 0.25 ? 0.4 : 0,
    unevenLight: 0.4 * r(5),
  };
}

async function school(client: Client, name: string) {
  const job = await client.call('jobs.create', {
    schoolName: name,
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
      classId: classes[i < STUDENTS / 2 ? 0 : 1]!.id,
      firstName: `Élève${i}`,
      familyName: `Banc${i}`,
    });
    await giveConsent(client, job.id, s.id);
    students.push(s);
  }
  return { job, classes, students };
}

async function ingest(
  client: Client,
  core: { tasks: { idle(id: string): Promise<void> } },
  jobId: string,
  cards: string[],
) {
  const t0 = performance.now();
  for (const source of cards) {
    await client.call('ingest.start', { jobId, source, backupDir: null });
    await core.tasks.idle(jobId);
  }
  return (performance.now() - t0) / 1000;
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
  const { job, students } = await school(client, 'École du Banc d’Essai');
  // Two jobs without cards: the baseline is ingested before and after the job with cards, so that
  // neither a cold disk cache nor a machine slowing down favours one side.
  const plain = await school(client, 'École sans cartes');
  const plainAfter = await school(client, 'École sans cartes (bis)');
  await client.call('siblings.link', { jobId: job.id, studentIds: [students[0]!.id, students[1]!.id] });
  await client.call('cards.build', { jobId: job.id });
  const repo = new CardsRepository(core.jobs.get(job.id).db);
  const key = repo.settings()!.jobKey;
  const codeOf = (id: string) =>
    formatCardCode(key, 'student', repo.codes().find((c) => c.studentId === id)!.token);

  process.stdout.write(
    `Generating ${STUDENTS} series (1 card + ${PORTRAITS} portraits) on two cameras at ${WIDTH} × ${HEIGHT}, grain ±${GRAIN}…\n`,
  );
  // Per camera: its shots, and for each the child it shows (null: a card or nobody's).
  const cameras = [
    { spec: CAMERAS.a, shots: [] as CardShot[], truth: [] as (string[] | null)[] },
    { spec: CAMERAS.b, shots: [] as CardShot[], truth: [] as (string[] | null)[] },
  ];
  let seed = 1;
  const times = ['2026-10-06T09:00:00.000', '2026-10-06T09:00:00.000'];
  const series = (cam: number, codes: string[] | null, who: string[] | null, lookIndex: number) => {
    const c = cameras[cam]!;
    let t = times[cam]!;
    if (codes) {
      c.shots.push({ trueTime: t, codes, look: lookOf(lookIndex), seed: seed++ });
      c.truth.push(null);
    }
    for (let p = 0; p < PORTRAITS; p += 1) {
      c.shots.push({ trueTime: addSeconds(t, 3 + 2 * p), seed: seed++ });
      c.truth.push(who);
    }
    t = addSeconds(t, 30);
    times[cam] = t;
  };
  let cardsShot = 0;
  for (const [i, s] of students.entries()) {
    const cam = i % 2;
    if (FORGOTTEN.has(i)) series(cam, null, [s.id], i);
    else {
      series(cam, [codeOf(s.id)], [s.id], i);
      cardsShot += 1;
    }
  }
  series(0, [formatCardCode('ZZZZZZ', 'student', 'QQQQQQQQ')], [], 99); // another job's card: nobody's
  series(1, [codeOf(students[0]!.id), codeOf(students[1]!.id)], [students[0]!.id, students[1]!.id].sort(), 7);
  cardsShot += 2;
  const sources: string[] = [];
  const files: { dir: string; relPath: string; truth: string[] | null }[] = [];
  for (const [n, c] of cameras.entries()) {
    const dir = path.join(root, `card-${n}`);
    const spec = { ...c.spec, clockOffsetSeconds: n === 1 ? 95 : 0 };
    const written = await writeCardShoot(dir, spec, c.shots, et, {
      width: WIDTH,
      height: HEIGHT,
      grain: GRAIN,
    });
    written.forEach((w, i) => files.push({ dir, relPath: w.relPath, truth: c.truth[i]! }));
    sources.push(dir);
  }
  await et.end();
  const frames = files.length;
  let frameBytes = 0;
  for (const f of files) frameBytes += (await fsp.stat(path.join(f.dir, f.relPath))).size;

  // The reader alone, on the preview pixels the ingest makes, card frames and portraits alike.
  const edge = previewEdgeFor(WIDTH);
  let readMs = 0;
  for (const f of files) {
    const { data, info } = await sharp(path.join(f.dir, f.relPath))
      .autoOrient()
      .resize(edge, edge, { fit: 'inside' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const t0 = performance.now();
    await readCodes({ data, width: info.width, height: info.height, channels: info.channels });
    readMs += performance.now() - t0;
  }

  process.stdout.write('Ingest without cards (baseline), with cards, then without cards again…\n');
  const offBefore = await ingest(client, core, plain.job.id, sources);
  peakRss = process.memoryUsage().rss;
  const onS = await ingest(client, core, job.id, sources);
  const ingestPeak = peakRss;
  const offS = (offBefore + (await ingest(client, core, plainAfter.job.id, sources))) / 2;
  const camB = (await client.call('cameras.list', { jobId: job.id })).find(
    (c) => c.serial === CAMERAS.b.serial,
  )!;
  await client.call('cameras.setOffset', { jobId: job.id, cameraId: camB.id, offsetSeconds: -95 });
  const review = await client.call('cards.review', { jobId: job.id });
  const accepted = await client.call('cards.accept', { jobId: job.id });
  const photos = (await client.call('photos.list', { jobId: job.id })).items;
  const labels = new Map(
    (await client.call('labels.list', { jobId: job.id })).map((l) => [l.photoId, l.studentIds]),
  );
  // Card folders and prefixes differ per body: a card-relative path names one photo.
  const idOf = new Map(photos.map((p) => [p.originalName, p.id]));
  const flagged = new Set(review.doubts.flatMap((d) => d.photoIds));
  const forgottenIds = new Set([...FORGOTTEN].map((i) => students[i]?.id));
  let right = 0;
  let wrong = 0;
  let portraits = 0;
  let forgottenFrames = 0;
  let forgottenFlagged = 0;
  for (const f of files) {
    const id = idOf.get(f.relPath);
    if (!f.truth || !id) continue;
    const got = [...(labels.get(id) ?? [])].sort();
    if (f.truth.length === 0) {
      if (got.length > 0) wrong += 1;
      continue;
    }
    portraits += 1;
    if (got.length > 0 && got.join() === f.truth.join()) right += 1;
    else if (got.length > 0) wrong += 1;
    if (f.truth.length === 1 && forgottenIds.has(f.truth[0])) {
      forgottenFrames += 1;
      if (flagged.has(id)) forgottenFlagged += 1;
    }
  }
  clearInterval(sampler);
  await core.close();
  await fsp.rm(root, { recursive: true, force: true });

  const classesAccepted = 2;
  const keystrokes = (classesAccepted + review.doubts.length) / STUDENTS;
  const rows: [string, string][] = [
    ['frames (cards + portraits)', `${frames} (${cardsShot} + ${portraits})`],
    ['frame size (mean, MB)', (frameBytes / frames / 1e6).toFixed(2)],
    ['preview size (long edge, px)', String(edge)],
    ['reader on a preview (ms/frame)', (readMs / frames).toFixed(1)],
    ['ingest without cards: frames/s', (frames / offS).toFixed(2)],
    ['ingest with cards: frames/s', (frames / onS).toFixed(2)],
    ['ingest ratio (with ÷ without)', (offS / onS).toFixed(2)],
    ['card frames read', `${review.cardPhotoIds.length} / ${cardsShot}`],
    ['portraits labeled by their card', `${right} / ${portraits}`],
    ['frames given to a wrong child', String(wrong)],
    ['forgotten cards: frames flagged', `${forgottenFlagged} / ${forgottenFrames}`],
    ['doubtful series listed', String(review.doubts.length)],
    ['frames accepted / skipped', `${accepted.photos} / ${accepted.skipped}`],
    ['keystrokes per student', keystrokes.toFixed(2)],
    ['peak RSS during ingest (MB)', String(Math.round(ingestPeak / 1e6))],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(40)} ${v}\n`);
  process.stdout.write(
    `${JSON.stringify({
      cards_read_pct: round((100 * review.cardPhotoIds.length) / cardsShot),
      wrong_assignments: wrong,
      flagged_missing_cards: `${forgottenFlagged}/${forgottenFrames}`,
      ms_per_frame: round(readMs / frames),
      ingest_ratio: round(offS / onS),
      keystrokes_per_student: round(keystrokes),
      portraits_labeled_pct: round((100 * right) / portraits),
      doubts: review.doubts.length,
      frames,
      peak_rss_mb: Math.round(ingestPeak / 1e6),
      width: WIDTH,
      grain: GRAIN,
      mb_per_frame: round(frameBytes / frames / 1e6),
    })}\n`,
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
