import { describe, expect, it } from 'vitest';
import { checkRequest, cookieName, type RequestFacts } from './request-guard';

const config = { port: 41234, token: 'secret-token-abc' };
const base: RequestFacts = {
  host: '127.0.0.1:41234',
  origin: undefined,
  cookie: undefined,
  authorization: undefined,
  queryToken: null,
};

describe('browser host request guard', () => {
  it('refuses a request without the token', () => {
    expect(checkRequest(base, config)).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts the token from the query, then from the cookie it sets, or a bearer header', () => {
    expect(checkRequest({ ...base, queryToken: config.token }, config)).toEqual({ ok: true, via: 'query' });
    expect(
      checkRequest({ ...base, cookie: `other=1; ${cookieName(41234)}=${config.token}` }, config),
    ).toEqual({
      ok: true,
      via: 'cookie',
    });
    expect(checkRequest({ ...base, authorization: `Bearer ${config.token}` }, config)).toEqual({
      ok: true,
      via: 'header',
    });
  });

  it('refuses a wrong token, and the cookie of a host on another port', () => {
    expect(checkRequest({ ...base, queryToken: 'secret-token-abd' }, config).ok).toBe(false);
    expect(checkRequest({ ...base, cookie: `${cookieName(9999)}=${config.token}` }, config).ok).toBe(false);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', () => {
    expect(
      checkRequest({ ...base, host: 'evil.example:41234', queryToken: config.token }, config),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest({ ...base, host: '127.0.0.1:80', queryToken: config.token }, config).ok).toBe(false);
  });

  it('refuses a cross-origin request even with the token', () => {
    const facts = { ...base, origin: 'http://evil.example', cookie: `${cookieName(41234)}=${config.token}` };
    expect(checkRequest(facts, config)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...facts, origin: 'http://localhost:41234' }, config).ok).toBe(true);
  });
});
