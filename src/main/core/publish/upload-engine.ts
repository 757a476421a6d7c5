/**
 * The upload engine: publishes one school's manifest to a platform. It declares the manifest,
 * asks what the platform lacks, sends only that in verified chunks (bounded concurrency, retries
 * with backoff on network errors and 5xx, resuming each file from the bytes the platform already
 * verified), and finalizes once the platform holds every file — so families switch from the old
 * version to the new one in one step. Killed or cancelled at any point, the next run resumes from
 * what the platform has; nothing is ever sent twice in full.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import pLimit from 'p-limit';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  type FileStatus,
  type Manifest,
  type PutGalleryRequest,
} from '../../../shared/publish/protocol';
import { silentLogger, type Logger } from '../logger';
import { ProgressMeter } from '../tasks/progress-meter';
import { PublishError, type PlatformClient } from './platform-client';
import { buildPlan, manifestRefOf, type PublishPlan } from './publish-plan';
import { backoffDelay, DEFAULT_RETRY, sleep, withRetry, type RetryOptions } from './retry';

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
 * Small files travel in batches of about this size: a school is mostly photos of a few hundred KB,
 * and one request per file costs more than its bytes.
 */
export const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;
/** Only files up to this size (and not already half-sent) go in batches; larger ones are chunked. */
const BATCH_FILE_MAX_BYTES = 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
/** Chunks never shrink below this on a poor link (unless configured smaller). */
const MIN_ADAPTIVE_CHUNK_BYTES = 256 * 1024;
/** Rounds of "ask what is missing, send it" before giving up (a file keeps failing its hash). */
const MAX_ROUNDS = 3;

