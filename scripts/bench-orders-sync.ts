/**
 * `npm run bench:orders-sync`: how fast `orders.sync` brings a big school's online orders into a
 * fresh job's order book, against its primitive measured in the same run. A sandbox platform (in
 * this process, on loopback) holds one school's gallery with 5,000 paid online orders (1 to 4 lines
 * each, over 1,000 children in 40 classes); the job knows the gallery's children as a publish
 * records them. Then:
 *   - the primitive: every page of the orders API fetched and parsed (`GET …/orders`, 500 a page),
 *     nothing written;
 *   - the real sync through the contract (`orders.sync`, a task; waited for to its end): the same
 *     pages, every order looked up by its platform id and written with its lines, page by page in
 *     one transaction with the cursor it reached;
 *   - a second sync, which must add nothing.
 * `ratio_to_fetch` = sync time ÷ fetch time (1.0: writing the book costs nothing). Goal: the sync
 * in 5 s or less. `BENCH_ORDERS=N` changes the number of orders. Prints a table, then one JSON
 * line. Figures are noisy when other work shares the machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/main/core/core';
import { PlatformClient } from '../src/main/core/publish/platform-client';
import { PublicationRepository } from '../src/main/core/publish/publication.repository';
import { silentLogger } from '../src/main/lib/logger';
import { openDatabase } from '../src/main/lib/sqlite';
import { platformMigrations } from '../src/main/platform/platform-migrations';
import { PlatformRepository } from '../src/main/platform/platform.repository';
import { startPlatform } from '../src/main/platform/platform-server';
import type { OrderSyncReport } from '../src/shared/domain/order-book';
import type { PlatformOrder } from '../src/shared/publish/protocol';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 5000);
const CLASSES = 40;
const PER_CLASS = 25;
const GALLERY = 'bench-orders-school';
const GOAL_S = 5;

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

const PRODUCTS = [
  { ref: 'P', unitCents: 2200, perPose: true },
  { ref: 'T1', unitCents: 350, perPose: true },
  { ref: 'T3', unitCents: 1050, perPose: true },
  { ref: 'CL', unitCents: 900, perPose: false },
];

/** The platform's data folder with the school's gallery and its orders, as families placed them. */
function seedPlatform(dataDir: string, studentRefs: readonly string[]): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(dataDir, 'platform.sqlite'), platformMigrations);
  const repo = new PlatformRepository(db);
  const start = Date.parse('2026-10-20T08:00:00.000Z');
  db.transaction(() => {
    repo.upsertGallery(
      { galleryRef: GALLERY, schoolName: 'École du Banc d’Essai', town: 'Rennes', schoolYear: '2026-2027' },
      new Date(start).toISOString(),
    );
    for (let i = 0; i < ORDERS; i += 1) {
      const lines = PRODUCTS.slice(0, 1 + (i % 4)).map((p, k) => {
        const quantity = 1 + ((i + k) % 3);
        return {
          ref: p.ref,
          pose: p.perPose ? 1 + ((i + k) % 3) : null,
          quantity,
          unitCents: p.unitCents,
          totalCents: quantity * p.unitCents,
        };
      });
      const at = new Date(start + i * 37_000).toISOString();
      const id = randomBytes(12).toString('base64url');
      const order: PlatformOrder = {
        orderId: `o_${id}`,
        galleryRef: GALLERY,
        studentRef: studentRefs[i % studentRefs.length]!,
        lines,
        totalCents: lines.reduce((n, l) => n + l.totalCents, 0),
        paymentStatus: 'paid',
        paymentRef: `SIMUL-${id.slice(0, 10).toUpperCase()}`,
        reason: '',
        placedAt: at,
        updatedAt: at,
      };
      repo.insertOrder(order);
    }
  })();
  db.close();
}

