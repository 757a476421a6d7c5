/**
 * Capture time of a photo from its EXIF strings: DateTimeOriginal + SubSecTimeOriginal +
 * OffsetTimeOriginal; else CreateDate (flagged uncertain); else the file's date (uncertain too).
 * Times are kept as the camera's local wall time (what the photographer reads on the back of the
 * camera and on the school's timetable) plus the UTC offset when the camera recorded one; sorting
 * uses the wall time as milliseconds, corrected by the camera's clock offset.
 */
import { ExifDateTime } from 'exiftool-vendored';

export const CAPTURE_SOURCES = ['exif', 'create_date', 'file_time', 'none'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

export interface CaptureTime {
  /** `YYYY-MM-DDTHH:MM:SS.sss` local wall time, or null when nothing is known. */
  local: string | null;
  /** `+02:00` when the camera recorded it. */
  offset: string | null;
  /** Wall time as milliseconds (as if it were UTC): a sort key, not an instant. */
  ms: number | null;
  source: CaptureSource;
  uncertain: boolean;
}

export interface CaptureTags {
  DateTimeOriginal?: string | number;
  SubSecTimeOriginal?: string | number;
  OffsetTimeOriginal?: string;
  CreateDate?: string | number;
  SubSecTimeDigitized?: string | number;
  OffsetTimeDigitized?: string;
}

function fromExif(
  date: unknown,
  subsec: unknown,
  offset: unknown,
): Omit<CaptureTime, 'source' | 'uncertain'> | null {
  if (typeof date !== 'string' || !/^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}/.test(date)) return null;
  if (date.startsWith('0000')) return null;
  const sub =
    typeof subsec === 'string' || typeof subsec === 'number' ? String(subsec).replace(/\D/g, '') : '';
  const off = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : null;
  const base = date.slice(0, 19);
  const parsed = ExifDateTime.fromEXIF(`${base}${sub ? `.${sub}` : ''}${off ?? ''}`);
  if (!parsed) return null;
  const ms = Date.UTC(
    parsed.year,
    parsed.month - 1,
    parsed.day,
    parsed.hour,
    parsed.minute,
    parsed.second,
    Math.round(parsed.millisecond ?? 0),
  );
  if (Number.isNaN(ms)) return null;
  return { local: wallClock(ms), offset: off, ms };
}

export function wallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

export function captureTime(tags: CaptureTags, fileMtimeMs: number | null): CaptureTime {
  const original = fromExif(tags.DateTimeOriginal, tags.SubSecTimeOriginal, tags.OffsetTimeOriginal);
  if (original) return { ...original, source: 'exif', uncertain: false };
  const created = fromExif(tags.CreateDate, tags.SubSecTimeDigitized, tags.OffsetTimeDigitized);
  if (created) return { ...created, source: 'create_date', uncertain: true };
  if (fileMtimeMs !== null) {
    // Cameras stamp files in local time: read the file date as this machine's local wall time.
    const d = new Date(fileMtimeMs);
    const ms = Date.UTC(
      d.getFullYear(),
      d.getMonth(),
      d.getDate(),
      d.getHours(),
      d.getMinutes(),
      d.getSeconds(),
      d.getMilliseconds(),
    );
    return { local: wallClock(ms), offset: null, ms, source: 'file_time', uncertain: true };
  }
  return { local: null, offset: null, ms: null, source: 'none', uncertain: true };
}
