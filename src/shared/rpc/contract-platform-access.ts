/**
 * Contract entries of the sales-platform settings ("Plateforme de vente"): which platform the studio
 * publishes to — the local sandbox (default, no account) or the hosted platform — and its API token.
 * The token is write-only: it goes in through `platformAccess.configure` and never comes back out;
 * answers only say whether one is stored.
 */
import { z } from 'zod';
import { publishTargetSchema } from '../domain/settings';
import { noParams } from './schemas';

/** An http(s) address without user name or password (a token travels in a header, never in the URL). */
export const platformUrlSchema = z
  .string()
  .trim()
  .min(1, 'validation.platformUrl.required')
  .max(500, 'validation.platformUrl.invalid')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'validation.platformUrl.invalid')
  .refine((value) => {
    // A token must not cross a network in clear: plain http only to this machine.
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    } catch {
      return true;
    }
  }, 'validation.platformUrl.https');

export const platformAccessStatusSchema = z.object({
  target: publishTargetSchema,
  /** Hosted target: whether a token is stored for its address ("jeton enregistré"). Never the token. */
  tokenSet: z.boolean(),
  /** Address of the local sandbox when it is running in this app, else null. */
  sandboxUrl: z.string().nullable(),
  /** False when this host cannot keep tokens or start the sandbox (e.g. a bare test core). */
  available: z.boolean(),
});
export type PlatformAccessStatus = z.infer<typeof platformAccessStatusSchema>;

export const CONNECTION_TEST_FAILURES = [
  /** Nothing answers at the address (wrong address, no network, platform down). */
  'unreachable',
  /** The platform refuses the stored token. */
  'unauthorized',
  /** Something answers, but not the Préau publish protocol. */
  'not_preau',
  /** The platform answers with a server error (5xx): try again later. */
  'server_error',
  /** Hosted target without a stored token. */
  'no_token',
  /** This host cannot reach platforms (no platform access wired in). */
  'unavailable',
] as const;
export type ConnectionTestFailure = (typeof CONNECTION_TEST_FAILURES)[number];

export const connectionTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The studio's name as the platform knows it. */
    studioName: z.string(),
    url: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(CONNECTION_TEST_FAILURES),
    url: z.string(),
  }),
]);
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

export const platformAccessContract = {
  /**
   * The studio's sales platform: the target (sandbox or hosted address), whether a token is stored
   * for it (yes/no only — the token itself is never returned) and the sandbox's address if running.
   */
  'platformAccess.get': { params: noParams, result: platformAccessStatusSchema },

  /**
   * Chooses the sales platform. `sandbox`: the local platform the app starts itself (no account).
   * `hosted`: the studio's account on the hosted platform, at `url` (https, or http to this machine);
   * `token`, when given, is stored in the host's secret store for that address (empty or absent:
   * the stored one is kept); `forgetToken` deletes it. Returns the new status.
   */
  'platformAccess.configure': {
    params: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sandbox') }).strict(),
      z
        .object({
          kind: z.literal('hosted'),
          url: platformUrlSchema,
          token: z.string().trim().max(4096, 'validation.tooLong').optional(),
          forgetToken: z.boolean().optional(),
        })
        .strict(),
    ]),
    result: platformAccessStatusSchema,
  },

  /**
   * "Tester la connexion": asks the current platform who it is (`GET /api/v1/studio`) with the stored
   * token (starting the sandbox if it is the target). Answers ok with the studio's name, or why not:
   * unreachable, wrong token, not a Préau platform, server error, no token.
   */
  'platformAccess.test': { params: noParams, result: connectionTestResultSchema },
} as const;
