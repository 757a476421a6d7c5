import { describe, expect, it } from 'vitest';
import { mediaPath, parseMediaPath } from './media';

describe('media route', () => {
  it('round-trips an opaque reference', () => {
    const ref = { jobId: '6f1c2a4e-0000-4000-8000-000000000001', kind: 'thumb' as const, id: 'p_123' };
    expect(parseMediaPath(mediaPath(ref))).toEqual(ref);
  });

  it.each([
    '/media/job/thumb/../../etc/passwd',
    '/media/job/thumb/%2e%2e',
    '/media/job/raw/abc',
    '/media/job/thumb',
    '/media/job/thumb/a/b',
    '/media//thumb/a',
    '/other/job/thumb/a',
    '/media/job/thumb/a.jpg',
  ])('refuses %s', (p) => {
    expect(parseMediaPath(p)).toBeNull();
  });
});
