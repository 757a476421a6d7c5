// Validates electron-builder.yml against electron-builder's own schema, without packaging (packaging
// would download Electron). Exit code 1 with electron-builder's message when the file is invalid.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { load } = require('js-yaml');
const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');

export const CONFIG_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'electron-builder.yml',
);

/** Parses the YAML text; throws electron-builder's own message when the configuration is invalid. */
export async function validateBuilderConfig(text) {
  const config = load(text);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await validateBuilderConfig(readFileSync(CONFIG_FILE, 'utf8'));
    console.log('electron-builder.yml : configuration valide');
  } catch (error) {
    console.error(
      `electron-builder.yml : configuration invalide\n${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
