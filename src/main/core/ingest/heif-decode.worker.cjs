// Decodes one HEIF/HEIC photo per message with libheif (WebAssembly, from the libheif-js package),
// off the main thread: the image library's prebuilt build has no HEVC decoder, and a 12 MP decode
// takes a core for a few hundred milliseconds, which must never freeze the UI or the card copy.
// Plain CommonJS on purpose: a worker runs a file as it is, in the sources as in the built app.
//
// In:  { id, file }                       (a path inside the job folder)
// Out: { id, ok: true, width, height, data }   (tight RGBA rows; `data` is transferred, not copied)
//      { id, ok: false, kind: 'damaged' | 'unsupported' | 'io', detail }
'use strict';
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');

let lib = null;

function libheif() {
  if (lib) return lib;
  // The .wasm is read from the package folder: nothing is ever fetched from the network.
  const wasmBinary = fs.readFileSync(require.resolve('libheif-js/libheif-wasm/libheif.wasm'));
  lib = require('libheif-js/libheif-wasm/libheif.js')({ wasmBinary });
  return lib;
}

const codeOf = (error) =>
  error && error.code && typeof error.code.value === 'number' ? error.code.value : 0;

/** libheif's error codes (heif_error_code): which ones mean "this build cannot", not "broken bytes". */
const UNSUPPORTED = new Set([
  3 /* Unsupported_filetype */, 4 /* Unsupported_feature */, 7 /* Decoder_plugin_error */,
]);

function failure(error, fallback) {
  const code = codeOf(error);
  const detail = String((error && error.message) || fallback)
    .split('\n')[0]
    .slice(0, 200);
  // "Unsupported codec" comes as Unsupported_feature; a truncated file as Invalid_input (2).
  const kind =
    UNSUPPORTED.has(code) && !/end of file|out of bounds|outside of file/i.test(detail)
      ? 'unsupported'
      : 'damaged';
  return { kind, detail };
}

async function decode(file) {
  const heif = libheif();
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    // Not the photo's fault (the disk, the file moved): the caller retries later.
    return { ok: false, kind: 'io', detail: String(error.code || error.message) };
  }
  const ctx = heif.heif_context_alloc();
  let handle = null;
  let image = null;
  try {
    const read = heif.heif_context_read_from_memory(ctx, bytes);
    if (codeOf(read) !== 0) return { ok: false, ...failure(read, 'unreadable container') };
    handle = heif.heif_js_context_get_primary_image_handle(ctx);
    if (!handle || codeOf(handle) !== 0) return { ok: false, ...failure(handle, 'no primary image') };
    // libheif applies the container's rotation and mirror (irot/imir) while decoding.
    const decoded = await heif.heif_js_decode_image2(
      handle,
      heif.heif_colorspace.heif_colorspace_RGB,
      heif.heif_chroma.heif_chroma_interleaved_RGBA,
    );
    if (!decoded || codeOf(decoded) !== 0) return { ok: false, ...failure(decoded, 'decoding failed') };
    image = decoded.image;
    const channel = (decoded.channels || []).find((c) => c.id === heif.heif_channel.heif_channel_interleaved);
    if (!channel) return { ok: false, kind: 'damaged', detail: 'no pixels' };
    const { width, height, stride } = channel;
    const row = width * 4;
    const out = new Uint8Array(row * height);
    if (stride === row) out.set(channel.data.subarray(0, row * height));
    else
      for (let y = 0; y < height; y += 1)
        out.set(channel.data.subarray(y * stride, y * stride + row), y * row);
    return { ok: true, width, height, data: out.buffer };
  } catch (error) {
    return { ok: false, kind: 'damaged', detail: String((error && error.message) || error).slice(0, 200) };
  } finally {
    if (image) heif.heif_image_release(image);
    if (handle && typeof handle === 'object' && codeOf(handle) === 0) heif.heif_image_handle_release(handle);
    heif.heif_context_free(ctx);
  }
}

parentPort.on('message', (message) => {
  decode(message.file).then(
    (result) => {
      const transfer = result.ok ? [result.data] : [];
      parentPort.postMessage({ id: message.id, ...result }, transfer);
    },
    (error) => {
      parentPort.postMessage({
        id: message.id,
        ok: false,
        kind: 'damaged',
        detail: String(error).slice(0, 200),
      });
    },
  );
});
