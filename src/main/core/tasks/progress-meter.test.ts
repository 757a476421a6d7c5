import { describe, expect, it } from 'vitest';
import { ProgressMeter, Throttle } from './progress-meter';

describe('progress meter', () => {
  it('computes the rate over the window and the time left', () => {
    let t = 0;
    const meter = new ProgressMeter(() => t);
    meter.measure({ done: 0, total: 100 });
    t = 2000;
    const p = meter.measure({ done: 20, total: 100 });
    expect(p.rate).toBeCloseTo(10);
    expect(p.etaSeconds).toBeCloseTo(8);
  });
});

describe('throttle', () => {
  it('sends at most once per interval and always delivers the last value on flush', () => {
    let t = 0;
    const sent: number[] = [];
    const throttle = new Throttle<number>(
      200,
      (v) => sent.push(v),
      () => t,
    );
    for (let i = 1; i <= 50; i += 1) {
      t += 10;
      throttle.push(i);
    }
    throttle.flush();
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.at(-1)).toBe(50);
  });
});
