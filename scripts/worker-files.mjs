// Worker threads run as plain files next to the bundle that starts them (the HEIF decoder, the
// cards' QR reader): every bundle of the Node side (the app's build, the benchmarks') copies them.
import { cpSync } from 'node:fs';
import path from 'node:path';

export const WORKER_FILES = [
  'src/main/core/ingest/heif-decode.worker.cjs',
  'src/main/core/cards/qr-read.worker.cjs',
];

export function copyWorkers(outDir) {
  for (const file of WORKER_FILES) cpSync(file, path.join(outDir, path.basename(file)));
}
