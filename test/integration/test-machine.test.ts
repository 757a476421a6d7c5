/**
 * The lookups that decide which suites this machine runs (test/helpers/machine.ts), on real folders:
 * a Chromium is found on PATH or through PREAU_CHROMIUM and nowhere else, and the Electron binary
 * counts as installed only when the electron package's own path.txt names an executable of the
 * pinned version — so the smoke test runs exactly when Electron can start, and skips otherwise.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookUpChromium, lookUpElectron, lookUpElectronBinary } from '../helpers/machine';
import { tempDir } from '../helpers/temp-dir';

function executable(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

/** A node_modules/electron folder as the package leaves it: with or without its downloaded dist/. */
function electronPackage(
  root: string,
  options: { pathTxt?: string; binary?: boolean; distVersion?: string },
) {
  const dir = path.join(root, 'electron');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  if (options.pathTxt !== undefined) writeFileSync(path.join(dir, 'path.txt'), options.pathTxt);
  if (options.binary) executable(path.join(dir, 'dist', options.pathTxt ?? 'electron'));
  if (options.distVersion) writeFileSync(path.join(dir, 'dist', 'version'), options.distVersion);
  return dir;
}

describe.skipIf(process.platform === 'win32')('what the machine can run', () => {
  it('finds Chromium on PATH, by any of its names, and only there', () => {
    const root = tempDir();
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    expect(lookUpChromium({ PATH: bin }).missing).toMatch(/^no Chromium found \(chromium, chromium-browser/);
    // A file that is not executable is not a browser.
    writeFileSync(path.join(bin, 'chromium'), '');
    expect(lookUpChromium({ PATH: bin }).path).toBeUndefined();
    const chrome = executable(path.join(root, 'other', 'google-chrome-stable'));
    expect(lookUpChromium({ PATH: [bin, path.dirname(chrome)].join(path.delimiter) })).toEqual({
      path: chrome,
      missing: undefined,
    });
  });

  it('takes PREAU_CHROMIUM over PATH, and PREAU_CHROMIUM=none hides every browser', () => {
    const root = tempDir();
    const onPath = executable(path.join(root, 'bin', 'chromium'));
    const chosen = executable(path.join(root, 'opt', 'chrome'));
    const PATH = path.dirname(onPath);
    expect(lookUpChromium({ PATH, PREAU_CHROMIUM: chosen }).path).toBe(chosen);
    expect(lookUpChromium({ PATH, PREAU_CHROMIUM: 'none' })).toEqual({
      path: undefined,
      missing: 'no Chromium (PREAU_CHROMIUM=none)',
    });
    expect(lookUpChromium({ PATH, PREAU_CHROMIUM: path.join(root, 'nothing') }).missing).toMatch(
      /is not an executable file/,
    );
  });

  it('counts Electron as installed only when path.txt names an executable of the pinned version', () => {
    const root = tempDir();
    // As here: the package without its download (no path.txt, no dist/).
    const bare = electronPackage(path.join(root, 'a'), {});
    expect(lookUpElectronBinary({}, bare).missing).toMatch(/^Electron binary not installed \(.*no path\.txt/);
    // path.txt written but the binary gone.
    const gone = electronPackage(path.join(root, 'b'), { pathTxt: 'electron' });
    expect(lookUpElectronBinary({}, gone).missing).toMatch(/dist\/electron is missing/);
    // A binary left from another version.
    const stale = electronPackage(path.join(root, 'c'), {
      pathTxt: 'electron',
      binary: true,
      distVersion: 'v44.0.0',
    });
    expect(lookUpElectronBinary({}, stale).missing).toBe(
      'Electron binary is 44.0.0, the package pins 45.4.1 (reinstall electron)',
    );
    const good = electronPackage(path.join(root, 'd'), {
      pathTxt: 'electron',
      binary: true,
      distVersion: 'v45.4.1',
    });
    expect(lookUpElectronBinary({}, good)).toEqual({
      path: path.join(good, 'dist', 'electron'),
      missing: undefined,
    });
    // ELECTRON_OVERRIDE_DIST_PATH, which the electron package itself honours.
    const override = path.join(root, 'custom');
    executable(path.join(override, 'electron'));
    expect(lookUpElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: override }, bare).path).toBe(
      path.join(override, 'electron'),
    );
  });

  it('needs a display for the Electron window on Linux', () => {
    const root = tempDir();
    const override = path.join(root, 'custom');
    executable(path.join(override, 'electron'));
    const env = { ELECTRON_OVERRIDE_DIST_PATH: override };
    expect(lookUpElectron(env, 'linux').missing).toMatch(/no display .*xvfb-run/);
    expect(lookUpElectron({ ...env, DISPLAY: ':99' }, 'linux').path).toBe(path.join(override, 'electron'));
    expect(lookUpElectron(env, 'darwin').path).toBe(path.join(override, 'electron'));
  });
});
