#!/usr/bin/env node
// The `preau` command: runs the built CLI (dist/), built by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { restartWithMallocArenas } from './malloc-arenas.js';

const cli = fileURLToPath(new URL('../dist/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('Préau Studio n’est pas construit : lancez « npm run build » dans son dossier.\n');
  process.exit(1);
}
restartWithMallocArenas();
await import(cli);
