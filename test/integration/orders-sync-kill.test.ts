/**
 * A real kill -9 of `preau orders sync` in the middle of a sync (the built CLI in its own process),
 * then the same command again: the order book holds every online order of the platform exactly
 * once — nothing lost, nothing doubled — and a third run adds nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersSchool, type OrdersSchool } from '../fixtures/orders-school';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'dist/main/cli.js');
const ORDERS = 8000;

let school: OrdersSchool;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { cwd: repo, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  school = await ordersSchool({ orders: ORDERS, classes: 8, perClass: 25 });
  // The CLI opens the job itself: the studio's core lets go of it.
  await school.core.close();
}, 120_000);

afterAll(() => school?.close());

/** Orders in the job's book, and distinct platform ids among them (read while the CLI writes). */
function book(): { orders: number; distinct: number } {
  const db = new Database(path.join(school.jobDir, 'job.preau.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const r = db
      .prepare('SELECT COUNT(*) AS orders, COUNT(DISTINCT platform_order_id) AS ids FROM book_order')
      .get() as { orders: number; ids: number };
    return { orders: r.orders, distinct: r.ids };
  } catch {
    return { orders: 0, distinct: 0 }; // the table is not there yet
  } finally {
    db.close();
  }
}

function sync(): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; pid: number }> & {
  pid: number;
} {
  const args = [
    cli,
    '--data',
    school.dataDir,
    '--library',
    school.libraryDir,
    'orders',
    'sync',
    '--job',
    school.jobDir,
    '--target',
    school.platform.url,
    '--json',
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, PREAU_PLATFORM_TOKEN: school.token },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; pid: number }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, pid: child.pid! })),
  );
  return Object.assign(done, { pid: child.pid! });
}

describe('orders sync killed mid-way', () => {
  it('keeps each online order once after a kill -9 between pages, and the next run completes the book', async () => {
    const first = sync();
    // Killed as soon as a first page is in the book and before the last one is.
    let exited = false;
    void first.then(() => (exited = true));
    while (!exited && book().orders === 0) await new Promise((r) => setTimeout(r, 5));
    if (!exited) process.kill(-first.pid, 'SIGKILL');
    const killed = await first;
    expect(killed.out).not.toContain('Error');
    expect(killed.signal).toBe('SIGKILL');
    const afterKill = book();
    expect(afterKill.orders).toBeGreaterThan(0);
    expect(afterKill.orders).toBeLessThan(ORDERS); // the kill really fell mid-sync
    expect(afterKill.distinct).toBe(afterKill.orders);

    const resumed = await sync();
    expect(resumed.code, resumed.out).toBe(0);
    const report = JSON.parse(resumed.out.trim().split('\n').at(-1)!) as { added: number };
    expect(report.added).toBe(ORDERS - afterKill.orders);
    expect(book()).toEqual({ orders: ORDERS, distinct: ORDERS });

    const again = await sync();
    expect(again.code, again.out).toBe(0);
    expect(JSON.parse(again.out.trim().split('\n').at(-1)!)).toMatchObject({ added: 0 });
    expect(book()).toEqual({ orders: ORDERS, distinct: ORDERS });
  }, 180_000);
});
