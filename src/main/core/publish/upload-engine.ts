/**
 * The upload engine: publishes one school's manifest to a platform. It declares the manifest,
 * asks what the platform lacks, sends only that — small files in batches, large ones in verified
 * chunks — and finalizes once the platform holds every file, so families switch from the old
 * version to the new one in one step. Requests are sized from the link's measured speed (a couple
 * of seconds each), so progress follows what the platform acknowledged and a kill loses little:
 * the platform keeps every file that arrived whole, even from a batch cut in the middle. After a
 * failed request the engine asks what the platform kept before sending anything again. Killed or
 * cancelled at any point, the next run resumes from what the platform has; nothing is sent twice
 * in full.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  type FileStatus,
  type Manifest,
  type PutGalleryRequest,
} from '../../../shared/publish/protocol';
import { silentLogger, type Logger } from '../../lib/logger';
import { ProgressMeter } from '../tasks/progress-meter';
import { PublishError, type PlatformClient } from './platform-client';
import { buildPlan, manifestRefOf, type PublishPlan } from './publish-plan';
import { backoffDelay, DEFAULT_RETRY, sleep, withRetry, type RetryOptions } from './retry';
import { count } from '../../../shared/i18n';

/** What the job integration hands over: the gallery, its manifest (already consent-gated) and where each file is. */
export interface PublishInput {
  galleryRef: string;
  gallery: PutGalleryRequest;
  manifest: Manifest;
  /** Local path of every file of the manifest, by SHA-256. */
  localPaths: ReadonlyMap<string, string>;
}

export interface PublishProgress {
  phase: 'planning' | 'uploading' | 'finalizing' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond?: number | undefined;
  etaSeconds?: number | undefined;
}

export interface PublishOptions {
  signal?: AbortSignal;
  onProgress?: (p: PublishProgress) => void;
  /** Called with the plan before anything is uploaded. */
  onPlan?: (plan: PublishPlan) => void;
  concurrency?: number;
  chunkBytes?: number;
  /** Largest batch of small files sent in one request; 0 sends every file on its own. */
  batchBytes?: number;
  retry?: Partial<RetryOptions>;
  logger?: Logger;
}

export interface PublishResult {
  plan: PublishPlan;
  manifestRef: string;
  version: number;
  filesSent: number;
  bytesSent: number;
  familyUrl: string;
}

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Small files travel in batches of up to this size: a school is mostly photos of a few hundred KB,
 * and one request per file costs more than its bytes. On a slow link batches are smaller (below).
 */
export const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;
/** Only files up to this size (and not already half-sent) go in batches; larger ones are chunked. */
const BATCH_FILE_MAX_BYTES = 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
/** Chunks never shrink below this on a poor link (unless configured smaller). */
const MIN_ADAPTIVE_CHUNK_BYTES = 256 * 1024;
/** Rounds of "ask what is missing, send it" before giving up (a file keeps failing its hash). */
const MAX_ROUNDS = 3;
/**
 * How long one request should take on the measured link: long enough that request overheads do
 * not count, short enough that progress moves and a kill loses a couple of seconds of upload.
 */
const REQUEST_TARGET_SECONDS = 2;
/** Requests in flight, and batch size, before the link has been measured. */
const START_CONCURRENCY = 2;
const START_BATCH_BYTES = 256 * 1024;
const MIN_BATCH_BYTES = 64 * 1024;

/**
 * The link's speed as the platform acknowledges bytes (not as the system accepts them: the
 * network's buffers would make a slow link look fast), over the last few seconds.
 */
