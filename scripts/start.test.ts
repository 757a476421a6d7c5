import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/temp-dir';
import { appEnv, chooseLaunch, installedElectron, needsBuild } from './start.mjs';

describe('chooseLaunch', () => {
  it('launches Electron when its binary is installed', () => {
    expect(chooseLaunch({ electronInstalled: true, downloadSucceeded: undefined })).toBe('electron');
  });

  it('tries Electron’s download first when the binary is missing', () => {
    expect(chooseLaunch({ electronInstalled: false, downloadSucceeded: undefined })).toBe('download');
  });

  it('launches Electron once the download worked', () => {
    expect(chooseLaunch({ electronInstalled: false, downloadSucceeded: true })).toBe('electron');
  });

  it('falls back to the browser host when the download failed (offline machine)', () => {
    expect(chooseLaunch({ electronInstalled: false, downloadSucceeded: false })).toBe('browser');
  });

  it('goes straight to the browser when downloading is disabled or the browser is asked for', () => {
    expect(
      chooseLaunch({ electronInstalled: false, downloadSucceeded: undefined, downloadAllowed: false }),
    ).toBe('browser');
    expect(chooseLaunch({ electronInstalled: true, downloadSucceeded: undefined, preferBrowser: true })).toBe(
      'browser',
    );
  });
});

describe('installedElectron', () => {
  function electronDir(pathTxt: string | null, binary: string | null) {
    const dir = tempDir();
    if (pathTxt !== null) writeFileSync(path.join(dir, 'path.txt'), pathTxt);
    if (binary !== null) {
      mkdirSync(path.join(dir, 'dist'), { recursive: true });
      writeFileSync(path.join(dir, 'dist', binary), '');
    }
    return dir;
  }

  it('finds the binary path.txt names', () => {
    const dir = electronDir('electron', 'electron');
    expect(installedElectron(dir)).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('says not installed when path.txt or the binary is missing (package installed without its binary)', () => {
    expect(installedElectron(electronDir(null, null))).toBeNull();
    expect(installedElectron(electronDir('electron', null))).toBeNull();
    expect(installedElectron(electronDir('', 'electron'))).toBeNull();
  });
});

describe('needsBuild', () => {
  it('builds when an output is missing', () => {
    expect(needsBuild([10, undefined], 5)).toBe(true);
    expect(needsBuild([], 5)).toBe(true);
  });

  it('builds when a source is newer than the oldest output, not otherwise', () => {
    expect(needsBuild([10, 20], 15)).toBe(true);
    expect(needsBuild([10, 20], 9)).toBe(false);
  });
});

describe('appEnv', () => {
  it('gives the app two malloc arenas on Linux, keeps a value the user set, and never runs Electron as Node', () => {
    expect(appEnv({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' }, 'linux')).toEqual({
      PATH: '/bin',
      MALLOC_ARENA_MAX: '2',
    });
    expect(appEnv({ MALLOC_ARENA_MAX: '8' }, 'linux').MALLOC_ARENA_MAX).toBe('8');
    expect(appEnv({ PATH: 'C:\\bin' }, 'win32')).toEqual({ PATH: 'C:\\bin' });
  });
});
