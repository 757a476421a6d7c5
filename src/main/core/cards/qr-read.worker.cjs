// Reads the QR codes of one frame per message with ZXing-C++ compiled to WebAssembly (zxing-wasm),
// off the main thread: a frame takes the reader some 20 ms of a core, and during an ingest that
// would hold the thread which schedules the copies and answers the screens, frame after frame.
// Plain CommonJS on purpose: a worker runs a file as it is, in the sources as in the built app.
//
// In:  { id, width, height, channels, data }   (upright pixels, 1, 3 or 4 channels; `data` transferred)
// Out: { id, ok: true, texts, partial }         (texts of codes read in full; a code seen, not read)
//      { id, ok: false, detail }
'use strict';
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
const { prepareZXingModule, readBarcodes } = require('zxing-wasm/reader');

let prepared = false;

function prepare() {
  if (prepared) return;
  // The .wasm is read from the package folder: nothing is ever fetched from the network (the
  // package would otherwise load it from a CDN).
  const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
  const wasm = fs.readFileSync(wasmPath);
  prepareZXingModule({
    overrides: {
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
      locateFile: (file, prefix) => (file.endsWith('.wasm') ? wasmPath : prefix + file),
    },
  });
  prepared = true;
}

// The RGBA the reader takes, one 32-bit write per pixel (little-endian: alpha, blue, green, red from
// the high byte down): three times faster than byte by byte.
function toRgba(data, width, height, channels) {
  if (channels === 4) return new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  const n = width * height;
  const out = new Uint32Array(n);
  if (channels >= 3)
    for (let i = 0, j = 0; i < n; i += 1, j += channels)
      out[i] = 0xff000000 | (data[j + 2] << 16) | (data[j + 1] << 8) | data[j];
  else for (let i = 0, j = 0; i < n; i += 1, j += channels) out[i] = 0xff000000 | (data[j] * 0x010101);
  return new Uint8ClampedArray(out.buffer);
}

async function read(message) {
  prepare();
  const { width, height, channels } = message;
  const data = new Uint8Array(message.data);
  const results = await readBarcodes(
    { data: toRgba(data, width, height, channels), width, height },
    {
      formats: ['QRCode'],
      // Cards are held upright (±20°; the frame is already turned by its EXIF orientation): no
      // quarter-turn search, about half the time per frame for the same cards read.
      tryHarder: true,
      tryRotate: false,
      tryInvert: false,
      tryDownscale: false,
      maxNumberOfSymbols: 8,
      returnErrors: true,
    },
  );
  const texts = [...new Set(results.filter((r) => r.isValid).map((r) => r.text))];
  return { ok: true, texts, partial: results.some((r) => !r.isValid) };
}

parentPort.on('message', (message) => {
  read(message).then(
    (result) => parentPort.postMessage({ id: message.id, ...result }),
    (error) =>
      parentPort.postMessage({
        id: message.id,
        ok: false,
        detail: String((error && error.message) || error).slice(0, 200),
      }),
  );
});
