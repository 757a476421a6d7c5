/**
 * A small pool of worker threads running one plain CommonJS file, for work that would otherwise
 * hold the main thread (a WebAssembly decoder): one request per thread at a time, at most `size`
 * threads, each made on first use and ended after `idleMs` without work (a WebAssembly memory only
 * grows). A thread that dies takes only its own request with it. Threads never keep the process
 * alive: the command line exits when its work is done.
 *
 * The worker answers each `{ id, ...request }` message with `{ id, ...reply }`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type Transferable } from 'node:worker_threads';

/**
 * A worker file next to the module that starts it: next to the bundle in dist/main (unpacked from
 * the asar archive in the packaged app: a thread starts from a real file), or in the sources.
 */
export function workerFileNear(dir: string, file: string): string {
  const unpacked = dir.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
  const candidates = [unpacked, dir].map((d) => path.join(d, file));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`worker ${file} not found (looked in ${candidates.join(', ')})`);
  return found;
}

interface Slot<Reply> {
  worker: Worker;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
  pending: Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>;
}

export class WorkerPool<Request extends object, Reply extends object> {
  private readonly slots: Slot<Reply>[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;

  constructor(
    /** The worker file (looked up when the first thread starts). */
    private readonly file: () => string,
    private readonly size: number,
    private readonly idleMs = 15_000,
  ) {}

  /** Runs one request on a free thread (waiting for one when all are busy). */
  async run(request: Request, transfer: readonly Transferable[] = []): Promise<Reply> {
    const slot = await this.acquire();
    try {
      return await new Promise<Reply>((resolve, reject) => {
        const id = this.nextId++;
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ ...request, id }, [...transfer]);
      });
    } finally {
      this.release(slot);
    }
  }

  /** Threads alive now (for tests: idle ones are ended). */
  get threads(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map((s) => {
        if (s.idleTimer) clearTimeout(s.idleTimer);
        return s.worker.terminate();
      }),
    );
  }

  private async acquire(): Promise<Slot<Reply>> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        if (free.idleTimer) clearTimeout(free.idleTimer);
        free.idleTimer = null;
        return free;
      }
      if (this.slots.length < this.size) {
        const slot = this.spawn();
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot<Reply>): void {
    slot.busy = false;
    if (this.slots.includes(slot)) {
      slot.idleTimer = setTimeout(() => this.retire(slot), this.idleMs);
      slot.idleTimer.unref();
    }
    this.waiting.shift()?.();
  }

  private retire(slot: Slot<Reply>): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || slot.busy) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private spawn(): Slot<Reply> {
    const worker = new Worker(this.file());
    worker.unref();
    const slot: Slot<Reply> = { worker, busy: false, idleTimer: null, pending: new Map() };
    worker.on('message', (reply: Reply & { id: number }) => {
      const waiter = slot.pending.get(reply.id);
      if (!waiter) return;
      slot.pending.delete(reply.id);
      waiter.resolve(reply);
    });
    const fail = (error: unknown) => {
      // A thread that died (out of memory on a huge input) takes only its own request with it.
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const w of slot.pending.values()) w.reject(error);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (slot.pending.size > 0) fail(new Error(`worker exited (${code})`));
    });
    this.slots.push(slot);
    return slot;
  }
}
