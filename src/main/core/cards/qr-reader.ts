/**
 * Reads the QR codes of a frame from pixels already decoded (the ingest's preview pixels), with
 * ZXing-C++ compiled to WebAssembly (zxing-wasm) on worker threads (qr-read.worker.cjs, which reads
 * the .wasm from the package in node_modules: nothing is ever fetched from a CDN). No image content
 * is judged here beyond "is there a code and what does it say".
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerPool, workerFileNear } from '../../lib/worker-pool';
import type { FramePixels } from '../ingest/frame-codes.port';

export type Pixels = FramePixels;

export interface FrameCodes {
  /** Texts of the codes read in full. */
  texts: string[];
  /** A code was located but could not be read in full (glare, blur, cut off). */
  partial: boolean;
}

type WorkerReply = { ok: true; texts: string[]; partial: boolean } | { ok: false; detail: string };

let pool: WorkerPool<Omit<FramePixels, 'data'> & { data: ArrayBuffer }, WorkerReply> | null = null;

function moduleDir(): string {
  // ESM (CLI, tests) has import.meta.url; the Electron main bundle is CommonJS and has __dirname.
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(fileURLToPath(import.meta.url));
}

/**
 * The QR codes of decoded pixels, read on a worker thread (`qr-read.worker.cjs`): the main thread
 * keeps scheduling the ingest's copies and answering the screens while a frame is read.
 */
export async function readCodes(pixels: Pixels): Promise<FrameCodes> {
  pool ??= new WorkerPool(
    () => workerFileNear(moduleDir(), 'qr-read.worker.cjs'),
    Math.max(1, os.availableParallelism()),
  );
  // A copy the thread owns: the caller's pixels are being encoded into the preview meanwhile.
  const data = new Uint8Array(pixels.data).buffer;
  const reply = await pool.run(
    { width: pixels.width, height: pixels.height, channels: pixels.channels, data },
    [data],
  );
  if (!reply.ok) throw new Error(`QR reading failed: ${reply.detail}`);
  return { texts: reply.texts, partial: reply.partial };
}
