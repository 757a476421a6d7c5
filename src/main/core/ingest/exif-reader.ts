/**
 * Metadata through ONE long-lived exiftool-vendored instance (two Perl processes), started on first
 * use and ended when the core closes. Tuned for throughput: only the tags ingest needs, numeric
 * values, and `-fast2`, which stops before maker notes. What `-fast2` can miss is read again, for
 * that file only: some bodies keep their serial number only in maker notes, and some (a Canon CIFF
 * block, trail cameras such as Reconyx) keep their capture time only there. So when the fast read
 * finds no capture time, the file is read fully (no `-fast` at all: maker notes and trailers)
 * before falling back to the file's date, which stays flagged uncertain.
 *
 * HEIF: the orientation that counts is the container's (irot/imir, exiftool's Rotation and
 * Mirroring), which libheif applies while decoding; the EXIF Orientation tag is ignored by HEIF
 * readers, and so here.
 */
import { ExifTool } from 'exiftool-vendored';
import { captureTime, type CaptureTime } from './capture-time';

const TAGS = [
  'FileType',
  'MIMEType',
  'DateTimeOriginal',
  'SubSecTimeOriginal',
  'OffsetTimeOriginal',
  'CreateDate',
  'SubSecTimeDigitized',
  'OffsetTimeDigitized',
  'Make',
  'Model',
  'SerialNumber',
  'InternalSerialNumber',
  'Orientation',
  'ImageWidth',
  'ImageHeight',
  'ExifImageWidth',
  'ExifImageHeight',
  'LensModel',
  'Lens',
  'Rotation',
  'Mirroring',
];
/** Capture-time tags read again without `-fast` (exiftool takes them from maker notes too). */
const CAPTURE_TAGS = [
  'DateTimeOriginal',
  'SubSecTimeOriginal',
  'OffsetTimeOriginal',
  'CreateDate',
  'SubSecTimeDigitized',
  'OffsetTimeDigitized',
];
const HEIF_TYPES = new Set(['HEIC', 'HEIF', 'AVIF']);
const SERIAL_TAGS = ['SerialNumber', 'InternalSerialNumber', 'CameraSerialNumber', 'BodySerialNumber'];

export interface PhotoMetadata {
  fileType: string | null;
  mimeType: string | null;
  capture: CaptureTime;
  make: string;
  model: string;
  serial: string;
  orientation: number;
  /** Stored pixel size (before orientation). */
  width: number | null;
  height: number | null;
  lens: string | null;
  /** exiftool's own complaint about the file (not a JPEG, truncated…), if any. */
  error: string | null;
}

type Raw = Record<string, unknown> & { errors?: string[]; Error?: string; Warning?: string };

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
}

/**
 * HEIF's rotation (irot: quarter turns counter-clockwise, after the mirror imir, axis 0 = left-right)
 * as the EXIF orientation number that describes the same transform.
 */
export function heifOrientation(rotation: unknown, mirroring: unknown): number {
  const turns = Number(rotation);
  const r = Number.isInteger(turns) && turns >= 0 && turns <= 3 ? turns : 0;
  const axis = Number(mirroring);
  if (axis !== 0 && axis !== 1) return [1, 8, 3, 6][r]!;
  // A top-bottom mirror is a left-right mirror then a half turn.
  const rr = axis === 1 ? (r + 2) % 4 : r;
  return [2, 5, 4, 7][rr]!;
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n > 0 ? n : null;
}

export class ExifReader {
  private tool: ExifTool | undefined;

  constructor(private readonly maxProcs = 2) {}

  exiftool(): ExifTool {
    this.tool ??= new ExifTool({ maxProcs: this.maxProcs, taskTimeoutMillis: 30_000 });
    return this.tool;
  }

  async read(file: string, fileMtimeMs: number | null): Promise<PhotoMetadata> {
    const et = this.exiftool();
    const raw = await et.readRaw<Raw>(file, { readArgs: ['-fast2', '-n', ...TAGS.map((t) => `-${t}`)] });
    let serial = str(raw.SerialNumber) || str(raw.InternalSerialNumber);
    let capture = captureTime(raw as never, null);
    const noTime = capture.source === 'none' || capture.source === 'create_date';
    if (noTime || (!serial && str(raw.Make))) {
      // One more read of this file: fully when the time is missing, else `-fast` for the serial.
      const tags = [...(noTime ? CAPTURE_TAGS : []), ...(serial ? [] : SERIAL_TAGS)];
      const again = await et.readRaw<Raw>(file, {
        readArgs: [...(noTime ? [] : ['-fast']), '-n', ...tags.map((t) => `-${t}`)],
      });
      if (!serial) serial = SERIAL_TAGS.map((t) => str(again[t])).find(Boolean) ?? '';
      if (noTime) {
        const full = captureTime(again as never, null);
        if (full.source === 'exif' || capture.source === 'none') capture = full;
      }
    }
    if (capture.source === 'none') capture = captureTime({}, fileMtimeMs);
    const fileType = str(raw.FileType) || null;
    const orientation = HEIF_TYPES.has(fileType ?? '')
      ? heifOrientation(raw.Rotation, raw.Mirroring)
      : Number(raw.Orientation);
    return {
      fileType,
      mimeType: str(raw.MIMEType) || null,
      capture,
      make: str(raw.Make),
      model: str(raw.Model),
      serial,
      orientation: Number.isInteger(orientation) && orientation >= 1 && orientation <= 8 ? orientation : 1,
      width: num(raw.ImageWidth) ?? num(raw.ExifImageWidth),
      height: num(raw.ImageHeight) ?? num(raw.ExifImageHeight),
      lens: str(raw.LensModel) || str(raw.Lens) || null,
      error: str(raw.Error) || (raw.errors && raw.errors.length > 0 ? raw.errors.join('; ') : null),
    };
  }

  /** The camera's small EXIF thumbnail (about 160×120), readable without decoding the photo. */
  async embeddedThumbnail(file: string): Promise<Buffer | null> {
    try {
      const buf = await this.exiftool().extractBinaryTagToBuffer('ThumbnailImage', file);
      return buf.length > 0 ? buf : null;
    } catch {
      return null; // no thumbnail in this file
    }
  }

  /** The JPEG a RAW file carries (largest first); null when it has none. */
  async embeddedPreview(file: string): Promise<Buffer | null> {
    for (const tag of ['JpgFromRaw', 'PreviewImage', 'OtherImage']) {
      try {
        const buf = await this.exiftool().extractBinaryTagToBuffer(tag, file);
        if (buf.length > 0) return buf;
      } catch {
        // This RAW format keeps its preview under another tag: try the next.
      }
    }
    return null;
  }

  async end(): Promise<void> {
    const tool = this.tool;
    this.tool = undefined;
    await tool?.end();
  }
}
