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
import { PlatformClient } from '../src/main/core/publish/platform-client';
import type { OrderSyncReport } from '../src/shared/domain/order-book';
import { ORDERS_GALLERY, ordersSchool } from '../test/fixtures/orders-school';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 5000);
const CLASSES = 40;
const GOAL_S = 5;

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

async function main() {
  const school = await ordersSchool({ orders: ORDERS, classes: CLASSES, perClass: 25 });
  const { core, platform, token, jobId } = school;
  const client = core.client();
  const seedS = school.seedSeconds;
  try {
    // The primitive: every page fetched and parsed, nothing written.
    const fetchClient = new PlatformClient({ baseUrl: platform.url, token, maxSockets: 2 });
    let fetched = 0;
    let pages = 0;
    const fetchStarted = performance.now();
    for (let cursor = ''; ;) {
      const page = await fetchClient.orders(ORDERS_GALLERY, cursor);
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
      const task = await client.call('orders.sync', { jobId: jobId });
      await core.tasks.idle(jobId);
      const seconds = (performance.now() - started) / 1000;
      const done = (await client.call('tasks.list', { jobId: jobId })).find((t) => t.id === task.id)!;
      if (done.status !== 'done')
        throw new Error(`orders.sync ${done.status}: ${JSON.stringify(done.error)}`);
      return { seconds, report: done.result as OrderSyncReport };
    };
    const first = await sync();
    sample();
    const bookStarted = performance.now();
    const book = await client.call('orders.book', { jobId: jobId });
    const bookS = (performance.now() - bookStarted) / 1000;
    const second = await sync();
    sample();
    const ratio = first.seconds / fetchS;

    const row = (label: string, value: string) => `${label.padEnd(46)}${value}`;
    const out = [
      `orders.sync benchmark — ${ORDERS} online orders, ${school.children} children, ${CLASSES} classes, one gallery`,
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
    clearInterval(sampler);
    await school.close();
  }
}

await main();