export class UploadEngine {
  /** Set once the platform refused a batch for good: the rest of the publish sends files one by one. */
  private batchesRefused = false;

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
    const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const batchBytes = Math.min(options.batchBytes ?? DEFAULT_BATCH_BYTES, MAX_BATCH_BYTES);
    let filesSent = 0;
    let bytesSent = 0;
    let missing = plan.toSend;
    const onBytes = (bytes: number) => {
      progress.bytesDone += bytes;
      report('uploading');
    };
    report('uploading');
    for (let round = 1; missing.length > 0; round++) {
      if (round > MAX_ROUNDS)
        throw new PublishError(
          'file_hash_mismatch',
          `${missing.length} fichier(s) refusé(s) par la plateforme après ${MAX_ROUNDS} essais`,
        );
      const inFlight = new AbortController();
      const onAbort = () => inFlight.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const { batches, singles } =
        batchBytes > 0 ? groupInBatches(missing, chunkBytes, batchBytes) : { batches: [], singles: missing };
      const sendOne = async (file: FileStatus) => {
        const sent = await this.uploadFile(input, file, chunkBytes, retry, inFlight.signal, logger, onBytes);
        bytesSent += sent;
        filesSent++;
        progress.filesDone++;
        report('uploading');
      };
      try {
        await Promise.all([
          ...batches.map((batch) =>
            limit(async () => {
              const outcome = await this.uploadBatch(input, batch, retry, inFlight.signal, logger, onBytes);
              bytesSent += outcome.bytesSent;
              filesSent += outcome.stored;
              progress.filesDone += outcome.stored;
              report('uploading');
              // Files the batch could not store (refused, or batches unsupported) go on their own.
              for (const file of outcome.rest) await sendOne(file);
            }),
          ),
          ...singles.map((file) => limit(() => sendOne(file))),
        ]);
      } catch (error) {
        // One file failing for good stops the others: their progress is kept on the platform.
        inFlight.abort();
        limit.clearQueue();
        throw signal?.aborted ? new PublishError('cancelled', 'publication annulée') : error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      missing = (
        await withRetry(
          () => this.client.getManifestStatus(input.galleryRef, manifestRef, signal),
          retry,
          signal,
        )
      ).missing;
    }

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

  /**
   * Sends small whole files in one request. Returns what was stored and the files to send on
   * their own instead: those the platform refused one by one (e.g. a hash mismatch, which the
   * single-file path then tells apart from a changed local file), or all of them when the
   * platform does not take batches (an older hosted platform answers 404).
   */
  private async uploadBatch(
    input: PublishInput,
    files: readonly FileStatus[],
    retry: RetryOptions,
    signal: AbortSignal,
    logger: Logger,
    onBytes: (n: number) => void,
  ): Promise<{ stored: number; bytesSent: number; rest: FileStatus[] }> {
    if (this.batchesRefused) return { stored: 0, bytesSent: 0, rest: [...files] };
    const total = files.reduce((n, f) => n + f.size, 0);
    // Read straight into the request body: no copy per file.
    const body = Buffer.allocUnsafe(total);
    let at = 0;
    for (const file of files) {
      await readWhole(input.localPaths.get(file.sha256)!, file.size, body, at);
      at += file.size;
    }
    let answer;
    try {
      answer = await withRetry(
        () => this.client.putBatch(input.galleryRef, files, body, signal),
        retry,
        signal,
      );
    } catch (error) {
      if (!(error instanceof PublishError) || error.retryable || error.code === 'cancelled') throw error;
      this.batchesRefused = true;
      logger.warn('publish: the platform does not take batches, sending files one by one', {
        status: error.details.status,
      });
      return { stored: 0, bytesSent: 0, rest: [...files] };
    }
    let stored = 0;
    const rest: FileStatus[] = [];
    answer.files.forEach((result, i) => {
      const file = files[i]!;
      if (result.complete) {
        stored++;
        onBytes(file.size);
      } else rest.push({ ...file, receivedBytes: result.receivedBytes });
    });
    return { stored, bytesSent: total, rest };
  }

  /** Sends one file from the platform's verified offset; returns the bytes sent. */
  private async uploadFile(
    input: PublishInput,
    file: FileStatus,
    chunkBytes: number,
    retry: RetryOptions,
    signal: AbortSignal,
    logger: Logger,
    onBytes: (n: number) => void,
  ): Promise<number> {
    const localPath = input.localPaths.get(file.sha256)!;
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(localPath, 'r');
    } catch {
      throw new PublishError('local_file', `fichier local illisible : ${localPath}`);
    }
    let sent = 0;
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
      let credited = file.receivedBytes;
      onBytes(0);
      // Chunks shrink after network failures (less to resend when a poor link keeps dropping)
      // and grow back after a run of successes.
      let chunk = chunkBytes;
      const smallest = Math.min(chunkBytes, MIN_ADAPTIVE_CHUNK_BYTES);
      let attempt = 0;
      let successes = 0;
      while (offset < file.size) {
        const length = Math.min(chunk, file.size - offset);
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
        try {
          const answer = await this.client.putChunk(
            input.galleryRef,
            file.sha256,
            at,
            chunkSha,
            data,
            signal,
          );
          sent += length;
          offset = answer.complete ? file.size : answer.receivedBytes;
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
            const delay = backoffDelay(attempt, retry);
            retry.onRetry?.(error, attempt, delay);
            await sleep(delay, signal);
          } else if (
            (error.code === 'chunk_hash_mismatch' || error.code === 'file_hash_mismatch') &&
            !suspect
          ) {
            suspect = true;
            offset = error.code === 'file_hash_mismatch' ? 0 : offset;
          } else if (error.code === 'offset_mismatch' && error.details.expectedOffset !== undefined) {
            offset = error.details.expectedOffset;
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
        // Progress follows what the platform confirmed, so it never goes past 100 % on resends.
        const confirmed = Math.min(offset, file.size);
        if (confirmed > credited) {
          onBytes(confirmed - credited);
          credited = confirmed;
        }
      }
    } finally {
      await handle.close();
    }
    return sent;
  }
}

/**
 * Splits the files to send into batches of small whole files (in order, up to `batchBytes` and
 * `MAX_BATCH_FILES` each) and the files sent on their own: large ones, half-sent ones (they resume
 * from the platform's offset) and any lone small file.
 */
export function groupInBatches(
  files: readonly FileStatus[],
  chunkBytes: number,
  batchBytes: number,
): { batches: FileStatus[][]; singles: FileStatus[] } {
  const maxFile = Math.min(BATCH_FILE_MAX_BYTES, chunkBytes, batchBytes);
  const batches: FileStatus[][] = [];
  const singles: FileStatus[] = [];
  let current: FileStatus[] = [];
  let bytes = 0;
  const close = () => {
    if (current.length === 1) singles.push(current[0]!);
    else if (current.length > 1) batches.push(current);
    current = [];
    bytes = 0;
  };
  for (const file of files) {
    if (file.receivedBytes > 0 || file.size > maxFile) {
      singles.push(file);
      continue;
    }
    if (bytes + file.size > batchBytes || current.length >= MAX_BATCH_FILES) close();
    current.push(file);
    bytes += file.size;
  }
  close();
  return { batches, singles };
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