export class LinkMeter {
  private readonly samples: { t: number; bytes: number }[] = [];
  private readonly started: number;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 4_000,
  ) {
    this.started = now();
  }

  acknowledged(bytes: number): void {
    const t = this.now();
    this.samples.push({ t, bytes });
    while (this.samples.length > 1 && t - this.samples[0]!.t > this.windowMs) this.samples.shift();
  }

  /** Bytes per second; undefined before the first acknowledgement. */
  rate(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const t = this.now();
    const from = Math.max(this.started, t - this.windowMs);
    const bytes = this.samples.reduce((n, s) => (s.t >= from ? n + s.bytes : n), 0);
    return bytes / Math.max((t - from) / 1000, 0.001);
  }

  /** Requests to keep in flight: enough to fill the link with requests of the target duration. */
  concurrency(max: number, largestRequest: number): number {
    const r = this.rate();
    const floor = Math.min(START_CONCURRENCY, max);
    if (r === undefined) return floor;
    return Math.max(floor, Math.min(max, Math.ceil((r * REQUEST_TARGET_SECONDS) / largestRequest) + 1));
  }

  /** Bytes one request should carry now, between `min` and `max`. */
  requestBytes(concurrency: number, min: number, max: number, start: number): number {
    const r = this.rate();
    const wanted = r === undefined ? start : (r * REQUEST_TARGET_SECONDS) / concurrency;
    return Math.round(Math.max(Math.min(min, max), Math.min(max, wanted)));
  }
}

/** A unit of work: a batch of small whole files, or one file sent by chunks. */
type Unit = { kind: 'batch'; files: FileStatus[] } | { kind: 'single'; file: FileStatus };

/**
 * Takes the next unit off the queue: the first file alone when it cannot go in a batch (too large,
 * half-sent: it resumes from the platform's offset, or refused in a batch before), otherwise the
 * batchable files from the head of the queue, in order, up to `batchBytes` and `MAX_BATCH_FILES`.
 * A batch of one is sent on its own.
 */
export function nextUnit(
  queue: FileStatus[],
  batchable: (f: FileStatus) => boolean,
  batchBytes: number,
): Unit | undefined {
  const first = queue[0];
  if (!first) return undefined;
  if (!batchable(first)) return { kind: 'single', file: queue.shift()! };
  const files: FileStatus[] = [];
  let bytes = 0;
  for (let i = 0; i < queue.length && files.length < MAX_BATCH_FILES;) {
    const f = queue[i]!;
    if (!batchable(f)) {
      i++;
      continue;
    }
    if (files.length > 0 && bytes + f.size > batchBytes) break;
    files.push(f);
    bytes += f.size;
    queue.splice(i, 1);
  }
  return files.length === 1 ? { kind: 'single', file: files[0]! } : { kind: 'batch', files };
}

export class UploadEngine {
  /** `batchesRefused`: set once the platform refused a batch for good; later files go one by one. */
  private readonly state = { batchesRefused: false };

  constructor(private readonly client: PlatformClient) {}

  /** Declares the manifest and tells what a publish would send, without sending any file. */
  async plan(
    input: PublishInput,
    options: PublishOptions = {},
  ): Promise<PublishPlan & { familyUrl: string }> {
    const retry = this.retryOptions(options);
    const { signal } = options;
    const gallery = await withRetry(
      () => this.client.putGallery(input.galleryRef, input.gallery, signal),
      retry,
      signal,
    );
    const live = gallery.liveManifestRef
      ? await withRetry(() => this.client.getLiveManifest(input.galleryRef, signal), retry, signal)
      : undefined;
    const ref = manifestRefOf(input.manifest);
    if (live?.manifestRef === ref) {
      // Unchanged: only check that the platform still holds every file of it.
      const status = await withRetry(
        () => this.client.getManifestStatus(input.galleryRef, ref, signal),
        retry,
        signal,
      );
      return { ...buildPlan(input.manifest, live, status.missing), familyUrl: gallery.familyUrl };
    }
    const status = await withRetry(
      () => this.client.putManifest(input.galleryRef, ref, input.manifest, signal),
      retry,
      signal,
    );
    return { ...buildPlan(input.manifest, live, status.missing), familyUrl: gallery.familyUrl };
  }

