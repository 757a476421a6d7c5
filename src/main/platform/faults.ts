/**
 * Test mode of the sandbox: the failures a shoot-day network and a busy platform produce, injected
 * on purpose so the upload engine is proven against them — random 500/503 answers (before or after
 * the work was done), connections dropped in the middle of a chunk, and a slow link (a bandwidth
 * cap shared by every connection). Off unless options or `PREAU_PLATFORM_FAULTS` ask for it.
 */
export interface FaultOptions {
  /** Share of API requests answered 500 or 503 (0..1). */
  errorRate: number;
  /** Share of chunk uploads whose connection is cut after part of the body (0..1). */
  dropRate: number;
  /** Upload bandwidth cap in bytes per second; 0 = none. */
  bandwidthBytesPerSec: number;
  /** Seed of the fault dice, so a failing run can be replayed. */
  seed: number;
}

export const NO_FAULTS: FaultOptions = { errorRate: 0, dropRate: 0, bandwidthBytesPerSec: 0, seed: 1 };

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2 };

/**
 * Parses `error=0.1,drop=0.05,bandwidth=2MB,seed=7` (any subset). Throws a French message on a
 * malformed entry.
 */
export function parseFaults(text: string | undefined): FaultOptions {
  const out = { ...NO_FAULTS };
  if (!text?.trim()) return out;
  for (const part of text.split(',')) {
    const [rawKey, rawValue = ''] = part.split('=');
    const key = rawKey?.trim().toLowerCase() ?? '';
    const value = rawValue.trim().toLowerCase();
    const rate = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 1)
        throw new Error(`pannes : « ${part} » — taux entre 0 et 1 attendu (ex. error=0.1)`);
      return n;
    };
    switch (key) {
      case 'error':
        out.errorRate = rate();
        break;
      case 'drop':
        out.dropRate = rate();
        break;
      case 'bandwidth': {
        const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(value);
        const unit = m ? SIZE_UNITS[m[2] ?? ''] : undefined;
        if (!m || unit === undefined)
          throw new Error(`pannes : « ${part} » — débit attendu en octets/s (ex. bandwidth=2MB)`);
        out.bandwidthBytesPerSec = Math.round(Number(m[1]) * unit);
        break;
      }
      case 'seed': {
        const n = Number(value);
        if (!Number.isInteger(n)) throw new Error(`pannes : « ${part} » — entier attendu`);
        out.seed = n;
        break;
      }
      default:
        throw new Error(`pannes : « ${part} » inconnu (error, drop, bandwidth, seed)`);
    }
  }
  return out;
}

/** Small deterministic generator (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bandwidth cap shared by every connection: each received block waits for its slot on the link. */
export class LinkThrottle {
  private nextFreeAt = 0;

  constructor(private readonly bytesPerSec: number) {}

  /** Milliseconds to wait before the next `bytes` may be taken in. */
  reserve(bytes: number): number {
    if (this.bytesPerSec <= 0) return 0;
    const now = performance.now();
    const start = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = start + (bytes / this.bytesPerSec) * 1000;
    return this.nextFreeAt - now;
  }
}
