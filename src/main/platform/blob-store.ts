/**
 * The sandbox's file store: every accepted file lives once, named by its SHA-256
 * (`blobs/ab/abcdef…`), so the same photo in two galleries or two publishes is stored and sent
 * once. Uploads in progress grow a `partial/<sha>.part` file chunk by chunk; a file enters the store
 * only by a rename after its full SHA-256 matched, so the store never holds a half or wrong file.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE } from '../core/fs/atomic';

/** Files placed but not yet flushed before a background flush starts. */
const BACKGROUND_FLUSH_FILES = 64;
/**
 * Flushes at a time. In the background, two: a flush holds one of libuv's four worker threads until
 * the disk answers, and the uploads still arriving need the others (file reads and writes).
 */
const BACKGROUND_FLUSH_CONCURRENCY = 2;
const FINAL_FLUSH_CONCURRENCY = 32;

export class BlobStore {
  /** Running hashes of uploads in progress, keyed by SHA-256, valid at `offset`. */
  private readonly running = new Map<string, { offset: number; hash: Hash }>();
  private readonly knownDirs = new Set<string>();
  private readonly dirtyDirs = new Set<string>();
  private readonly unsynced = new Set<string>();
  /** The background flush under way (a finalize waits for it). */
  private background: Promise<void> = Promise.resolve();
  private backgroundRunning = false;

  constructor(readonly root: string) {}

  async init(): Promise<void> {
    await ensurePrivateDir(path.join(this.root, 'blobs'));
    await ensurePrivateDir(path.join(this.root, 'partial'));
    // Whole-file temporaries of a previous run were never accepted: nothing refers to them.
    for (const name of await fsp.readdir(path.join(this.root, 'partial')))
      if (name.endsWith('.tmp')) await fsp.rm(path.join(this.root, 'partial', name), { force: true });
  }

