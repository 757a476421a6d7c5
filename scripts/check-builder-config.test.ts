import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, validateBuilderConfig } from './check-builder-config.mjs';
import { WORKER_FILES } from './worker-files.mjs';

const text = readFileSync(CONFIG_FILE, 'utf8');

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder’s schema', async () => {
    const config = await validateBuilderConfig(text);
    expect(config).toMatchObject({ appId: 'fr.preau.studio', productName: 'Préau Studio', asar: true });
  });

  it('flips the security fuses of the packaged binary', async () => {
    const config = await validateBuilderConfig(text);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('keeps native and binary dependencies out of the asar archive', async () => {
    const unpack = ((await validateBuilderConfig(text)).asarUnpack as string[]).join('\n');
    for (const dep of ['better-sqlite3', '@img', 'sharp', 'exiftool-vendored.pl', 'exiftool-vendored.exe']) {
      expect(unpack).toContain(dep);
    }
  });

  it('keeps every worker thread file and its WebAssembly package out of the asar archive', async () => {
    const unpack = (await validateBuilderConfig(text)).asarUnpack as string[];
    for (const file of WORKER_FILES) {
      expect(unpack).toContain(`dist/main/${path.basename(file)}`);
      // The package the worker requires, as its first lines name it (its .wasm is read as a file).
      const pkg = /require\('((?:@[^/']+\/)?[^/']+)[^']*'\)/.exec(
        readFileSync(file, 'utf8').replace(/require\('node:[^']+'\)/g, ''),
      )?.[1];
      expect(pkg).toBeTruthy();
      expect(unpack).toContain(`**/node_modules/${pkg}/**/*`);
    }
  });

  it('rejects an invalid configuration with electron-builder’s message', async () => {
    await expect(validateBuilderConfig(`${text}\nnotAnOption: 1\n`)).rejects.toThrow(/notAnOption/);
  });
});
