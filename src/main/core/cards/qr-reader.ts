/**
 * Reads the QR codes of a frame from pixels already decoded (the ingest's preview pixels), with
 * ZXing-C++ compiled to WebAssembly (zxing-wasm). Its .wasm is read from the package in
 * node_modules and handed over as bytes, so nothing is ever fetched (zxing-wasm would otherwise
 * load it from a CDN). No image content is judged here beyond "is there a code and what does it say".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';
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

/**
 * The RGBA the reader takes. One 32-bit write per pixel (alpha, blue, green, red from the high
 * byte down on a little-endian machine, which every machine Préau runs on is): three times faster
 * than byte by byte, which mattered — the copy cost as much as the reading itself.
 */
function toRgba(p: Pixels): Uint8ClampedArray {
  if (p.channels === 4) return new Uint8ClampedArray(p.data.buffer, p.data.byteOffset, p.data.byteLength);
  const n = p.width * p.height;
  const out = new Uint32Array(n);
  const src = p.data;
  const step = p.channels;
  if (step >= 3)
    for (let i = 0, j = 0; i < n; i += 1, j += step)
      out[i] = 0xff000000 | (src[j + 2]! << 16) | (src[j + 1]! << 8) | src[j]!;
  else for (let i = 0, j = 0; i < n; i += 1, j += step) out[i] = 0xff000000 | (src[j]! * 0x010101);
  return new Uint8ClampedArray(out.buffer);
}

function summarise(results: ReadResult[]): FrameCodes {
  const texts = [...new Set(results.filter((r) => r.isValid).map((r) => r.text))];
  const partial = results.some((r) => !r.isValid);
  return { texts, partial };
}

/** The QR codes of decoded pixels. */
export async function readCodes(pixels: Pixels): Promise<FrameCodes> {
  prepare();
  const image = { data: toRgba(pixels), width: pixels.width, height: pixels.height };
  const results = await readBarcodes(image, {
    formats: ['QRCode'],
    // Cards are held upright (±20°; the preview is already turned by its EXIF orientation): no
    // quarter-turn search, about half the time per frame for the same cards read.
    tryHarder: true,
    tryRotate: false,
    tryInvert: false,
    tryDownscale: false,
    maxNumberOfSymbols: 8,
    returnErrors: true,
  });
  return summarise(results);
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
