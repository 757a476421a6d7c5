import { describe, expect, it } from 'vitest';
import { WrongCodeLimiter } from './family-page';

describe('wrong access code limiter', () => {
  it('lets 5 wrong codes through per minute and address, then makes that address wait', () => {
    const limiter = new WrongCodeLimiter({ attempts: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfter('10.0.0.1', i * 1000)).toBe(0);
      limiter.fail('10.0.0.1', i * 1000);
    }
    expect(limiter.retryAfter('10.0.0.1', 5_000)).toBe(55);
    expect(limiter.retryAfter('10.0.0.2', 5_000)).toBe(0);
    expect(limiter.retryAfter('10.0.0.1', 60_001)).toBe(0);
  });
});
