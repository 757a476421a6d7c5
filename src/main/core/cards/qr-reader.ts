/**
 * Reads the QR codes of a frame from pixels already decoded (the ingest's preview pixels), with
 * ZXing-C++ compiled to WebAssembly (zxing-wasm), on worker threads. Its .wasm is read from the package in
 * node_modules and handed over as bytes, so nothing is ever fetched (zxing-wasm would otherwise
 * load it from a CDN). No image content is judged here beyond "is there a code and what does it say".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';
import { WorkerPool, workerFileNear } from '../../lib/worker-pool';
import type { FramePixels } from '../ingest/frame-codes.port';

function resolveWasm(): string {
  // The Electron main bundle is CommonJS (it has __dirname and a real require); the CLI and tests are ESM.
  const req = typeof __dirname === 'string' ? require : createRequire(import.meta.url);
  return req.resolve('zxing-wasm/reader/zxing_reader.wasm');
}

let prepared = false;

function prepare(): void {
  if (prepared) return;
  const wasmPath = resolveWasm();
  const wasm = readFileSync(wasmPath);
  prepareZXingModule({
    overrides: {
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
      locateFile: (file: string, prefix: string) => (file.endsWith('.wasm') ? wasmPath : prefix + file),
    },
  });
  prepared = true;
}

export type Pixels = FramePixels;

export interface FrameCodes {
  /** Texts of the codes read in full. */
  texts: string[];
  /** A code was located but could not be read in full (glare, blur, cut off). */
  partial: boolean;
}

function summarise(results: ReadResult[]): FrameCodes {
  const texts = [...new Set(results.filter((r) => r.isValid).map((r) => r.text))];
  const partial = results.some((r) => !r.isValid);
  return { texts, partial };
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

/** The QR codes of an encoded image (PNG/JPEG bytes): a card printed from the PDF, a retry. */
export async function readCodesFromFile(bytes: Uint8Array): Promise<FrameCodes> {
  prepare();
  const results = await readBarcodes(bytes, {
    formats: ['QRCode'],
    tryHarder: true,
    maxNumberOfSymbols: 8,
    returnErrors: true,
  });
  return summarise(results);
}
