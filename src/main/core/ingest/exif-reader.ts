/**
 * Metadata through ONE long-lived exiftool-vendored instance (two Perl processes), started on first
 * use and ended when the core closes. Tuned for throughput: only the tags ingest needs, numeric
 * values, and `-fast2`, which stops before maker notes. Some bodies keep their serial number only
 * in maker notes, so when `-fast2` finds a make but no serial, the file is read again without it.
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
];
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
    if (!serial && str(raw.Make)) {
      const again = await et.readRaw<Raw>(file, {
        readArgs: ['-fast', '-n', ...SERIAL_TAGS.map((t) => `-${t}`)],
      });
      serial = SERIAL_TAGS.map((t) => str(again[t])).find(Boolean) ?? '';
    }
    const orientation = Number(raw.Orientation);
    return {
      fileType: str(raw.FileType) || null,
      mimeType: str(raw.MIMEType) || null,
      capture: captureTime(raw as never, fileMtimeMs),
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
