import { describe, expect, it } from 'vitest';
import { mediaUrl } from './media-url';

describe('media URLs', () => {
  const ref = { jobId: 'job-1', kind: 'thumb', id: 'p_42' } as const;

  it('uses the app media protocol under Electron', () => {
    expect(mediaUrl(ref, true)).toBe('preau-media://app/media/job-1/thumb/p_42');
  });

  it('stays on the page origin in the browser host (the session cookie goes with it)', () => {
    expect(mediaUrl(ref, false)).toBe('/media/job-1/thumb/p_42');
  });
});