  pathOf(sha256: string): string {
    return path.join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  private partialOf(sha256: string): string {
    return path.join(this.root, 'partial', `${sha256}.part`);
  }

  /**
   * Writes a verified chunk at `offset` (which the caller checked is the next expected byte) and
   * returns the file's SHA-256 when this chunk completes it.
   */
  async writeChunk(sha256: string, offset: number, data: Buffer, size: number): Promise<string | undefined> {
    const partial = this.partialOf(sha256);
    const handle = await fsp.open(partial, offset === 0 ? 'w' : 'r+', PRIVATE_FILE_MODE);
    try {
      await handle.write(data, 0, data.length, offset);
    } finally {
      await handle.close();
    }
    let state = this.running.get(sha256);
    if (!state || state.offset !== offset)
      state = { offset: 0, hash: await this.hashPrefix(partial, offset) };
    state.hash.update(data);
    state.offset = offset + data.length;
    if (state.offset < size) {
      this.running.set(sha256, state);
      return undefined;
    }
    this.running.delete(sha256);
    return state.hash.digest('hex');
  }

  /** Rebuilds the running hash after a restart from the bytes already on disk. */
  private async hashPrefix(file: string, length: number): Promise<Hash> {
    const hash = createHash('sha256');
    if (length === 0) return hash;
    await new Promise<void>((resolve, reject) => {
      createReadStream(file, { start: 0, end: length - 1 })
        .on('data', (chunk) => hash.update(chunk))
        .on('end', resolve)
        .on('error', reject);
    });
    return hash;
  }

  /** Moves a completed, verified upload into the store. */
  async commit(sha256: string): Promise<void> {
    await this.place(this.partialOf(sha256), sha256);
  }

  /**
   * Stores a file that arrived whole in one chunk, already verified against its SHA-256: written
   * to a temporary file, then renamed into place (flushed later, see `flush`).
   */
  async writeWhole(sha256: string, data: Buffer | readonly Buffer[]): Promise<void> {
    const temp = path.join(this.root, 'partial', `${sha256}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await fsp.open(temp, 'wx', PRIVATE_FILE_MODE);
      try {
        await writeAll(handle, Buffer.isBuffer(data) ? [data] : data);
      } finally {
        await handle.close();
      }
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await this.place(temp, sha256);
  }

  private async place(source: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const dir = path.dirname(target);
    if (!this.knownDirs.has(dir)) {
      await ensurePrivateDir(dir);
      this.knownDirs.add(dir);
    }
    await fsp.rename(source, target);
    this.unsynced.add(target);
    this.dirtyDirs.add(dir);
    this.flushSoon();
  }

  /**
   * Flushes to disk the files placed since the last call, then their folder entries. Done for many
   * files together rather than after every file: a publish's many small files then share the
   * disk's flushes (the journal commits concurrent flushes together), and families only ever see
   * files that were flushed (a finalize waits for `flush`). A file a crash lost or cut before its
   * flush is found at the next start (see `dropMissing` in the service) and asked for again.
   */
  async flush(): Promise<void> {
    const files = this.take();
    // Files a background flush already took are waited for, not flushed again.
    await Promise.all([this.background, syncAll(files.files, files.dirs, FINAL_FLUSH_CONCURRENCY)]);
    // What a failed background flush gave back is flushed now (a failure here reaches the caller).
    const rest = this.take();
    if (rest.files.length > 0 || rest.dirs.length > 0)
      await syncAll(rest.files, rest.dirs, FINAL_FLUSH_CONCURRENCY);
  }

  /** Takes the files and folders waiting for a flush. */
  private take(): { files: string[]; dirs: string[] } {
    const taken = { files: [...this.unsynced], dirs: [...this.dirtyDirs] };
    this.unsynced.clear();
    this.dirtyDirs.clear();
    return taken;
  }

  /**
   * Starts flushing in the background once enough files are waiting, so the disk works while the
   * rest of a publish is still arriving and the finalize finds little left to flush.
   */
  private flushSoon(): void {
    if (this.unsynced.size < BACKGROUND_FLUSH_FILES || this.backgroundRunning) return;
    this.backgroundRunning = true;
    const taken = this.take();
    this.background = syncAll(taken.files, taken.dirs, BACKGROUND_FLUSH_CONCURRENCY)
      .catch(() => {
        // Left for the finalize's flush, which reports a failure.
        for (const f of taken.files) this.unsynced.add(f);
        for (const d of taken.dirs) this.dirtyDirs.add(d);
      })
      .finally(() => {
        this.backgroundRunning = false;
      });
  }

  /** Size of a stored file; undefined when it is not there. */
  async sizeOf(sha256: string): Promise<number | undefined> {
    return fsp.stat(this.pathOf(sha256)).then(
      (s) => s.size,
      () => undefined,
    );
  }

  async discardPartial(sha256: string): Promise<void> {
    this.running.delete(sha256);
    await fsp.rm(this.partialOf(sha256), { force: true });
  }

  async remove(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }

  /** Every file in the store (for checks and tests). */
  async list(): Promise<string[]> {
    const out: string[] = [];
    const blobs = path.join(this.root, 'blobs');
    for (const prefix of await fsp.readdir(blobs)) {
      for (const name of await fsp.readdir(path.join(blobs, prefix))) out.push(name);
    }
    return out.sort();
  }

  async listPartials(): Promise<string[]> {
    return (await fsp.readdir(path.join(this.root, 'partial'))).filter(
      (n) => n.endsWith('.part') || n.endsWith('.tmp'),
    );
  }
}

/** Flushes files to disk, then the folders holding their names. Files gone since (collected) are skipped. */
async function syncAll(
  files: readonly string[],
  dirs: readonly string[],
  concurrency: number,
): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const handle = await fsp.open(file, 'r').catch(() => undefined);
        if (!handle) return;
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    ),
  );
  await Promise.all(dirs.map((d) => limit(() => fsyncDir(d))));
}

/** Writes the parts one after the other from the start of the file (one writev, more if it comes short). */
async function writeAll(handle: fsp.FileHandle, parts: readonly Buffer[]): Promise<void> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const { bytesWritten } = await handle.writev(parts as Buffer[], 0);
  if (bytesWritten < total) {
    const rest = Buffer.concat(parts).subarray(bytesWritten);
    let at = 0;
    while (at < rest.length) {
      const written = await handle.write(rest, at, rest.length - at, bytesWritten + at);
      at += written.bytesWritten;
    }
  }
}

/** SHA-256 of a whole file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', resolve)
      .on('error', reject);
  });
  return hash.digest('hex');
}
