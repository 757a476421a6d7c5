/**
 * Decodes the QR codes of a rendered page with ZXing-C++ compiled to WebAssembly (zxing-wasm from
 * npm), so tests need no zbar on the machine. zxing-wasm fetches its .wasm from a CDN by default,
 * even under Node: here it gets the bytes of the copy in node_modules (wasmBinary), and locateFile
 * points there too, so nothing is ever fetched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);

/** node_modules/zxing-wasm/dist/reader/zxing_reader.wasm, found through the package's own exports. */
export const ZXING_WASM_PATH = require.resolve('zxing-wasm/reader/zxing_reader.wasm');

let prepared = false;

function prepare(): void {
  if (prepared) return;
  const wasm = readFileSync(ZXING_WASM_PATH);
  prepareZXingModule({
    overrides: {
      // The module's bytes, handed over: Emscripten then compiles them and fetches nothing.
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
      locateFile: (file: string, prefix: string) =>
        file.endsWith('.wasm') ? ZXING_WASM_PATH : prefix + file,
    },
  });
  prepared = true;
}

/** The text of every QR code found in an image (PNG or JPEG bytes), top to bottom as ZXing finds them. */
export async function decodeQrCodes(image: Uint8Array): Promise<string[]> {
  prepare();
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 8 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** The text of the one QR code of an image; throws when there is none or more than one. */
export async function decodeQrCode(image: Uint8Array): Promise<string> {
  const texts = await decodeQrCodes(image);
  if (texts.length !== 1) throw new Error(`expected one QR code in the image, found ${texts.length}`);
  return texts[0]!;
}

/** The text of every Code 128 barcode found in an image (PNG or JPEG bytes), as a packing table's scanner reads them. */
export async function decodeCode128(image: Uint8Array): Promise<string[]> {
  prepare();
  const results = await readBarcodes(image, { formats: ['Code128'], tryHarder: true, maxNumberOfSymbols: 32 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
