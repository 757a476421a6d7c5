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
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE } from '../lib/atomic';

/** Folder flushes at a time in a finalize (the journal commits concurrent flushes together). */
const DIR_FLUSH_CONCURRENCY = 32;

export class BlobStore {
  /** Running hashes of uploads in progress, keyed by SHA-256, valid at `offset`. */
  private readonly running = new Map<string, { offset: number; hash: Hash }>();
  private readonly knownDirs = new Set<string>();
  /** Folders that gained a file since the last `flush`. */
  private readonly dirtyDirs = new Set<string>();

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

  /** Flushes a completed, verified upload to disk and moves it into the store. */
  async commit(sha256: string): Promise<void> {
    const partial = this.partialOf(sha256);
    const handle = await fsp.open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.place(partial, sha256);
  }

  /**
   * Stores a file that arrived whole in one chunk, already verified against its SHA-256: written
   * to a temporary file and flushed to disk as it arrives (while the rest of the publish is still
   * on the way, so a finalize has only folder entries left to flush), then renamed into place.
   */
  async writeWhole(sha256: string, data: Buffer | readonly Buffer[]): Promise<void> {
    const temp = path.join(this.root, 'partial', `${sha256}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await fsp.open(temp, 'wx', PRIVATE_FILE_MODE);
      try {
        await writeAll(handle, Buffer.isBuffer(data) ? [data] : data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await this.place(temp, sha256);
  }

  /** Renames a flushed file into the store; its folder entry is flushed by the next `flush`. */
  private async place(source: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const dir = path.dirname(target);
    if (!this.knownDirs.has(dir)) {
      await ensurePrivateDir(dir);
      this.knownDirs.add(dir);
      // A new folder's own name lives in `blobs/`, flushed with the rest.
      this.dirtyDirs.add(path.dirname(dir));
    }
    await fsp.rename(source, target);
    this.dirtyDirs.add(dir);
  }

  /**
   * Flushes the folder entries of the files placed since the last call: a finalize calls it before
   * moving the live pointer, so families only ever see files on disk (each file's bytes were flushed
   * before it was placed). Folders are flushed together, not after every file: a publish's many
   * files share a few hundred folder flushes. A file whose folder entry a crash lost before this
   * flush is found at the next start (see `dropMissing` in the service) and asked for again.
   */
  async flush(): Promise<void> {
    const dirs = [...this.dirtyDirs];
    this.dirtyDirs.clear();
    const limit = pLimit(DIR_FLUSH_CONCURRENCY);
    try {
      await Promise.all(dirs.map((d) => limit(() => fsyncDir(d))));
    } catch (error) {
      for (const d of dirs) this.dirtyDirs.add(d);
      throw error;
    }
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
