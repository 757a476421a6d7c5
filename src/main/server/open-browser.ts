/**
 * Opens the browser host in a local Chromium-family browser as an app window (no tabs, no address
 * bar), with a profile of its own inside the data folder so it never touches the user's browsing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export function browserCandidates(
  platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (env.PREAU_BROWSER) return [env.PREAU_BROWSER];
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    return roots.flatMap((root) => [
      path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      path.join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  const dirs = (env.PATH ?? '/usr/bin:/usr/local/bin').split(path.delimiter);
  return ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'].flatMap(
    (name) => dirs.map((dir) => path.join(dir, name)),
  );
}

export function findBrowser(candidates = browserCandidates()): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** Starts the browser on `url`; returns false when none was found (the caller prints the address). */
export function openAppWindow(url: string, profileDir: string): boolean {
  const browser = findBrowser();
  if (!browser) return false;
  const child = spawn(
    browser,
    [
      `--app=${url}`,
      `--user-data-dir=${profileDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=fr',
      '--window-size=1440,900',
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  child.unref();
  return true;
}
