/**
 * A folder the process really cannot write to. Permission bits do not stop root, so as root (CI) the
 * folder is a read-only tmpfs mount; as a normal user it is chmod 555.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Returns a read-only folder holding what `fill` wrote into it beforehand. */
export function readOnlyDir(parent: string, fill: (dir: string) => void = () => {}): string {
  const dir = path.join(parent, 'read-only');
  mkdirSync(dir, { recursive: true });
  fill(dir);
  if (process.getuid?.() === 0) {
    // Snapshot the filled folder into a tmpfs, then remount it read-only.
    const staging = `${dir}-staging`;
    execFileSync('cp', ['-a', dir, staging]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
    execFileSync('cp', ['-a', `${staging}/.`, dir]);
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    cleanups.push(() => execFileSync('umount', [dir]));
  } else {
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
  }
  return dir;
}
