/**
 * `npm run bench:production`: how fast a production run renders a school's prints here, against
 * its primitive measured in the same run. A generated school of 300 orders (paper and online;
 * pochettes with 1 × 18×24, 2 × 13×18, 4 × 6×9 on a sheet and the class photo; single prints;
 * digital files) over 24 MP originals (6000 × 4000 JPEGs, distinct bytes each), then:
 *   - the primitive: sharp decoding each distinct original and encoding its largest print (18×24
 *     at 300 ppi), at full concurrency — the floor cost of « one decode per original »;
 *   - the real run through the core (`production.build`): originals read and checked against
 *     their SHA-256, decoded once, every print, sheet, class photo and digital file written, the
 *     manifest and the summary.
 * `ratio_to_primitive` = (distinct originals per second of the run) ÷ (originals per second of the
 * primitive): the run does several prints per decode, so 1.0 would mean they cost nothing beyond
 * the largest one. `prints_per_s` counts image files rendered per second, and
 * `prints_ratio_to_primitive` divides it by the primitive's prints per second (one per original).
 * `BENCH_ORDERS=N` scales the school down on a slow machine. Prints a table, then one JSON line.
 * Figures are noisy when other work shares the machine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { createCore } from '../src/main/core/core';
import { silentLogger } from '../src/main/lib/logger';
import { printPixels } from '../src/shared/domain/production';
import { FakeOrderSource } from '../test/fixtures/production-job';
import { seedShoot } from '../test/fixtures/labeling-shoot';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const PER_CLASS = 25;
const WIDTH = 6000;
const HEIGHT = 4000;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** A 24 MP photo-like JPEG: smooth gradients plus fine noise, so it decodes like a real one. */
async function baseJpeg(seed: number): Promise<Buffer> {
  const small = randomBytes(600 * 400 * 3);
  for (let i = 0; i < small.length; i += 3) {
    const x = (i / 3) % 600;
    const y = Math.floor(i / 3 / 600);
    small[i] = (small[i]! >> 3) + ((x + seed * 40) % 200);
    small[i + 1] = (small[i + 1]! >> 3) + ((y * 2 + seed * 20) % 200);
    small[i + 2] = (small[i + 2]! >> 3) + (((x + y) / 2 + seed * 60) % 200);
  }
  const noise = await sharp(randomBytes(WIDTH * HEIGHT), {
    raw: { width: WIDTH, height: HEIGHT, channels: 1 },
  })
    .raw()
    .toBuffer();
  const up = await sharp(small, { raw: { width: 600, height: 400, channels: 3 } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  for (let i = 0; i < up.length; i += 1) up[i] = Math.min(255, up[i]! + (noise[Math.floor(i / 3)]! >> 4));
  return sharp(up, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .withMetadata({ orientation: 1 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function main() {
  const cores = os.availableParallelism();
  const root = mkdtempSync(path.join(os.tmpdir(), 'preau-bench-production-'));
  const source = new FakeOrderSource();
  const core = await createCore({
    host: 'cli',
    logger: silentLogger,
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'lib'),
    orderSource: source,
  });
  const client = core.client();
  const job = await client.call('jobs.create', {
    schoolName: 'École du Banc d’Essai',
    town: 'Rennes',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const classes = Math.ceil(ORDERS / PER_CLASS);
  process.stdout.write(`Generating ${classes} classes, ${ORDERS} students, 24 MP originals…\n`);
  const shoot = await seedShoot(core, job.id, {
    classes,
    studentsPerClass: PER_CLASS,
    burst: 2,
    images: true,
  });
  const sessions = await client.call('sessions.list', { jobId: job.id });
  for (const [i, s] of sessions.sessions.entries())
    await client.call('sessions.assignClass', {
      jobId: job.id,
      sessionId: s.id,
      classId: shoot.classes[i]!.id,
    });
  for (let c = 0; c < classes; c += 1) {
    const of = (s: number | null) =>
      shoot.photos.filter((p) => p.classIndex === c && p.studentIndex === s).map((p) => p.id);
    await client.call('photos.mark', { jobId: job.id, photoIds: of(null), mark: 'class' });
    for (let s = 0; s < PER_CLASS; s += 1)
      await client.call('labels.assign', {
        jobId: job.id,
        photoIds: of(s),
        studentIds: [shoot.classes[c]!.students[s]!.id],
      });
  }
  const bases = await Promise.all([0, 1, 2].map((i) => baseJpeg(i)));
  const open = core.jobs.get(job.id);
  const update = open.db.prepare('UPDATE photo SET sha256 = ?, width = ?, height = ?, size = ? WHERE id = ?');
  await fsp.mkdir(path.join(job.path, 'originals'), { recursive: true });
  for (const [i, p] of shoot.photos.entries()) {
    // Bytes after the JPEG's end marker are ignored by decoders: distinct files, same decode cost.
    const bytes = Buffer.concat([bases[i % 3]!, Buffer.from(`preau-bench-${i}`)]);
    await fsp.writeFile(path.join(job.path, 'originals', p.fileName), bytes);
    update.run(createHash('sha256').update(bytes).digest('hex'), WIDTH, HEIGHT, bytes.length, p.id);
  }
  const students = shoot.classes.flatMap((c) => c.students).slice(0, ORDERS);
  source.orders = students.map((s, i) => ({
    orderId: `o${i}`,
    number: `${i % 3 === 0 ? 'W' : 'C'}-${String(i + 1).padStart(5, '0')}`,
    channel: i % 3 === 0 ? 'online' : 'paper',
    studentIds: [s.id],
    lines:
      i % 5 === 4
        ? [
            { ref: 'T1', pose: 2, quantity: 1 },
            { ref: 'T3', pose: 1, quantity: 1 },
          ]
        : i % 5 === 3
          ? [
              { ref: 'P', pose: 1, quantity: 1 },
              { ref: 'N', pose: 2, quantity: 1 },
            ]
          : [{ ref: 'P', pose: 1 + (i % 2), quantity: 1 }],
    remakeOf: null,
  }));

  const largest = printPixels({ widthCm: 18, heightCm: 24 }, 300);
  // Distinct originals the orders use: poses 1 and 2 of the ordering students, class photos.
  const used = new Set<string>();
  const byStudent = new Map<string, string[]>();
  for (const p of shoot.photos)
    if (p.studentIndex !== null) {
      const sid = shoot.classes[p.classIndex]!.students[p.studentIndex]!.id;
      byStudent.set(sid, [...(byStudent.get(sid) ?? []), p.fileName]);
    }
  for (const o of source.orders)
    for (const l of o.lines) used.add(byStudent.get(o.studentIds[0]!)![(l.pose ?? 1) - 1]!);
  for (const c of shoot.photos.filter((p) => p.studentIndex === null && p.classIndex < classes))
    used.add(c.fileName);

  process.stdout.write(
    `Primitive: decode + largest print (18×24) of ${used.size} originals on ${cores} cores…\n`,
  );
  const limit = pLimit(cores);
  const t0 = performance.now();
  await Promise.all(
    [...used].map((name) =>
      limit(async () => {
        const bytes = await fsp.readFile(path.join(job.path, 'originals', name));
        const crop = Math.round((HEIGHT * 18) / 24);
        await sharp(bytes)
          .autoOrient()
          .extract({ left: Math.round((WIDTH - crop) / 2), top: 0, width: crop, height: HEIGHT })
          .resize(largest.long, largest.short)
          .withIccProfile('srgb')
          .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
          .toBuffer();
      }),
    ),
  );
  const primitiveS = (performance.now() - t0) / 1000;

  process.stdout.write('Production run through the core…\n');
  peakRss = process.memoryUsage().rss;
  const t1 = performance.now();
  const report = await client.call('production.build', { jobId: job.id });
  const runS = (performance.now() - t1) / 1000;
  const runPeak = peakRss;
  clearInterval(sampler);
  await core.close();
  await fsp.rm(root, { recursive: true, force: true });

  const rendered = report.files + report.digitalFiles;
  const primitiveRate = used.size / primitiveS;
  // Originals served per second: decoded, or (digital files only) delivered as shot without decoding.
  const runRate = used.size / runS;
  const rows: [string, string][] = [
    ['orders produced', String(report.orders)],
    ['prints (quantities, sheets as one)', String(report.prints)],
    ['image files rendered', String(rendered)],
    ['originals decoded (distinct used)', `${report.decodes} (${used.size})`],
    ['digital files as shot (not decoded)', String(report.digitalAsShot)],
    ['primitive: originals/s', primitiveRate.toFixed(2)],
    ['run: originals/s', runRate.toFixed(2)],
    ['run: image files/s', (rendered / runS).toFixed(2)],
    ['run wall time (s)', runS.toFixed(1)],
    ['peak RSS during run (MB)', String(Math.round(runPeak / 1e6))],
    ['problems', String(report.problems.length)],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(38)} ${v}\n`);
  process.stdout.write(
    `${JSON.stringify({
      orders: report.orders,
      prints_per_s: round(rendered / runS),
      ratio_to_primitive: round(runRate / primitiveRate),
      prints_ratio_to_primitive: round(rendered / runS / primitiveRate),
      decodes: report.decodes,
      distinct_originals: used.size,
      digital_as_shot: report.digitalAsShot,
      peak_rss_mb: Math.round(runPeak / 1e6),
      primitive_originals_per_s: round(primitiveRate),
      run_s: round(runS),
      cores,
    })}\n`,
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
