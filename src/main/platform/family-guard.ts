/**
 * What keeps code guessing off the family page without locking families out. Wrong codes are
 * counted per browser (its cookie, or for a browser without cookies the token of the form it was
 * given), so one family mistyping never blocks another; and per network address (IPv6: per /64)
 * with a limit high enough for a school network or a mobile carrier, so rotating browsers at one
 * address still meets a ceiling. A browser that opened a gallery here may go on past the address
 * limit (up to twice it), so families already in are not held back by others. Each attempt reserves its place before its body is read, and gives it back when it was no
 * guess (a correct code, a code of another form); so the limit holds however many requests arrive
 * at once. Everything expires by an index in time order, never by scanning the whole table.
 */
import { isIP } from 'node:net';

export interface WindowLimit {
  /** Wrong codes allowed in any window. */
  attempts: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Wrong codes per browser. */
  perBrowser: WindowLimit;
  /** Wrong codes per network address, from browsers that never opened a gallery here. */
  perAddress: WindowLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  perBrowser: { attempts: 5, windowMs: 10 * 60_000 },
  perAddress: { attempts: 100, windowMs: 10 * 60_000 },
};

/** How long a browser that opened a gallery stays trusted past the address limit. */
const TRUST_MS = 24 * 60 * 60_000;

/**
 * A map whose entries live `ttlMs` after their last `set`. Re-setting a key moves it to the end, so
 * the map's own order is the order of expiry: a sweep looks only at the entries that expired, and
 * at one more.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  /** Entries looked at by sweeps since the start (for tests: the work stays linear). */
  examined = 0;

  constructor(private readonly ttlMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  set(key: string, value: V, now: number): void {
    this.sweep(now);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
  }

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops the expired entries, oldest first, stopping at the first one still alive. */
  sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      this.examined++;
      if (entry.expiresAt > now) return;
      this.entries.delete(key);
    }
  }
}

/**
 * Wrong attempts per key over a sliding window, with attempts in progress counted as used: a
 * request reserves its slot before its body arrives and either turns it into a failure or gives it
 * back. Failures expire through a queue in time order (one window length for every key).
 */
export class AttemptLimiter {
  private readonly keys = new Map<string, { failures: number[]; reserved: number }>();
  private readonly expiry: { key: string; at: number }[] = [];
  private head = 0;

  constructor(readonly limit: WindowLimit) {}

  private sweep(now: number): void {
    while (this.head < this.expiry.length && this.expiry[this.head]!.at <= now) {
      const { key } = this.expiry[this.head++]!;
      const entry = this.keys.get(key);
      if (!entry) continue;
      entry.failures.shift();
      if (entry.failures.length === 0 && entry.reserved === 0) this.keys.delete(key);
    }
    if (this.head > 1024 && this.head * 2 > this.expiry.length) {
      this.expiry.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Milliseconds before `key` may try again under `attempts`; 0 when a slot is free now. */
  wait(key: string, now: number, attempts = this.limit.attempts): number {
    this.sweep(now);
    const entry = this.keys.get(key);
    const used = entry ? entry.failures.length + entry.reserved : 0;
    if (!entry || used < attempts) return 0;
    // The failure whose expiry brings the count under the limit; none when attempts still in
    // progress hold the slots (they end within seconds).
    const freeing = entry.failures[used - attempts];
    if (freeing === undefined) return 5_000;
    return Math.max(1_000, freeing + this.limit.windowMs - now);
  }

  reserve(key: string): void {
    const entry = this.keys.get(key) ?? { failures: [], reserved: 0 };
    entry.reserved++;
    this.keys.set(key, entry);
  }

  /** The reserved attempt was no guess (or never came): its slot is free again. */
  release(key: string): void {
    const entry = this.keys.get(key);
    if (!entry) return;
    entry.reserved = Math.max(0, entry.reserved - 1);
    if (entry.failures.length === 0 && entry.reserved === 0) this.keys.delete(key);
  }

  /** The reserved attempt was a wrong code: it counts for one window. */
  fail(key: string, now: number): void {
    const entry = this.keys.get(key) ?? { failures: [], reserved: 1 };
    entry.reserved = Math.max(0, entry.reserved - 1);
    entry.failures.push(now);
    this.keys.set(key, entry);
    this.expiry.push({ key, at: now + this.limit.windowMs });
  }

  /** Keys currently tracked (for tests: nothing is kept past its window). */
  get tracked(): number {
    return this.keys.size;
  }
}

/** Who is trying a code: the browser, and the network it comes from. */
export interface CodeClient {
  /** `b:<id>` for a browser known by its cookie or form token; `a:<address>` for one known by neither. */
  browser: string;
  /** The network address, IPv6 cut to its /64. */
  address: string;
}

/** A reserved attempt: end it exactly once. */
export interface CodeAttempt {
  /** A correct code: the slots are given back and the browser is trusted from now on. */
  opened(now: number): void;
  /** A wrong code: it counts against the browser and the address. */
  wrong(now: number): void;
  /** Not a guess (a malformed code, a code no longer online, a body that never came). */
  release(): void;
}

export type Reservation =
  { ok: true; attempt: CodeAttempt } | { ok: false; waitMs: number; scope: 'browser' | 'address' };

export class CodeAttemptGuard {
  private readonly browsers: AttemptLimiter;
  private readonly addresses: AttemptLimiter;
  private readonly trusted = new ExpiringMap<true>(TRUST_MS);

  constructor(options: RateLimitOptions = DEFAULT_RATE_LIMITS) {
    this.browsers = new AttemptLimiter(options.perBrowser);
    this.addresses = new AttemptLimiter(options.perAddress);
  }

  /**
   * Reserves one code evaluation for this client, or says how long it must wait and why. A browser
   * that opened a gallery here may go on past the address limit, up to twice it: its wrong codes
   * still count at the address, so however many browsers a holder of one code makes trusted, the
   * address never gets more than twice its limit of guesses.
   */
  reserve(client: CodeClient, now: number): Reservation {
    const trusted = this.trusted.get(client.browser, now) !== undefined;
    const browserWait = this.browsers.wait(client.browser, now);
    if (browserWait > 0) return { ok: false, waitMs: browserWait, scope: 'browser' };
    const ceiling = this.addresses.limit.attempts * (trusted ? 2 : 1);
    const addressWait = this.addresses.wait(client.address, now, ceiling);
    if (addressWait > 0) return { ok: false, waitMs: addressWait, scope: 'address' };
    this.browsers.reserve(client.browser);
    this.addresses.reserve(client.address);
    let ended = false;
    const end = (fn: () => void) => {
      if (ended) return;
      ended = true;
      fn();
    };
    const release = () => {
      this.browsers.release(client.browser);
      this.addresses.release(client.address);
    };
    return {
      ok: true,
      attempt: {
        opened: (at) =>
          end(() => {
            release();
            this.trusted.set(client.browser, true, at);
          }),
        wrong: (at) =>
          end(() => {
            this.browsers.fail(client.browser, at);
            this.addresses.fail(client.address, at);
          }),
        release: () => end(release),
      },
    };
  }

  /** Keys tracked by each limiter (for tests). */
  get tracked(): { browsers: number; addresses: number } {
    return { browsers: this.browsers.tracked, addresses: this.addresses.tracked };
  }
}

/**
 * The address rate limits apply to: IPv4 as it is (also when written as IPv4-mapped IPv6), IPv6
 * cut to its /64 — one home or phone gets a whole /64, so a per-address limit on IPv6 would not
 * limit anyone.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'inconnue';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
