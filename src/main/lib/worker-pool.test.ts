import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool';

// A worker that doubles a number, dies on « crash », and says which thread answered.
const WORKER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.n === 'crash') process.exit(3);
  setTimeout(() => parentPort.postMessage({ id: m.id, doubled: m.n * 2, thread: threadId }), 20);
});
`;

function workerFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'preau-pool-'));
  const file = path.join(dir, 'double.worker.cjs');
  writeFileSync(file, WORKER);
  return file;
}

type Request = { n: number | 'crash' };
type Reply = { doubled: number; thread: number };

let pool: WorkerPool<Request, Reply> | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('worker pool', () => {
  it('answers every request, never with more threads than its size', async () => {
    const file = workerFile();
    pool = new WorkerPool<Request, Reply>(() => file, 2);
    const replies = await Promise.all([1, 2, 3, 4, 5].map((n) => pool!.run({ n })));
    expect(replies.map((r) => r.doubled)).toEqual([2, 4, 6, 8, 10]);
    expect(new Set(replies.map((r) => r.thread)).size).toBe(2);
    expect(pool.threads).toBe(2);
  });

  it('loses only the request of a thread that died, and goes on with a new thread', async () => {
    const file = workerFile();
    pool = new WorkerPool<Request, Reply>(() => file, 1);
    const crashed = pool.run({ n: 'crash' });
    const next = pool.run({ n: 21 });
    await expect(crashed).rejects.toThrow(/exited \(3\)/);
    expect((await next).doubled).toBe(42);
  });

  it('ends a thread that sat idle', async () => {
    const file = workerFile();
    pool = new WorkerPool<Request, Reply>(() => file, 1, 50);
    await pool.run({ n: 1 });
    expect(pool.threads).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(pool.threads).toBe(0);
  });
});
