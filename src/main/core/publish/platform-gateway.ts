/**
 * How retention and erasure reach a platform the job published to. The studio's token is not kept
 * in any job folder, so the host supplies a connection per platform address; without one, the
 * platform step is skipped and the report says so in words, so the user can act on the platform.
 */
import { PlatformClient } from './platform-client';
import { withRetry, type RetryOptions } from './retry';

export interface PlatformConnection {
  baseUrl: string;
  token: string;
}

/** The connection to use for a platform address, or null when none is configured (the host may look it up). */
export type PlatformResolver = (
  platformUrl: string,
) => PlatformConnection | null | Promise<PlatformConnection | null>;

/** Two spellings of one platform address (a trailing slash, upper-case host) are the same platform. */
export function samePlatform(a: string, b: string): boolean {
  const norm = (url: string) => {
    try {
      const u = new URL(url);
      return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return url.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}

export const NO_PLATFORM: PlatformResolver = () => null;

export const PLATFORM_SKIPPED_NOTE =
  'Aucune plateforme configurée pour cette adresse : le contenu en ligne n’a pas été supprimé. Configurez la plateforme puis relancez, ou supprimez-le depuis la plateforme.';

/** Runs `work` with a client for `platformUrl`, or returns null when no platform is configured. */
export async function withPlatform<T>(
  resolve: PlatformResolver,
  platformUrl: string,
  work: (client: PlatformClient) => Promise<T>,
): Promise<T | null> {
  const connection = await resolve(platformUrl);
  if (!connection) return null;
  const client = new PlatformClient({
    baseUrl: connection.baseUrl,
    token: connection.token,
    timeoutMs: 30_000,
  });
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

/** A few quick retries on network errors and 5xx: a one-off hiccup must not fail an erasure or a purge. */
export const REMOVAL_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 200, maxDelayMs: 2_000 };

export function retried<T>(fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, REMOVAL_RETRY);
}
