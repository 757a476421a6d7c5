/**
 * HEIF/HEIC decoding off the main thread: a small pool of worker threads running libheif
 * (WebAssembly, `heif-decode.worker.cjs`). The image library's prebuilt build reads AVIF but has no
 * HEVC decoder, so every iPhone and most Android photos went through it as « endommagée ».
 *
 * The pool never runs more decodes than the ingest asks for (its image concurrency is the limit;
 * the pool only holds the threads), and workers that sat idle are ended: a WebAssembly memory only
 * grows, so a worker that decoded a 48 MP photo would otherwise hold that memory all day.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerPool, workerFileNear } from '../../lib/worker-pool';

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
  return workerFileNear(moduleDir(), WORKER_FILE);
}

type Reply =
  | { ok: true; width: number; height: number; data: ArrayBuffer }
  | { ok: false; kind: 'damaged' | 'unsupported' | 'io'; detail: string };

export class HeifDecoderPool {
  private readonly pool: WorkerPool<{ file: string }, Reply>;

  constructor(size = Math.max(1, os.availableParallelism()), idleMs = 15_000) {
    this.pool = new WorkerPool(heifWorkerFile, size, idleMs);
  }

  /** Decodes the primary image of `file`, upright (the container's rotation applied), as RGBA. */
  async decode(file: string): Promise<DecodedRgba> {
    const reply = await this.pool.run({ file });
    if (reply.ok)
      return { data: Buffer.from(reply.data), width: reply.width, height: reply.height, channels: 4 };
    if (reply.kind === 'io') throw new Error(`HEIF read failed: ${reply.detail}`);
    throw new HeifDecodeError(reply.kind, reply.detail);
  }

  close(): Promise<void> {
    return this.pool.close();
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
