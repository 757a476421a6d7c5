import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, validateBuilderConfig } from './check-builder-config.mjs';

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

  it('rejects an invalid configuration with electron-builder’s message', async () => {
    await expect(validateBuilderConfig(`${text}\nnotAnOption: 1\n`)).rejects.toThrow(/notAnOption/);
  });
});