  async publish(input: PublishInput, options: PublishOptions = {}): Promise<PublishResult> {
    const logger = options.logger ?? silentLogger;
    const retry = this.retryOptions(options);
    const { signal } = options;
    for (const f of input.manifest.files)
      if (!input.localPaths.has(f.sha256))
        throw new PublishError(
          'local_file',
          `fichier local introuvable pour ${f.sha256.slice(0, 12)}… : relancez la préparation`,
        );
    options.onProgress?.({ phase: 'planning', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 });
    const plan = await this.plan(input, options);
    options.onPlan?.(plan);
    const manifestRef = plan.manifestRef;
    if (plan.upToDate) {
      options.onProgress?.({ phase: 'done', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 });
      return {
        plan,
        manifestRef,
        version: plan.previousVersion ?? 0,
        filesSent: 0,
        bytesSent: 0,
        familyUrl: plan.familyUrl,
      };
    }

    const meter = new ProgressMeter();
    const progress = {
      filesDone: 0,
      filesTotal: plan.toSend.length,
      bytesDone: 0,
      bytesTotal: plan.bytesToSend,
    };
    const report = (phase: PublishProgress['phase']) => {
      const m = meter.measure({ done: progress.bytesDone, total: progress.bytesTotal });
      options.onProgress?.({ phase, ...progress, bytesPerSecond: m.rate, etaSeconds: m.etaSeconds });
    };
    const upload = new UploadRun(this.client, this.state, input, manifestRef, {
      retry,
      signal,
      logger,
      maxConcurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
      chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
      batchBytes: Math.min(options.batchBytes ?? DEFAULT_BATCH_BYTES, MAX_BATCH_BYTES),
      planned: plan.toSend,
      onAcknowledged: (files, bytes) => {
        progress.filesDone += files;
        progress.bytesDone += bytes;
        report('uploading');
      },
    });
    report('uploading');
    let missing = plan.toSend;
    for (let round = 1; missing.length > 0; round++) {
      if (round > MAX_ROUNDS)
        throw new PublishError(
          'file_hash_mismatch',
          `${count(missing.length, 'fichier refusé', 'fichiers refusés')} par la plateforme après ${count(MAX_ROUNDS, 'essai', 'essais')}`,
          { missing: missing.map((f) => f.sha256) },
        );
      await upload.send(missing);
      missing = await upload.missing();
    }
    const { filesSent, bytesSent } = upload;

    report('finalizing');
    const done = await withRetry(
      () => this.client.finalize(input.galleryRef, manifestRef, signal),
      retry,
      signal,
    );
    options.onProgress?.({ phase: 'done', ...progress });
    logger.info('publish: finalized', {
      galleryRef: input.galleryRef,
      manifestRef,
      version: done.version,
      filesSent,
      bytesSent,
    });
    return { plan, manifestRef, version: done.version, filesSent, bytesSent, familyUrl: plan.familyUrl };
  }

  private retryOptions(options: PublishOptions): RetryOptions {
    const logger = options.logger ?? silentLogger;
    return {
      ...DEFAULT_RETRY,
      onRetry: (error, attempt, delay) =>
        logger.warn(`publish: retry ${attempt} in ${delay} ms`, { reason: error.message }),
      ...options.retry,
    };
  }
}

interface UploadRunOptions {
  retry: RetryOptions;
  signal?: AbortSignal | undefined;
  logger: Logger;
  maxConcurrency: number;
  chunkBytes: number;
  batchBytes: number;
  /** What the plan said the platform lacked: progress counts these, each once. */
  planned: readonly FileStatus[];
  /** Files completed and bytes confirmed by the platform since the last call. */
  onAcknowledged: (files: number, bytes: number) => void;
}

/**
 * The uploads of one publish: a queue of files the platform lacks, taken a unit at a time (a batch
 * of small files sized for the link, or one file by chunks) by as many requests in flight as the
 * link needs. Progress counts only what the platform acknowledged, and only files it lacked.
 */
class UploadRun {
  /** Files this run transmitted that the platform now holds. */
  filesSent = 0;
  /** Bytes of the requests the platform answered. */
  bytesSent = 0;
  private readonly link = new LinkMeter();
  /** Bytes of each planned file already counted in the progress. */
  private readonly credited = new Map<string, number>();
  private readonly counted = new Set<string>();
  private readonly held = new Set<string>();
  private readonly transmitted = new Set<string>();
  /** Failed batch requests each file was part of. */
  private readonly failures = new Map<string, number>();
  /** Files a batch refused: they go on their own, where the single-file path tells why. */
  private readonly solo = new Set<string>();
  private refreshing: { startedAt: number; promise: Promise<Map<string, FileStatus>> } | undefined;

