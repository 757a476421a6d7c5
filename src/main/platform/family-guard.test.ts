import { describe, expect, it } from 'vitest';
import { addressKey, AttemptLimiter, CodeAttemptGuard, ExpiringMap } from './family-guard';

const MIN = 60_000;

describe('wrong-code limits of the family page', () => {
  it('counts attempts in progress, so a burst of requests cannot get more than the limit evaluated', () => {
    const limiter = new AttemptLimiter({ attempts: 5, windowMs: 10 * MIN });
    let reserved = 0;
    for (let i = 0; i < 1000; i++)
      if (limiter.wait('k', 0) === 0) {
        limiter.reserve('k');
        reserved++;
      }
    expect(reserved).toBe(5);
    // Two of them were no guesses (a malformed code): their slots come back; three were wrong.
    limiter.release('k');
    limiter.release('k');
    for (let i = 0; i < 3; i++) limiter.fail('k', 1_000);
    expect(limiter.wait('k', 1_000)).toBe(0);
    limiter.reserve('k');
    limiter.fail('k', 2_000);
    limiter.reserve('k');
    limiter.fail('k', 2_000);
    expect(limiter.wait('k', 2_000)).toBe(10 * MIN - 1_000);
    expect(limiter.wait('k', 10 * MIN + 1_000)).toBe(0);
    expect(limiter.wait('k', 10 * MIN + 2_000)).toBe(0);
    expect(limiter.tracked).toBe(0);
  });

  it('stops one browser after 5 wrong codes, not its neighbour on the same network', () => {
    const guard = new CodeAttemptGuard();
    const a = { browser: 'b:one', address: '203.0.113.7' };
    for (let i = 0; i < 5; i++) {
      const r = guard.reserve(a, i);
      expect(r.ok).toBe(true);
      if (r.ok) r.attempt.wrong(i);
    }
    expect(guard.reserve(a, 10)).toMatchObject({ ok: false, scope: 'browser' });
    expect(guard.reserve({ browser: 'b:two', address: '203.0.113.7' }, 10).ok).toBe(true);
  });

  it('holds a network of rotating browsers at 100 wrong codes per 10 minutes, but not a browser that opened a gallery', () => {
    const guard = new CodeAttemptGuard();
    const family = { browser: 'b:family', address: '198.51.100.1' };
    const known = guard.reserve(family, 0);
    if (known.ok) known.attempt.opened(0);
    let evaluated = 0;
    for (let i = 0; i < 1000; i++) {
      const r = guard.reserve({ browser: `b:rotating-${i}`, address: '198.51.100.1' }, 1_000 + i);
      if (r.ok) {
        evaluated++;
        r.attempt.wrong(1_000 + i);
      }
    }
    expect(evaluated).toBe(100);
    expect(guard.reserve({ browser: 'b:new', address: '198.51.100.1' }, 5_000)).toMatchObject({
      ok: false,
      scope: 'address',
    });
    expect(guard.reserve(family, 5_000).ok).toBe(true);
  });

  it('never lets an address past twice its limit, however many browsers it made trusted with one code', () => {
    const guard = new CodeAttemptGuard();
    // The holder of one code opens its gallery from a thousand new browsers first…
    const browsers = Array.from({ length: 1000 }, (_, i) => ({
      browser: `b:minted-${i}`,
      address: '198.51.100.2',
    }));
    for (const b of browsers) {
      const opened = guard.reserve(b, 0);
      if (opened.ok) opened.attempt.opened(0);
    }
    // …then guesses from each, 5 apiece.
    let evaluated = 0;
    for (const b of browsers)
      for (let g = 0; g < 5; g++) {
        const r = guard.reserve(b, 1_000);
        if (!r.ok) break;
        evaluated++;
        r.attempt.wrong(1_000);
      }
    expect(evaluated).toBe(200);
  });

  it('cuts IPv6 addresses to their /64 and reads IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.10')).toBe('192.0.2.10');
    expect(addressKey('192.0.2.10')).toBe('192.0.2.10');
  });
});

describe('sessions expiring by their order, not by a scan', () => {
  it('keeps the work per login constant with 85,000 sessions open, and frees them all once expired', () => {
    const ttl = 30 * MIN;
    const sessions = new ExpiringMap<number>(ttl);
    for (let i = 0; i < 85_000; i++) sessions.set(`s${i}`, i, i);
    expect(sessions.size).toBe(85_000);
    // Each login looked at one live session (the oldest) and stopped: no scan of the others.
    expect(sessions.examined).toBe(85_000 - 1);
    expect(sessions.get('s42', 100_000)).toBe(42);
    expect(sessions.get('s42', 42 + ttl)).toBeUndefined();
    const before = sessions.examined;
    sessions.set('late', 0, 85_000 + ttl);
    expect(sessions.size).toBe(1);
    expect(sessions.examined - before).toBeLessThanOrEqual(85_000);
  });
});
