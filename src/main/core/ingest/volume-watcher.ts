/**
 * Notices camera cards as they are inserted, without Electron or any native module: every couple of
 * seconds it lists the platform's mount roots and keeps the volumes that hold a DCIM folder. Polling
 * (rather than fs.watch) because mount roots are not reliably watchable on every platform and a
 * readdir of a handful of folders every 2 s costs nothing. A card's files are counted once, when it
 * appears, never on every poll.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Volume } from '../../../shared/domain/ingest';
import { scanSource } from './source-scanner';

export interface MountRoots {
  /** Folders whose sub-folders are mount points (`/media/<user>`, `/Volumes`). */
  parents: string[];
  /** Mount points themselves (Windows drive letters). */
  volumes: string[];
}

/** Where removable volumes get mounted on this platform. */
export function defaultMountRoots(
  platform: NodeJS.Platform = process.platform,
  user: string = safeUserName(),
): MountRoots {
  switch (platform) {
    case 'darwin':
      return { parents: ['/Volumes'], volumes: [] };
    case 'win32':
      // A: B: are floppies and C: the system disk; cards get the later letters.
      return { parents: [], volumes: 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((l) => `${l}:\\`) };
    default:
      return { parents: [`/media/${user}`, `/run/media/${user}`, '/mnt'], volumes: [] };
  }
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

export interface VolumeWatcherOptions {
  roots?: MountRoots;
  intervalMs?: number;
  onChange?: (volumes: Volume[]) => void;
  onError?: (error: unknown) => void;
}

export async function hasDcim(dir: string): Promise<boolean> {
  try {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    return entries.some((e) => e.isDirectory() && e.name.toUpperCase() === 'DCIM');
  } catch {
    return false; // Unmounted between listing and reading, or not readable: not a card for us.
  }
}

async function subFolders(parent: string): Promise<string[]> {
  try {
    const entries = await fsp.readdir(parent, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => path.join(parent, e.name));
  } catch {
    return [];
  }
}

/** Every volume mounted under the roots right now, card or not (the folder browser offers them all). */
export async function listMountPoints(roots: MountRoots): Promise<string[]> {
  const volumes = await Promise.all(
    roots.volumes.map(async (v) =>
      (await fsp.stat(v).then(
        (s) => s.isDirectory(),
        () => false,
      ))
        ? v
        : null,
    ),
  );
  return [
    ...(await Promise.all(roots.parents.map(subFolders))).flat(),
    ...volumes.filter((v): v is string => v !== null),
  ];
}

export class VolumeWatcher {
  private readonly roots: MountRoots;
  private readonly intervalMs: number;
  private known = new Map<string, Volume>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(private readonly options: VolumeWatcherOptions = {}) {
    this.roots = options.roots ?? defaultMountRoots();
    this.intervalMs = options.intervalMs ?? 2000;
  }

  /** Cards mounted right now, in the order they appeared. */
  list(): Volume[] {
    return [...this.known.values()];
  }

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** One look at the mount roots; reports when the set of cards changed. Polls never overlap. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const candidates = [
      ...(await Promise.all(this.roots.parents.map(subFolders))).flat(),
      ...this.roots.volumes,
    ];
    const cards = (await Promise.all(candidates.map(async (c) => ((await hasDcim(c)) ? c : null)))).filter(
      (c): c is string => c !== null,
    );
    const next = new Map<string, Volume>();
    for (const dir of cards) {
      const known = this.known.get(dir);
      if (known) {
        next.set(dir, known);
        continue;
      }
      try {
        const scanned = await scanSource(dir);
        next.set(dir, {
          path: dir,
          name: path.basename(dir) || dir,
          files: scanned.files.length,
          bytes: scanned.files.reduce((s, f) => s + f.size, 0),
          seenAt: new Date().toISOString(),
        });
      } catch {
        // Pulled out while being counted: it will be seen again if it comes back.
      }
    }
    const changed = next.size !== this.known.size || [...next.keys()].some((k) => !this.known.has(k));
    this.known = next;
    if (changed) this.options.onChange?.(this.list());
  }
}
