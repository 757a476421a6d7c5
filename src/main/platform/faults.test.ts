import { describe, expect, it } from 'vitest';
import { NO_FAULTS, parseFaults, seededRandom } from './faults';

describe('sandbox fault settings', () => {
  it('reads rates, a bandwidth with its unit and a seed', () => {
    expect(parseFaults('error=0.1, drop=0.05,bandwidth=2MB,seed=7')).toEqual({
      errorRate: 0.1,
      dropRate: 0.05,
      bandwidthBytesPerSec: 2 * 1024 * 1024,
      seed: 7,
    });
    expect(parseFaults('bandwidth=512k').bandwidthBytesPerSec).toBe(512 * 1024);
    expect(parseFaults(undefined)).toEqual(NO_FAULTS);
  });

  it('explains in French what is wrong with a bad setting', () => {
    expect(() => parseFaults('error=2')).toThrow('taux entre 0 et 1');
    expect(() => parseFaults('bandwidth=fast')).toThrow('débit attendu');
    expect(() => parseFaults('latency=3')).toThrow('inconnu');
  });

  it('replays the same faults from the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 5 }, () => a());
    expect(values).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
