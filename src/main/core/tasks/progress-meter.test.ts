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

/** A throttle of 200 ms on a clock the test moves, recording what it sends. */
function recorded() {
  const clock = { t: 0 };
  const sent: number[] = [];
  const throttle = new Throttle<number>(
    200,
    (v) => sent.push(v),
    () => clock.t,
  );
  return { clock, sent, throttle };
}

describe('throttle', () => {
  it('sends at most once per interval and always delivers the last value on flush', () => {
    const { clock, sent, throttle } = recorded();
    for (let i = 1; i <= 50; i += 1) {
      clock.t += 10;
      throttle.push(i);
    }
    throttle.flush();
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.at(-1)).toBe(50);
  });

  it('never sends an older value after a newer one when its timer fires late (a busy event loop)', async () => {
    const { clock, sent, throttle } = recorded();
    throttle.push(1); // sent at once
    clock.t = 50;
    throttle.push(2); // waits for its timer
    clock.t = 300; // the timer has not run yet: the loop was busy
    throttle.push(3); // sent at once
    await new Promise((r) => setTimeout(r, 250)); // the late timer runs now
    throttle.flush();
    expect(sent).toEqual([1, 3]);
  });
});
