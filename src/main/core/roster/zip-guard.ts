/**
 * Zip-based roster files (a SIECLE export zip, an XLSX workbook) read with limits, because a zip
 * can be a bomb: a 1 MB file that inflates to gigabytes fills the memory of whatever opens it. The
 * central directory is checked entry by entry before anything is inflated — entry count, folder
 * depth, archives inside the archive, encryption, declared sizes and compression ratio — and then
 * every entry that will be inflated (here, or by the spreadsheet library afterwards) is streamed
 * through a counter that stops at its declared size and at the total limit, since a declared size
 * may lie. Memory stays at a few megabytes whatever the archive claims.
 */
import yauzl, { type Entry } from 'yauzl';
import { AppError } from '../../lib/errors';

export interface ZipLimits {
  /** Entries in the central directory (an XLSX has a few dozen; a SIECLE zip one or two). */
  maxEntries: number;
  /** Inflated bytes of all the entries read, and of any one of them. */
  maxTotalBytes: number;
  /** Inflated over compressed size, for entries larger than `ratioFloorBytes` (small files compress oddly). */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Folders inside folders in an entry's name. */
  maxDepth: number;
}

/**
 * A large lycée's SIECLE export is a few megabytes of XML, a roster workbook's sheets less: 25 MiB
 * inflated is far beyond any real roster and small enough for the parsers that read it.
 */
export const ROSTER_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalBytes: 25 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxDepth: 10,
};

/** Archives a zip may carry that we would have to open in turn: never opened, so refused. */
const ARCHIVE_NAME = /\.(zip|xlsx|xlsm|xls|ods|jar|7z|rar|gz|tgz|tar|bz2|xz|cab)$/i;
/** Where Office keeps embedded objects: bytes counted like any entry, never opened. */
const OFFICE_EMBEDDINGS = /^(xl|word|ppt)\/embeddings\//;

/** The entry's own name, short enough for a message. */
function shown(name: string): string {
  const base = name.split('/').filter(Boolean).pop() ?? name;
  return base.length > 80 ? `${base.slice(0, 77)}…` : base;
}

export interface ZipContents {
  /** Every file entry's name (folders left out), in central-directory order. */
  names: string[];
  /** The bytes of the entries asked for. */
  files: Map<string, Buffer>;
}

/**
 * Reads a zip held in memory. After the central directory passed the checks, `choose` says which
 * entries are inflated (`inflate`: counted, bytes dropped unless kept) and which are kept in memory.
 * Raises a clear AppError naming `file` for any archive over a limit; nothing is written anywhere.
 */
export async function readZipSafely(
  buf: Buffer,
  file: string,
  choose: (names: readonly string[]) => {
    inflate: (name: string) => boolean;
    keep: (name: string) => boolean;
  },
  limits: ZipLimits = ROSTER_ZIP_LIMITS,
): Promise<ZipContents> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new AppError('roster_unsupported', { file }, { cause: error });
  }
  try {
    // The end record's count comes first: a directory claiming millions of entries is not walked.
    if (zip.entryCount > limits.maxEntries)
      throw new AppError('roster_zip_entries', { file, count: zip.entryCount, max: limits.maxEntries });
    const entries: Entry[] = [];
    let declared = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName.endsWith('/')) continue;
        const name = entry.fileName;
        const depth = name.split('/').length - 1;
        if (depth > limits.maxDepth)
          throw new AppError('roster_zip_entries', { file, count: depth, max: limits.maxDepth });
        if (entry.isEncrypted()) throw new AppError('roster_zip_encrypted', { file });
        if (ARCHIVE_NAME.test(name) && !OFFICE_EMBEDDINGS.test(name))
          throw new AppError('roster_zip_nested', { file, entry: shown(name) });
        declared += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (
          entry.uncompressedSize > limits.maxTotalBytes ||
          declared > limits.maxTotalBytes ||
          (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio)
        )
          throw new AppError('roster_zip_too_big', { file, entry: shown(name) });
        entries.push(entry);
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('roster_unsupported', { file }, { cause: error });
    }

    const names = entries.map((e) => e.fileName);
    const { inflate, keep } = choose(names);
    const files = new Map<string, Buffer>();
    let inflated = 0;
    for (const entry of entries) {
      const name = entry.fileName;
      const kept = keep(name);
      if (!kept && !inflate(name)) continue;
      const chunks: Buffer[] = [];
      try {
        // yauzl stops the stream once it passes the declared size; the total is ours to count.
        for await (const chunk of await zip.openReadStreamPromise(entry)) {
          inflated += (chunk as Buffer).length;
          if (inflated > limits.maxTotalBytes)
            throw new AppError('roster_zip_too_big', { file, entry: shown(name) });
          if (kept) chunks.push(chunk as Buffer);
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        // A declared size that lies (more bytes than announced) is the mark of a bomb.
        if (/too many bytes/.test(String((error as Error).message)))
          throw new AppError('roster_zip_too_big', { file, entry: shown(name) }, { cause: error });
        throw new AppError('roster_unsupported', { file }, { cause: error });
      }
      if (kept) files.set(name, Buffer.concat(chunks));
    }
    return { names, files };
  } finally {
    zip.close();
  }
}
