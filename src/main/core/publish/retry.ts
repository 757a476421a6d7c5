/**
 * Retries with exponential backoff and full jitter (a random wait up to the doubling cap), so many
 * uploads failing together do not hammer the platform again all at the same instant. Only
 * transient failures are retried; cancellation stops the wait at once.
 */
import { PublishError } from './platform-client';

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Called before each wait (for the log). */
  onRetry?: (error: PublishError, attempt: number, delayMs: number) => void;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 12, baseDelayMs: 100, maxDelayMs: 8_000 };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new PublishError('cancelled', 'publication annulée'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PublishError('cancelled', 'publication annulée'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before retry number `attempt` (1-based): random up to the doubling cap ("full jitter"). */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round((options.random ?? Math.random)() * cap);
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new PublishError('cancelled', 'publication annulée');
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof PublishError) || !error.retryable || attempt >= options.attempts) throw error;
      const delay = backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}
