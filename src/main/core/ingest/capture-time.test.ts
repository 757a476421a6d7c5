import { describe, expect, it } from 'vitest';
import { captureTime } from './capture-time';

describe('captureTime', () => {
  it('combines DateTimeOriginal, sub-seconds and the recorded offset', () => {
    expect(
      captureTime(
        { DateTimeOriginal: '2026:10:06 08:47:00', SubSecTimeOriginal: '30', OffsetTimeOriginal: '+02:00' },
        null,
      ),
    ).toEqual({
      local: '2026-10-06T08:47:00.300',
      offset: '+02:00',
      ms: Date.UTC(2026, 9, 6, 8, 47, 0, 300),
      source: 'exif',
      uncertain: false,
    });
  });

  it('keeps bursts within one second in order through their sub-seconds', () => {
    const at = (sub: string) =>
      captureTime({ DateTimeOriginal: '2026:10:06 08:47:00', SubSecTimeOriginal: sub }, null).ms!;
    expect(at('05')).toBeLessThan(at('5'));
    expect(at('33')).toBeLessThan(at('66'));
  });

  it('falls back to CreateDate, then to the file date, and flags both as uncertain', () => {
    const created = captureTime({ CreateDate: '2026:10:06 09:00:00' }, null);
    expect(created).toMatchObject({
      local: '2026-10-06T09:00:00.000',
      source: 'create_date',
      uncertain: true,
    });
    const fileTime = captureTime(
      { DateTimeOriginal: '0000:00:00 00:00:00' },
      new Date(2026, 9, 6, 9, 30, 0).getTime(),
    );
    expect(fileTime).toMatchObject({
      local: '2026-10-06T09:30:00.000',
      source: 'file_time',
      uncertain: true,
    });
    expect(captureTime({}, null)).toMatchObject({ local: null, source: 'none', uncertain: true });
  });
});
