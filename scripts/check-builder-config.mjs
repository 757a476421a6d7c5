// Validates electron-builder.yml against electron-builder's own schema, without packaging (packaging
// would download Electron). Exit code 1 with electron-builder's message when the file is invalid.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { load } = require('js-yaml');
const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');

const config = load(readFileSync('electron-builder.yml', 'utf8'));
try {
  await validateConfiguration(config, new DebugLogger(false));
  console.log('electron-builder.yml : configuration valide');
} catch (error) {
  console.error(
    `electron-builder.yml : configuration invalide\n${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
