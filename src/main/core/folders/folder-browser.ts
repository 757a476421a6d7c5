/**
 * The folder browser of hosts without a native folder picker (the browser host): a page cannot open
 * the system's dialog, so the core lists folders for it. It shows only the places a photographer
 * picks from — the home folder and the mounted volumes (cards, external disks, from the same mount
 * roots the volume watcher polls) — and nothing outside them: every path asked for, and every link
 * met in a listing, is resolved to its real path and must lie inside one of those places. Paths the
 * UI gets back are the ones the user sees (a link inside the home folder keeps its name).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { FolderListing, FolderPlace } from '../../../shared/rpc/contract-app';
import { AppError } from '../../lib/errors';
import { checkFolderToRead } from '../../lib/path-checks';
import { isInside, resolveUserPath } from '../../lib/user-path';

/** Sub-folders listed at once; a folder with more says so (`truncated`). */
export const MAX_LISTED_FOLDERS = 5000;

export interface FolderBrowserOptions {
  /** The user's home folder. */
  home: string;
  /** Volumes mounted right now (from the volume watcher's mount roots). */
  mountPoints: () => Promise<string[]>;
  /** Whether a volume is a camera card (holds a DCIM folder). */
  isCard: (dir: string) => Promise<boolean>;
}

interface Place extends FolderPlace {
  /** Real path (links followed): what containment is checked against. */
  real: string;
}

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

async function realOrNull(p: string): Promise<string | null> {
  return fsp.realpath(p).catch(() => null);
}

export class FolderBrowser {
  constructor(private readonly options: FolderBrowserOptions) {}

  /** The home folder, then each mounted volume, as they are right now (cards come and go). */
  async places(): Promise<Place[]> {
    const places: Place[] = [];
    const home = path.resolve(this.options.home);
    const realHome = await realOrNull(home);
    if (realHome)
      places.push({
        path: home,
        real: realHome,
        kind: 'home',
        name: path.basename(home) || home,
        card: false,
      });
    const mounts = (await this.options.mountPoints()).sort((a, b) =>
      collator.compare(path.basename(a), path.basename(b)),
    );
    for (const mount of mounts) {
      // A mount point is a folder, not a link: a link among the mount roots could lead anywhere.
      const stat = await fsp.lstat(mount).catch(() => undefined);
      if (!stat?.isDirectory()) continue;
      const real = await realOrNull(mount);
      if (!real || places.some((p) => p.real === real)) continue;
      places.push({
        path: mount,
        real,
        kind: 'volume',
        name: path.basename(mount) || mount,
        card: await this.options.isCard(mount),
      });
    }
    return places;
  }

  async list(rawPath: string | undefined, showHidden = false): Promise<FolderListing> {
    const places = await this.places();
    const shown = places.map(({ real: _real, ...place }) => place);
    if (rawPath === undefined) {
      return { path: null, parent: null, place: null, places: shown, folders: [], truncated: false };
    }
    const folder = resolveUserPath(rawPath);
    const real = await realOrNull(folder);
    // Missing or unreadable folders inside a place get their own message; anything else is not offered.
    const place = real ? this.placeOf(places, real) : await this.placeOfMissing(places, folder);
    if (!place) throw new AppError('folder_not_allowed', { path: folder });
    await checkFolderToRead(folder);
    const entries = await fsp.readdir(folder, { withFileTypes: true });
    const folders: { name: string; path: string }[] = [];
    for (const entry of entries) {
      if (!showHidden && entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) folders.push({ name: entry.name, path: full });
      else if (entry.isSymbolicLink() && (await this.linkStaysInside(places, full)))
        folders.push({ name: entry.name, path: full });
    }
    folders.sort((a, b) => collator.compare(a.name, b.name));
    const atPlace = folder === place.path || real === place.real;
    return {
      path: folder,
      parent: atPlace ? null : path.dirname(folder),
      place: { path: place.path, kind: place.kind, name: place.name, card: place.card },
      places: shown,
      folders: folders.slice(0, MAX_LISTED_FOLDERS),
      truncated: folders.length > MAX_LISTED_FOLDERS,
    };
  }

  /** The place a real path lies in; null when it lies in none. */
  private placeOf(places: Place[], real: string): Place | null {
    // The deepest place first: a volume mounted inside the home folder is its own place.
    const byDepth = [...places].sort((a, b) => b.real.length - a.real.length);
    return byDepth.find((p) => isInside(p.real, real)) ?? null;
  }

  /** For a folder that does not exist: the place its nearest existing ancestor really lies in. */
  private async placeOfMissing(places: Place[], folder: string): Promise<Place | null> {
    for (let current = path.dirname(folder); ; current = path.dirname(current)) {
      const real = await realOrNull(current);
      if (real) return this.placeOf(places, real);
      if (path.dirname(current) === current) return null;
    }
  }

  private async linkStaysInside(places: Place[], link: string): Promise<boolean> {
    const real = await realOrNull(link);
    if (!real) return false;
    const stat = await fsp.stat(real).catch(() => undefined);
    return stat?.isDirectory() === true && places.some((p) => isInside(p.real, real));
  }
}
