import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './logger';

describe('log redaction', () => {
  it('masks tokens, bearer headers, cookies and access codes', () => {
    const line = redact(
      'GET /?token=abcDEF123 Authorization: Bearer s3cr3t.tok-en cookie preau_token_4123=zzz {"apiToken":"tok_live_9","accessCode":"K7QF-82MX"}',
    );
    for (const secret of ['abcDEF123', 's3cr3t.tok-en', 'zzz', 'tok_live_9', 'K7QF-82MX'])
      expect(line).not.toContain(secret);
    expect(line).toContain('token=***');
  });

  it('writes redacted lines, details included', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), 'debug');
    log.error('publish failed', { url: 'https://x.example/?token=abc', token: 'tok_123' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ERROR publish failed');
    expect(lines[0]).not.toMatch(/abc|tok_123/);
  });
});