  constructor(
    private readonly client: PlatformClient,
    private readonly state: { batchesRefused: boolean },
    private readonly input: PublishInput,
    private readonly manifestRef: string,
    private readonly o: UploadRunOptions,
  ) {
    for (const f of o.planned) this.credited.set(f.sha256, f.receivedBytes);
  }

  /** Sends every file of `files` (what the platform lacks), then returns. */
  async send(files: readonly FileStatus[]): Promise<void> {
    const queue = [...files];
    const inFlight = new AbortController();
    const onAbort = () => inFlight.abort();
    this.o.signal?.addEventListener('abort', onAbort, { once: true });
    const running = new Set<Promise<void>>();
    let failure: Error | undefined;
    try {
      for (;;) {
        while (failure === undefined && queue.length > 0 && running.size < this.concurrency()) {
          const unit = nextUnit(queue, (f) => this.batchable(f), this.batchTarget());
          if (!unit) break;
          const task: Promise<void> = this.run(unit, queue, inFlight.signal)
            .catch((error: unknown) => {
              // One file failing for good stops the others: their progress is kept on the platform.
              failure ??= error instanceof Error ? error : new Error(String(error));
              inFlight.abort();
            })
            .finally(() => running.delete(task));
          running.add(task);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
    } finally {
      this.o.signal?.removeEventListener('abort', onAbort);
    }
    if (failure !== undefined)
      throw this.o.signal?.aborted ? new PublishError('cancelled', 'publication annulée') : failure;
  }

  /** What the platform still lacks after a round; files it now holds count as acknowledged. */
  async missing(): Promise<FileStatus[]> {
    const missing = await this.status();
    for (const f of this.o.planned) if (!missing.has(f.sha256)) this.confirm(f, f.size, true);
    return [...missing.values()];
  }

  private concurrency(): number {
    return this.link.concurrency(this.o.maxConcurrency, Math.max(this.o.batchBytes, this.o.chunkBytes));
  }

  private batchTarget(): number {
    return this.link.requestBytes(this.concurrency(), MIN_BATCH_BYTES, this.o.batchBytes, START_BATCH_BYTES);
  }

  private batchable(f: FileStatus): boolean {
    return (
      !this.state.batchesRefused &&
      f.receivedBytes === 0 &&
      f.size <= Math.min(BATCH_FILE_MAX_BYTES, this.o.chunkBytes, this.o.batchBytes) &&
      !this.solo.has(f.sha256)
    );
  }

  private async run(unit: Unit, queue: FileStatus[], signal: AbortSignal): Promise<void> {
    if (unit.kind === 'single') await this.uploadFile(unit.file, signal);
    else await this.uploadBatch(unit.files, queue, signal);
  }

  /** Counts what the platform confirmed of a file: its bytes up to `upTo`, or all of it. */
  private confirm(file: FileStatus, upTo: number, complete: boolean): void {
    const sha = file.sha256;
    if (complete && !this.held.has(sha)) {
      this.held.add(sha);
      if (this.transmitted.has(sha)) this.filesSent++;
    }
    const before = this.credited.get(sha);
    if (before === undefined) return;
    const target = complete ? file.size : Math.min(upTo, file.size);
    const bytes = Math.max(0, target - before);
    if (bytes > 0) this.credited.set(sha, target);
    let files = 0;
    if (complete && !this.counted.has(sha)) {
      this.counted.add(sha);
      files = 1;
    }
    if (files > 0 || bytes > 0) this.o.onAcknowledged(files, bytes);
  }

  private async status(signal = this.o.signal): Promise<Map<string, FileStatus>> {
    const status = await withRetry(
      () => this.client.getManifestStatus(this.input.galleryRef, this.manifestRef, signal),
      this.o.retry,
      signal,
    );
    return new Map(status.missing.map((m) => [m.sha256, m]));
  }

  /** What the platform lacks, asked after `after` (several failed requests share one answer). */
  private refresh(after: number, signal: AbortSignal): Promise<Map<string, FileStatus>> {
    if (this.refreshing && this.refreshing.startedAt >= after) return this.refreshing.promise;
    const startedAt = performance.now();
    const promise = this.status(signal);
    this.refreshing = { startedAt, promise };
    return promise;
  }

  /**
   * Sends small whole files in one request. Files the platform refused one by one (e.g. a hash
   * mismatch, which the single-file path then tells apart from a changed local file) go back in
   * the queue to be sent on their own; all of them, when the platform does not take batches (an
   * older hosted platform answers 404). After a failure it asks what the platform kept — the files
   * that arrived whole before a cut, or all of them when only the answer was lost — and puts back
   * only the rest.
   */
  private async uploadBatch(files: readonly FileStatus[], queue: FileStatus[], signal: AbortSignal) {
    if (this.state.batchesRefused) {
      queue.unshift(...files);
      return;
    }
    const total = files.reduce((n, f) => n + f.size, 0);
    // Read straight into the request body: no copy per file.
    const body = Buffer.allocUnsafe(total);
    let at = 0;
    for (const file of files) {
      await readWhole(this.input.localPaths.get(file.sha256)!, file.size, body, at);
      at += file.size;
    }
    for (const file of files) this.transmitted.add(file.sha256);
    let answer;
    try {
      answer = await this.client.putBatch(this.input.galleryRef, files, body, signal);
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      if (error.code === 'cancelled' || signal.aborted)
        throw new PublishError('cancelled', 'publication annulée');
      if (!error.retryable) {
        this.state.batchesRefused = true;
        this.o.logger.warn('publish: the platform does not take batches, sending files one by one', {
          status: error.details.status,
        });
        queue.unshift(...files);
        return;
      }
      const failedAt = performance.now();
      const attempt = Math.max(...files.map((f) => this.failures.get(f.sha256) ?? 0)) + 1;
      for (const f of files) this.failures.set(f.sha256, attempt);
      if (attempt >= this.o.retry.attempts) throw error;
      const delay = backoffDelay(attempt, this.o.retry);
      this.o.retry.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
      const missing = await this.refresh(failedAt, signal);
      const again: FileStatus[] = [];
      for (const f of files) {
        const still = missing.get(f.sha256);
        if (still) again.push(still);
        else this.confirm(f, f.size, true);
      }
      queue.unshift(...again);
      return;
    }
    this.bytesSent += total;
    this.link.acknowledged(total);
    const refused: FileStatus[] = [];
    answer.files.forEach((result, i) => {
      const file = files[i]!;
      if (result.complete) this.confirm(file, file.size, true);
      else {
        this.solo.add(file.sha256);
        refused.push({ ...file, receivedBytes: result.receivedBytes });
      }
    });
    queue.unshift(...refused);
  }

  /**
   * Sends one file from the platform's verified offset, in chunks no longer than the link carries
   * in a couple of seconds (a kill loses at most the chunk in flight).
   */
  private async uploadFile(file: FileStatus, signal: AbortSignal): Promise<void> {
    const { retry, logger, chunkBytes } = this.o;
    const input = this.input;
    const localPath = input.localPaths.get(file.sha256)!;
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(localPath, 'r');
    } catch {
      throw new PublishError('local_file', `fichier local illisible : ${localPath}`);
    }
    let restarts = 0;
    let suspect = false;
    try {
      const stat = await handle.stat();
      if (stat.size !== file.size)
        throw new PublishError(
          'local_file',
          `le fichier ${localPath} a changé depuis la préparation (taille différente) : relancez la préparation`,
        );
      let offset = file.receivedBytes;
      // Chunks shrink after network failures (less to resend when a poor link keeps dropping)
      // and grow back after a run of successes.
      let chunk = chunkBytes;
      const smallest = Math.min(chunkBytes, MIN_ADAPTIVE_CHUNK_BYTES);
      const forLink = () =>
        this.link.requestBytes(this.concurrency(), smallest, chunkBytes, Math.min(chunkBytes, 4 * smallest));
      let attempt = 0;
      let successes = 0;
      while (offset < file.size) {
        const length = Math.min(chunk, forLink(), file.size - offset);
        const data = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(data, 0, length, offset);
        if (bytesRead !== length) throw new PublishError('local_file', `lecture incomplète de ${localPath}`);
        // A whole file in one chunk: its hash is the file's, known from the manifest — unless the
        // platform found otherwise once, then it is computed to tell a changed file from a bad link.
        const chunkSha =
          offset === 0 && length === file.size && !suspect
            ? file.sha256
            : createHash('sha256').update(data).digest('hex');
        if (suspect && length === file.size && chunkSha !== file.sha256)
          throw new PublishError(
            'local_file',
            `le fichier ${localPath} a changé depuis la préparation : relancez la préparation`,
          );
        const at = offset;
        this.transmitted.add(file.sha256);
        try {
          const answer = await this.client.putChunk(
            input.galleryRef,
            file.sha256,
            at,
            chunkSha,
            data,
            signal,
          );
          this.bytesSent += length;
          this.link.acknowledged(length);
          offset = answer.complete ? file.size : answer.receivedBytes;
          // Progress follows what the platform confirmed, so it never goes past 100 % on resends.
          this.confirm(file, offset, answer.complete);
          attempt = 0;
          if (++successes >= 4 && chunk < chunkBytes) {
            chunk = Math.min(chunkBytes, chunk * 2);
            successes = 0;
          }
        } catch (error) {
          if (!(error instanceof PublishError)) throw error;
          if (error.retryable && error.code !== 'cancelled') {
            if (signal.aborted) throw new PublishError('cancelled', 'publication annulée');
            if (++attempt >= retry.attempts) throw error;
            successes = 0;
            if (error.code === 'network') chunk = Math.max(smallest, Math.floor(chunk / 2));
            const failedAt = performance.now();
            const delay = backoffDelay(attempt, retry);
            retry.onRetry?.(error, attempt, delay);
            await sleep(delay, signal);
            // The chunk may have landed with only its answer lost: resume from what the platform has.
            const still = (await this.refresh(failedAt, signal)).get(file.sha256);
            if (!still) {
              this.confirm(file, file.size, true);
              return;
            }
            offset = still.receivedBytes;
            this.confirm(file, offset, false);
          } else if (
            (error.code === 'chunk_hash_mismatch' || error.code === 'file_hash_mismatch') &&
            !suspect
          ) {
            suspect = true;
            offset = error.code === 'file_hash_mismatch' ? 0 : offset;
          } else if (error.code === 'offset_mismatch' && error.details.expectedOffset !== undefined) {
            offset = error.details.expectedOffset;
            this.confirm(file, offset, false);
          } else if (error.code === 'file_hash_mismatch' && restarts++ === 0) {
            logger.warn('publish: platform rejected a file, sending it again from the start', {
              sha256: file.sha256,
            });
            offset = 0;
          } else if (error.code === 'file_hash_mismatch') {
            throw new PublishError(
              'local_file',
              `le fichier ${localPath} ne correspond pas à son empreinte SHA-256 : relancez la préparation`,
            );
          } else throw error;
        }
      }
    } finally {
      await handle.close();
    }
  }
}

/** Reads a whole local file into `target` at `at`, checking it still has the size it was planned with. */
async function readWhole(localPath: string, size: number, target: Buffer, at: number): Promise<void> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(localPath, 'r');
  } catch {
    throw new PublishError('local_file', `fichier local illisible : ${localPath}`);
  }
  try {
    const stat = await handle.stat();
    if (stat.size !== size)
      throw new PublishError(
        'local_file',
        `le fichier ${localPath} a changé depuis la préparation (taille différente) : relancez la préparation`,
      );
    const { bytesRead } = await handle.read(target, at, size, 0);
    if (bytesRead !== size) throw new PublishError('local_file', `lecture incomplète de ${localPath}`);
  } finally {
    await handle.close();
  }
}
