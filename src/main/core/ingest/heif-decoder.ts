/**
 * HEIF/HEIC decoding off the main thread: a small pool of worker threads running libheif
 * (WebAssembly, `heif-decode.worker.cjs`). The image library's prebuilt build reads AVIF but has no
 * HEVC decoder, so every iPhone and most Android photos went through it as « endommagée ».
 *
 * The pool never runs more decodes than the ingest asks for (its image concurrency is the limit;
 * the pool only holds the threads), and workers that sat idle are ended: a WebAssembly memory only
 * grows, so a worker that decoded a 48 MP photo would otherwise hold that memory all day.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface DecodedRgba {
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

/** The bytes are damaged, or no decoder here reads this codec; the message says which. */
export class HeifDecodeError extends Error {
  constructor(
    readonly kind: 'damaged' | 'unsupported',
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'HeifDecodeError';
  }
}

const WORKER_FILE = 'heif-decode.worker.cjs';

function moduleDir(): string {
  // ESM (CLI, tests) has import.meta.url; the Electron main bundle is CommonJS and has __dirname.
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/** The worker file: next to the bundle in dist/main, or next to this module in the sources. */
export function heifWorkerFile(): string {
  const here = moduleDir();
  // Packaged: unpacked from the asar archive (a worker thread is started from a real file).
  const unpacked = here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
  const candidates = [unpacked, here].map((d) => path.join(d, WORKER_FILE));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`HEIF worker not found (looked in ${candidates.join(', ')})`);
  return found;
}

type Reply =
  | { id: number; ok: true; width: number; height: number; data: ArrayBuffer }
  | { id: number; ok: false; kind: 'damaged' | 'unsupported' | 'io'; detail: string };

interface Slot {
  worker: Worker;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
  pending: Map<number, { resolve: (r: DecodedRgba) => void; reject: (e: unknown) => void }>;
}

export class HeifDecoderPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;

  constructor(
    private readonly size = Math.max(1, os.availableParallelism()),
    private readonly idleMs = 15_000,
  ) {}

  /** Decodes the primary image of `file`, upright (the container's rotation applied), as RGBA. */
  async decode(file: string): Promise<DecodedRgba> {
    const slot = await this.acquire();
    try {
      return await new Promise<DecodedRgba>((resolve, reject) => {
        const id = this.nextId++;
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, file });
      });
    } finally {
      this.release(slot);
    }
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

  private async acquire(): Promise<Slot> {
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

  private release(slot: Slot): void {
    slot.busy = false;
    if (this.slots.includes(slot)) {
      slot.idleTimer = setTimeout(() => this.retire(slot), this.idleMs);
      slot.idleTimer.unref();
    }
    this.waiting.shift()?.();
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || slot.busy) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private spawn(): Slot {
    const worker = new Worker(heifWorkerFile());
    // A decoder thread never keeps the process alive (the CLI exits when its work is done).
    worker.unref();
    const slot: Slot = { worker, busy: false, idleTimer: null, pending: new Map() };
    worker.on('message', (reply: Reply) => {
      const waiter = slot.pending.get(reply.id);
      if (!waiter) return;
      slot.pending.delete(reply.id);
      if (reply.ok)
        waiter.resolve({
          data: Buffer.from(reply.data),
          width: reply.width,
          height: reply.height,
          channels: 4,
        });
      else if (reply.kind === 'io') waiter.reject(new Error(`HEIF read failed: ${reply.detail}`));
      else waiter.reject(new HeifDecodeError(reply.kind, reply.detail));
    });
    const fail = (error: unknown) => {
      // A worker that died (out of memory on a huge file) takes only its own decode with it.
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const w of slot.pending.values()) w.reject(error);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (slot.pending.size > 0) fail(new Error(`HEIF worker exited (${code})`));
    });
    this.slots.push(slot);
    return slot;
  }
}

let shared: HeifDecoderPool | null = null;

/** The process-wide pool (threads are made on first use and ended when idle). */
export function heifDecoders(): HeifDecoderPool {
  shared ??= new HeifDecoderPool();
  return shared;
}

export async function closeHeifDecoders(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
