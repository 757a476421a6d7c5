/**
 * Who may talk to the browser host. It listens on 127.0.0.1 only, but any web page the user visits
 * can send requests to localhost, and a DNS-rebinding page can even make them look same-origin. So
 * every request must (1) name this host exactly in `Host` (defeats DNS rebinding), (2) come from no
 * origin or from this origin (defeats cross-site requests and WebSocket hijacking), and (3) carry the
 * per-launch token, in the query (first load), a cookie (set by that first load), or a bearer header.
 */
import { timingSafeEqual } from 'node:crypto';

export interface GuardConfig {
  port: number;
  token: string;
}

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  /** The `token` query parameter, if any. */
  queryToken: string | null;
}

export type GuardVerdict =
  { ok: true; via: 'query' | 'cookie' | 'header' } | { ok: false; status: 401 | 403; reason: string };

export function cookieName(port: number): string {
  // Cookies are shared across ports of one host: the name carries the port so two hosts never mix tokens.
  return `preau_token_${port}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkRequest(facts: RequestFacts, config: GuardConfig): GuardVerdict {
  const hosts = allowedHosts(config.port);
  if (!facts.host || !hosts.includes(facts.host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'host not allowed' };
  }
  if (facts.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(facts.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'origin not allowed' };
  }
  if (facts.queryToken !== null && sameSecret(facts.queryToken, config.token))
    return { ok: true, via: 'query' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(facts.authorization ?? '')?.[1];
  if (bearer && sameSecret(bearer, config.token)) return { ok: true, via: 'header' };
  const name = cookieName(config.port);
  for (const part of (facts.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name && sameSecret(rest.join('='), config.token)) return { ok: true, via: 'cookie' };
  }
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