async function main() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'preau-bench-orders-'));
  const platformDir = path.join(root, 'platform');
  const token = `preau_${randomBytes(32).toString('base64url')}`;
  let baseUrl = '';
  const core = await createCore({
    host: 'cli',
    logger: silentLogger,
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'lib'),
    port: { platformTarget: () => Promise.resolve(baseUrl ? { baseUrl, token } : null) },
  });
  const client = core.client();
  try {
    // The school: 40 classes of 25, every child published under an opaque reference.
    const job = await client.call('jobs.create', {
      dir: path.join(root, 'job'),
      schoolName: 'École du Banc d’Essai',
      town: 'Rennes',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const students: { studentId: string; studentRef: string; photos: number }[] = [];
    for (let c = 0; c < CLASSES; c += 1) {
      const cls = await client.call('classes.add', { jobId: job.id, label: `Classe ${c + 1}`, level: 'CE1' });
      for (let s = 0; s < PER_CLASS; s += 1) {
        const student = await client.call('students.add', {
          jobId: job.id,
          classId: cls.id,
          firstName: `Élève${s + 1}`,
          familyName: `Famille ${c + 1}-${s + 1}`,
        });
        students.push({ studentId: student.id, studentRef: `s_${c}_${s}`, photos: 1 });
      }
    }
    const seedStarted = performance.now();
    seedPlatform(
      platformDir,
      students.map((s) => s.studentRef),
    );
    const seedS = (performance.now() - seedStarted) / 1000;
    const platform = await startPlatform({ dataDir: platformDir, token });
    baseUrl = platform.url;
    const opened = core.jobs.get(job.id);
    new PublicationRepository(opened.db).record({
      platformUrl: platform.url,
      galleryRef: GALLERY,
      manifestRef: 'm1',
      version: 1,
      publishedAt: new Date().toISOString(),
      files: students.length,
      students,
    });

    try {
      // The primitive: every page fetched and parsed, nothing written.
      const fetchClient = new PlatformClient({ baseUrl: platform.url, token, maxSockets: 2 });
      let fetched = 0;
      let pages = 0;
      const fetchStarted = performance.now();
      for (let cursor = ''; ;) {
        const page = await fetchClient.orders(GALLERY, cursor);
        fetched += page.orders.length;
        pages += 1;
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
      const fetchS = (performance.now() - fetchStarted) / 1000;
      fetchClient.destroy();
      sample();

      const sync = async (): Promise<{ seconds: number; report: OrderSyncReport }> => {
        const started = performance.now();
        const task = await client.call('orders.sync', { jobId: job.id });
        await core.tasks.idle(job.id);
        const seconds = (performance.now() - started) / 1000;
        const done = (await client.call('tasks.list', { jobId: job.id })).find((t) => t.id === task.id)!;
        if (done.status !== 'done')
          throw new Error(`orders.sync ${done.status}: ${JSON.stringify(done.error)}`);
        return { seconds, report: done.result as OrderSyncReport };
      };
      const first = await sync();
      sample();
      const bookStarted = performance.now();
      const book = await client.call('orders.book', { jobId: job.id });
      const bookS = (performance.now() - bookStarted) / 1000;
      const second = await sync();
      sample();
      const ratio = first.seconds / fetchS;

      const row = (label: string, value: string) => `${label.padEnd(46)}${value}`;
      const out = [
        `orders.sync benchmark — ${ORDERS} online orders, ${students.length} children, ${CLASSES} classes, one gallery`,
        row('seed of the platform (not timed against)', `${seedS.toFixed(2)} s`),
        row(
          'fetch of every page, nothing written',
          `${fetchS.toFixed(3)} s (${pages} pages, ${fetched} orders)`,
        ),
        row(
          'first orders.sync into a fresh book',
          `${first.seconds.toFixed(3)} s (${first.report.added} added, ${first.report.pages} pages)`,
        ),
        row('orders per second (sync)', `${Math.round(first.report.added / first.seconds)}`),
        row('ratio sync ÷ fetch', `${ratio.toFixed(2)}`),
        row('orders in the book after the sync', `${book.length}`),
        row('orders.book (the whole book, as the screen)', `${bookS.toFixed(3)} s`),
        row(
          'second orders.sync',
          `${second.seconds.toFixed(3)} s (${second.report.added} added, ${second.report.unchanged} unchanged)`,
        ),
        row('goal', `≤ ${GOAL_S} s: ${first.seconds <= GOAL_S ? 'met' : 'MISSED'}`),
        row('peak RSS', `${Math.round(peakRss / 1e6)} MB`),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
      if (book.length !== ORDERS || first.report.added !== ORDERS || second.report.added !== 0)
        process.exitCode = 1;
      process.stdout.write(
        `${JSON.stringify({
          bench: 'orders-sync',
          orders: ORDERS,
          fetch_s: Number(fetchS.toFixed(3)),
          sync_s: Number(first.seconds.toFixed(3)),
          ratio_to_fetch: Number(ratio.toFixed(2)),
          orders_per_s: Math.round(first.report.added / first.seconds),
          second_sync_added: second.report.added,
          second_sync_s: Number(second.seconds.toFixed(3)),
          book_orders: book.length,
          book_read_s: Number(bookS.toFixed(3)),
          peak_rss_mb: Math.round(peakRss / 1e6),
          goal_met: first.seconds <= GOAL_S,
        })}\n`,
      );
    } finally {
      await platform.close();
    }
  } finally {
    clearInterval(sampler);
    await core.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
