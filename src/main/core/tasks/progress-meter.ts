/**
 * Turns raw progress into what a user reads: items per second over a recent window and an ETA,
 * and decides when a progress event is worth sending (at most every `intervalMs`, always the last).
 */
export interface ProgressSample {
  done: number;
  total: number;
  bytesDone?: number;
  bytesTotal?: number;
  message?: string;
}

export interface MeteredProgress extends ProgressSample {
  rate?: number;
  etaSeconds?: number;
}

export class ProgressMeter {
  private readonly window: { t: number; done: number }[] = [];

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 5000,
  ) {}

  measure(sample: ProgressSample): MeteredProgress {
    const t = this.now();
    this.window.push({ t, done: sample.done });
    while (this.window.length > 2 && t - this.window[0]!.t > this.windowMs) this.window.shift();
    const first = this.window[0]!;
    const elapsed = (t - first.t) / 1000;
    if (elapsed <= 0 || sample.done <= first.done) return { ...sample };
    const rate = (sample.done - first.done) / elapsed;
    const remaining = Math.max(0, sample.total - sample.done);
    return { ...sample, rate, etaSeconds: rate > 0 ? remaining / rate : undefined };
  }
}

/** Calls `send` at most once per `intervalMs`; the latest value is always delivered eventually. */
export class Throttle<T> {
  private last = -Infinity;
  private pending: T | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    const t = this.now();
    if (t - this.last >= this.intervalMs) {
      // A value still waiting for its timer (late when the event loop was busy) is older than this
      // one: it is dropped, never sent after it.
      this.cancelPending();
      this.deliver(value, t);
      return;
    }
    this.pending = value;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs - (t - this.last));
  }

  /** Sends the pending value now (used when the task ends). */
  flush(): void {
    const value = this.pending;
    this.cancelPending();
    if (value !== undefined) this.deliver(value, this.now());
  }

  private cancelPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private deliver(value: T, t: number): void {
    this.last = t;
    this.send(value);
  }
}
