/**
 * Ingest of one source (a card or a folder) into a job, as a resumable task. Three stages overlap:
 *
 * 1. copy + verify (disk-bound, runs ahead): each new file is read once, hashed, written to the job
 *    and the backup folder, verified, staged; its manifest row and the `copied`/`verified` steps are
 *    committed in one transaction. When the last file is verified the card verdict is written —
 *    it never waits for image work.
 * 2. placement (metadata): exiftool reads the staged copy (not the card), the final name is reserved
 *    then the staged files are moved to it without overwriting, and the photo row, the manifest
 *    destinations and the `metadata` step are committed in one transaction.
 * 3. derivatives (CPU-bound): thumbnail + preview from one decode, then the `derivatives` step. One
 *    decode at a time runs alongside the copy (which mostly waits on the disks), then every core
 *    once the verdict is written.
 *
 * A kill at any point leaves either a committed step or nothing: stray temporary copies are removed
 * on restart, verified-but-unplaced copies are placed from the job disk (the card may already be
 * formatted), and no photo is ever half-registered.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import {
  ingestParamsSchema,
  type FileIssue,
  type IngestParams,
  type IngestResult,
} from '../../../shared/domain/ingest';
import type { Language } from '../../../shared/domain/settings';
import { translate, type MessageKey } from '../../../shared/i18n';
import { AppError, fsErrorToAppError, toRpcError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { ensurePrivateDir, fsyncDir } from '../fs/atomic';
import { canWrite } from '../jobs/job-folder';
import type { TaskContext, TaskKind } from '../tasks/task-runner';
import { copyAndVerify, FileCopyError, type CopyHooks } from './copy-verify';
import {
  cachePaths,
  kindOf,
  makeDerivatives,
  UnreadableImageError,
  writePlaceholderThumb,
} from './derivatives';
import type { ExifReader, PhotoMetadata } from './exif-reader';
import { applyTemplate, candidateName, renameNoOverwrite } from './file-naming';
import { IngestRepository, type CardFileRecord, type CardRecord } from './ingest.repository';
import { writeManifestFiles } from './manifest-writer';
import { scanSource, type ScannedSource, type SourceFile } from './source-scanner';

export const INGEST_TASK = 'ingest';

export interface IngestDeps {
  exif: ExifReader;
  events: EventBus;
  logger?: Logger;
  /** Test seam (flip a byte between write and verify). */
  copyHooks?: CopyHooks;
  copyConcurrency?: number;
  imageConcurrency?: number;
  /** The studio's language: reasons, verdicts and progress are written in it (French by default). */
  language?: () => Language;
}

function photoIdOf(sha256: string): string {
  return sha256.slice(0, 24);
}

interface Destinations {
  /** Final folders, the job's `originals` first. */
  finals: string[];
  /** Staging folders (same file system as their final folder, so the move is a rename). */
  staging: string[];
}

async function prepareDestinations(jobDir: string, backupDir: string | null): Promise<Destinations> {
  const finals = [path.join(jobDir, 'originals')];
  if (backupDir) {
    const resolved = path.resolve(backupDir);
    let stat;
    try {
      stat = await fsp.stat(resolved);
    } catch (error) {
      // A missing backup folder is never created: on an unplugged drive's mount point it would
      // silently land on the system disk.
      throw fsErrorToAppError(error, resolved) ?? error;
    }
    if (!stat.isDirectory()) throw new AppError('not_a_folder', { path: resolved });
    finals.push(path.join(resolved, path.basename(jobDir), 'originals'));
  }
  const staging = finals.map((f) => path.join(f, '.incoming'));
  for (const [i, dir] of staging.entries()) {
    try {
      await ensurePrivateDir(dir);
    } catch (error) {
      throw destinationFatal(error, { finals, staging }, i) ?? error;
    }
    if (!(await canWrite(dir))) throw new AppError('read_only', { path: finals[i]! });
    // Temporary copies a kill left behind are incomplete or unverified by definition.
    for (const name of await fsp.readdir(dir))
      if (name.startsWith('.copy-')) await fsp.rm(path.join(dir, name), { force: true });
  }
  return { finals, staging };
}

/**
 * The clear message for a destination that fails (full, read-only, unplugged, path too long), naming
 * the destination that failed: the copy tags its errors with the destination's index, and file
 * system errors carry the path they were about.
 */
function destinationFatal(error: unknown, dest: Destinations, index?: number): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as NodeJS.ErrnoException & { destIndex?: number };
  const byPath = e.path ? dest.staging.findIndex((s) => e.path!.startsWith(s)) : -1;
  const where = dest.finals[index ?? e.destIndex ?? (byPath >= 0 ? byPath : 0)] ?? dest.finals[0]!;
  if (e.code === 'ENAMETOOLONG') return new AppError('path_too_long', { path: where }, { cause: error });
  return fsErrorToAppError(error, where);
}

class IngestRun {
  private readonly repo: IngestRepository;
  private readonly jobDir: string;
  private readonly copyLimit;
  private readonly placeLimit = pLimit(2);
  private readonly imageLimit;
  private readonly imageCores: number;
  private readonly pending: Promise<unknown>[] = [];
  private fatal: AppError | null = null;
  private sourceLost = false;
  private filesTotal = 0;
  private filesDone = 0;
  private imagesTotal = 0;
  private imagesDone = 0;
  private bytesDone = 0;
  private bytesTotal = 0;
  private readonly lang: Language;

  constructor(
    private readonly deps: IngestDeps,
    private readonly ctx: TaskContext<IngestParams>,
  ) {
    this.repo = new IngestRepository(ctx.job.db);
    this.lang = deps.language?.() ?? 'fr';
    this.jobDir = ctx.job.dir;
    this.copyLimit = pLimit(deps.copyConcurrency ?? 2);
    this.imageCores = deps.imageConcurrency ?? Math.max(1, os.availableParallelism());
    // While the card is being copied, ONE decode runs at a time: copying is mostly waiting on the
    // disks (fsync, uncached read-back), so one core's worth of decoding fills the idle CPU without
    // holding up the copy the photographer is waiting for. Holding all image work until the verdict
    // made the run serial (copy phase, then image phase) and left a core idle during the copy.
    // After the verdict, image work gets every core.
    this.imageLimit = pLimit(1);
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return translate(this.lang, key, params);
  }

  private report(): void {
    const copying = this.filesDone < this.filesTotal;
    this.ctx.progress({
      done: this.filesDone + this.imagesDone,
      total: this.filesTotal + this.imagesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      message: copying
        ? this.t('ingest.progress.copy', { done: this.filesDone, total: this.filesTotal })
        : this.t('ingest.progress.images', { done: this.imagesDone, total: this.imagesTotal }),
    });
  }

  async run(): Promise<IngestResult> {
    const { params, signal } = this.ctx;
    // Start exiftool's Perl now, while the first file is being copied, not when it is first needed.
    void this.deps.exif
      .exiftool()
      .version()
      .catch(() => undefined);
    let scanned: ScannedSource | null = null;
    try {
      scanned = await scanSource(params.source);
    } catch (error) {
      // Resuming after the card was taken out (or formatted): finish what is on the job disk.
      if (!(this.ctx.resumed && error instanceof AppError && error.code === 'folder_missing')) throw error;
    }
    const card = scanned ? this.repo.ensureCard(scanned.fingerprint, scanned.root) : this.cardOfThisTask();
    const dest = await prepareDestinations(this.jobDir, params.backupDir);

    const toCopy = (scanned?.files ?? []).filter((f) => {
      const known = this.repo.cardFile(card.id, f.relPath, f.size, f.mtimeMs);
      return !known || known.status === 'failed';
    });
    await this.removeUnrecordedStaging(dest);
    // Left by an earlier run of this card: verified copies not yet placed, photos without previews.
    const unplaced = this.repo.unplaced(card.id);
    const withoutPreviews = this.pendingDerivatives(card.id);
    this.filesTotal = toCopy.length;
    this.bytesTotal = toCopy.reduce((s, f) => s + f.size, 0);
    this.imagesTotal = unplaced.length + withoutPreviews.length;
    this.report();

    for (const row of unplaced) this.schedulePlace(row, dest, card);
    for (const p of withoutPreviews) this.scheduleDerive(p.id, p.relPath);

    const copies = toCopy.map((file) =>
      this.copyLimit(async () => {
        if (signal.aborted) return;
        await this.copyOne(file, card, dest, scanned!.root);
      }),
    );
    try {
      await Promise.all(copies);
    } catch (error) {
      await this.settle();
      throw error;
    }
    if (signal.aborted) {
      await this.settle(); // queued image jobs see the abort and return
      signal.throwIfAborted();
    }

    // Every byte of the card is now safe (or known not to be): the verdict does not wait for images.
    await this.durabilityBarrier(dest);
    await this.writeVerdict(card, scanned, dest);
    this.deps.events.emit('data.changed', { entity: 'cards', jobId: this.ctx.job.id, ids: [card.id] });
    this.imageLimit.concurrency = this.imageCores;

    await this.settle();
    signal.throwIfAborted();
    // Written again: the manifest now lists final names instead of staged ones.
    const final = await this.writeVerdict(card, scanned, dest);
    return this.result(card, final.safe, final.verdict);
  }

  /**
   * A kill between staging a verified copy and committing its row leaves a staged file nobody knows:
   * its card was never declared safe, so the file is copied again and this one can go. One case is
   * different: after a power cut, a photo can be registered while the rename to its final name was
   * lost; then the staged file is that photo, and it is put back in place rather than removed.
   */
  private async removeUnrecordedStaging(dest: Destinations): Promise<void> {
    const rows = this.ctx.job.db
      .prepare("SELECT staged FROM card_file WHERE status = 'verified' AND staged <> '[]'")
      .all() as { staged: string }[];
    const recorded = new Set(rows.flatMap((r) => JSON.parse(r.staged) as string[]));
    const photoByPrefix = this.ctx.job.db.prepare(
      'SELECT file_name FROM photo WHERE substr(sha256, 1, 32) = ?',
    );
    for (const [i, dir] of dest.staging.entries())
      for (const name of await fsp.readdir(dir)) {
        const file = path.join(dir, name);
        if (recorded.has(file)) continue;
        const photo = photoByPrefix.get(name.slice(0, 32)) as { file_name: string } | undefined;
        if (photo && !name.startsWith('.copy-')) {
          const target = path.join(dest.finals[i]!, photo.file_name);
          if ((await renameNoOverwrite(file, target)) === 'moved') continue;
        }
        await fsp.rm(file, { force: true });
      }
  }

  /**
   * Before saying "peut être formatée": every staged rename and every manifest row must survive a
   * power cut. Each file was fsynced after writing; the folder entries and the database's WAL are
   * flushed here once for the whole card instead of once per file (a kill -9 loses neither; only a
   * power cut could, and the card is not declared safe before this point).
   */
  private async durabilityBarrier(dest: Destinations): Promise<void> {
    await Promise.all([...dest.staging, ...dest.finals].map((d) => fsyncDir(d)));
    this.ctx.job.db.pragma('wal_checkpoint(PASSIVE)');
  }

  private async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.allSettled(this.pending.splice(0));
  }

  private cardOfThisTask(): CardRecord {
    const row = this.ctx.job.db
      .prepare(
        'SELECT c.id, c.number, c.fingerprint, c.source_path, c.camera_label FROM card c JOIN card_file f ON f.card_id = c.id WHERE f.task_id = ? LIMIT 1',
      )
      .get(this.ctx.taskId) as
      | { id: string; number: number; fingerprint: string; source_path: string; camera_label: string | null }
      | undefined;
    if (!row) throw new AppError('source_lost', { path: this.ctx.params.source });
    return {
      id: row.id,
      number: row.number,
      fingerprint: row.fingerprint,
      sourcePath: row.source_path,
      cameraLabel: row.camera_label,
    };
  }

  private pendingDerivatives(cardId: string): { id: string; relPath: string }[] {
    return this.ctx.job.db
      .prepare(
        `SELECT p.id, f.rel_path AS relPath FROM photo p JOIN card_file f ON f.photo_id = p.id
         WHERE p.card_id = ? AND p.readable = 1 AND p.has_preview = 0`,
      )
      .all(cardId) as { id: string; relPath: string }[];
  }

  private fail(file: SourceFile, card: CardRecord, reason: string): void {
    this.repo.recordFile({
      cardId: card.id,
      taskId: this.ctx.taskId,
      relPath: file.relPath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      sha256: null,
      status: 'failed',
      reason,
      staged: [],
      destinations: [],
      verifyMode: null,
    });
  }

  private async copyOne(file: SourceFile, card: CardRecord, dest: Destinations, root: string): Promise<void> {
    const { signal } = this.ctx;
    if (this.fatal) return this.fail(file, card, toRpcError(this.fatal, this.lang, () => {}).message);
    if (this.sourceLost) return this.fail(file, card, this.t('ingest.reason.sourceMissing'));
    let outcome;
    try {
      outcome = await copyAndVerify(file.absPath, file.size, dest.staging, {
        signal,
        ...(this.deps.copyHooks ? { hooks: this.deps.copyHooks } : {}),
        onBytes: (n) => {
          this.bytesDone += n;
        },
      });
    } catch (error) {
      if (signal.aborted) return;
      return this.copyFailed(error, file, card, dest, root);
    }
    const ext =
      path
        .extname(file.relPath)
        .toLowerCase()
        .replace(/[^.a-z0-9]/g, '') || '.bin';
    // Unique per copy (not per hash): two identical files copied side by side never share a staged file.
    const stagedName = `${outcome.sha256.slice(0, 32)}-${randomBytes(4).toString('hex')}${ext}`;
    const staged = dest.staging.map((d) => path.join(d, stagedName));
    const known = this.repo.knownHash(outcome.sha256);
    if (known) {
      await Promise.all(outcome.temps.map((t) => fsp.rm(t, { force: true })));
    } else {
      try {
        await Promise.all(outcome.temps.map((t, i) => fsp.rename(t, staged[i]!)));
      } catch (error) {
        // A destination went read-only or away between the verification and the rename: this copy
        // is not staged anywhere, so it is not counted as verified.
        await Promise.all(
          [...outcome.temps, ...staged].map((f) => fsp.rm(f, { force: true }).catch(() => undefined)),
        );
        return this.copyFailed(error, file, card, dest, root);
      }
      // Keep the card's date on the copy: it is the last-resort capture time.
      await Promise.all(
        staged.map((s) => fsp.utimes(s, new Date(), new Date(file.mtimeMs)).catch(() => undefined)),
      );
    }
    let record: CardFileRecord | undefined;
    this.repo.transaction(() => {
      // Checked again inside the transaction: two identical files copied side by side.
      const dup = known ?? this.repo.knownHash(outcome.sha256);
      this.repo.recordFile({
        cardId: card.id,
        taskId: this.ctx.taskId,
        relPath: file.relPath,
        size: file.size,
        mtimeMs: file.mtimeMs,
        sha256: outcome.sha256,
        status: dup ? 'duplicate' : 'verified',
        reason: null,
        staged: dup ? [] : staged,
        destinations: [],
        verifyMode: outcome.verifyMode,
        photoId: dup?.photoId ?? null,
      });
      this.ctx.markStepDone(file.relPath, 'copied');
      this.ctx.markStepDone(file.relPath, 'verified');
      if (!dup) record = this.repo.cardFile(card.id, file.relPath, file.size, file.mtimeMs);
    });
    this.filesDone += 1;
    if (record) {
      this.imagesTotal += 1;
      this.schedulePlace(record, dest, card);
    } else if (!known) {
      // Lost the race to an identical file: this staged copy is not needed.
      await Promise.all(staged.map((s) => fsp.rm(s, { force: true })));
    }
    this.report();
  }

  /**
   * One file could not be copied: a card-side problem fails this file only (or, when the card itself
   * is gone, every file left); a destination problem stops the copy with one clear message, and
   * everything verified so far is kept.
   */
  private async copyFailed(
    error: unknown,
    file: SourceFile,
    card: CardRecord,
    dest: Destinations,
    root: string,
  ): Promise<void> {
    if (error instanceof FileCopyError) {
      if (error.reasonKey === 'ingest.reason.readError') {
        this.sourceLost = !(await fsp
          .stat(root)
          .then(() => true)
          .catch(() => false));
      }
      this.fail(
        file,
        card,
        this.sourceLost ? this.t('ingest.reason.sourceMissing') : this.t(error.reasonKey, error.params),
      );
    } else {
      this.fatal = destinationFatal(error, dest) ?? null;
      if (!this.fatal) throw error;
      this.fail(file, card, toRpcError(this.fatal, this.lang, () => {}).message);
    }
    this.filesDone += 1;
    this.report();
  }

  private schedulePlace(row: CardFileRecord, dest: Destinations, card: CardRecord): void {
    this.pending.push(
      this.placeLimit(async () => {
        if (this.ctx.signal.aborted) return;
        try {
          const placed = await this.place(row, dest, card);
          if (placed) this.scheduleDerive(placed, row.relPath);
          else this.imageDone();
        } catch (error) {
          // The verified copy stays staged and is placed on the next run; the card is still safe.
          this.imageDone();
          if (!this.ctx.signal.aborted)
            this.deps.logger?.warn(`Ingest: placement of ${row.relPath} postponed`, error);
        }
      }),
    );
  }

  private imageDone(): void {
    this.imagesDone += 1;
    this.report();
  }

  private async readMetadata(file: string, mtimeMs: number): Promise<PhotoMetadata | null> {
    try {
      return await this.deps.exif.read(file, mtimeMs);
    } catch {
      return null;
    }
  }

  /** Gives a verified copy its final name and registers its photo; returns the photo id when it needs images. */
  private async place(row: CardFileRecord, dest: Destinations, card: CardRecord): Promise<string | null> {
    const sha = row.sha256!;
    const photoId = photoIdOf(sha);
    const stagedMain = row.staged[0] ?? path.join(dest.staging[0]!, sha);
    const stagedExists = await fsp.access(stagedMain).then(
      () => true,
      () => false,
    );
    const metadataFile = stagedExists
      ? stagedMain
      : row.finalName
        ? path.join(dest.finals[0]!, row.finalName)
        : stagedMain;
    const meta = await this.readMetadata(metadataFile, row.mtimeMs);
    const kind = kindOf(row.relPath);

    let unreadable: string | null = null;
    if (row.size === 0) unreadable = this.t('ingest.unreadable.empty');
    else if (kind === 'other')
      unreadable = this.t('ingest.unreadable.notImage', { detail: path.extname(row.relPath) || '?' });
    else if (!meta || !meta.fileType)
      unreadable = this.t('ingest.unreadable.notImage', {
        detail: meta?.error ?? this.t('ingest.unreadable.unknownType'),
      });
    else if (meta.mimeType && !meta.mimeType.startsWith('image/'))
      unreadable = this.t('ingest.unreadable.notImage', { detail: meta.fileType });

    const camera =
      meta && (meta.make || meta.model || meta.serial)
        ? this.repo.transaction(() => this.repo.ensureCamera(meta.make, meta.model, meta.serial))
        : null;
    const capture = meta?.capture ?? {
      local: new Date(row.mtimeMs).toISOString().slice(0, 23),
      offset: null,
      ms: row.mtimeMs,
      source: 'file_time' as const,
      uncertain: true,
    };

    let finalName = row.finalName;
    if (!finalName) {
      const wanted = applyTemplate(this.ctx.params.template, {
        local: capture.local,
        cameraLabel: camera?.label ?? null,
        relPath: row.relPath,
      });
      for (let attempt = 1; ; attempt += 1) {
        const candidate = candidateName(wanted, attempt);
        const onDisk = await Promise.all(
          dest.finals.map((d) =>
            fsp.access(path.join(d, candidate)).then(
              () => true,
              () => false,
            ),
          ),
        );
        if (onDisk.some(Boolean)) continue;
        if (this.repo.reserveName(row.id, candidate)) {
          finalName = candidate;
          break;
        }
      }
    }
    const finals = dest.finals.map((d) => path.join(d, finalName));
    for (const [i, target] of finals.entries()) {
      const from = row.staged[i];
      if (!from) continue;
      const fromExists = await fsp.access(from).then(
        () => true,
        () => false,
      );
      if (!fromExists) continue; // moved before a kill; the reservation proves the target is ours
      const moved = await renameNoOverwrite(from, target);
      if (moved === 'exists') throw new AppError('internal', { ref: `name ${finalName} taken` });
    }
    await Promise.all(dest.finals.map((d) => fsyncDir(d)));

    // The camera's own small thumbnail fills the grid at once, long before the real one is decoded.
    const placeholder =
      unreadable === null ? await this.placeholderThumb(finals[0]!, meta?.orientation ?? 1, photoId) : false;
    this.repo.transaction(() => {
      this.repo.insertPhoto({
        id: photoId,
        sha256: sha,
        fileName: finalName,
        originalName: row.relPath,
        cardId: card.id,
        size: row.size,
        kind,
        capturedAt: capture.local,
        captureOffset: capture.offset,
        captureMs: capture.ms,
        captureSource: capture.source,
        cameraId: camera?.id ?? null,
        orientation: meta?.orientation ?? 1,
        width: meta?.width ?? null,
        height: meta?.height ?? null,
        lens: meta?.lens ?? null,
        readable: unreadable === null,
        unreadableReason: unreadable,
        hasThumb: placeholder,
      });
      this.repo.markPlaced(row.id, photoId, finals);
      this.ctx.markStepDone(row.relPath, 'metadata');
    });
    this.deps.events.emit('data.changed', { entity: 'photos', jobId: this.ctx.job.id, ids: [photoId] });
    return unreadable === null ? photoId : null;
  }

  private async placeholderThumb(file: string, orientation: number, photoId: string): Promise<boolean> {
    try {
      const embedded = await this.deps.exif.embeddedThumbnail(file);
      if (!embedded) return false;
      await writePlaceholderThumb(embedded, orientation, cachePaths(this.jobDir, photoId).thumb);
      return true;
    } catch {
      return false; // a damaged embedded thumbnail only means no placeholder
    }
  }

  private scheduleDerive(photoId: string, relPath: string): void {
    this.pending.push(
      this.imageLimit(async () => {
        if (this.ctx.signal.aborted) return;
        try {
          await this.derive(photoId, relPath);
        } catch (error) {
          // Left without previews; the next run of this card retries them.
          this.deps.logger?.warn(`Ingest: previews of ${relPath} postponed`, error);
        } finally {
          this.imageDone();
        }
      }),
    );
  }

  private async derive(photoId: string, relPath: string): Promise<void> {
    const photo = this.repo.photoForWork(photoId);
    if (!photo || !photo.readable) return;
    const original = path.join(this.jobDir, 'originals', photo.fileName);
    const targets = cachePaths(this.jobDir, photoId);
    let reason: string | null = null;
    try {
      let input: string | Buffer = original;
      if (photo.kind === 'raw') {
        const embedded = await this.deps.exif.embeddedPreview(original);
        if (!embedded) throw new UnreadableImageError('ingest.unreadable.noPreview', '');
        input = embedded;
      }
      await makeDerivatives(input, photo.orientation, targets);
    } catch (error) {
      if (!(error instanceof UnreadableImageError)) throw error;
      reason = this.t(error.reasonKey, { detail: error.detail });
    }
    this.repo.transaction(() => {
      if (reason === null) this.repo.setDerivatives(photoId);
      else this.repo.setUnreadable(photoId, reason);
      this.ctx.markStepDone(relPath, 'derivatives');
    });
    this.deps.events.emit('data.changed', { entity: 'photos', jobId: this.ctx.job.id, ids: [photoId] });
  }

  private async cameraLabelOf(card: CardRecord, dest: Destinations): Promise<string | null> {
    const row = this.ctx.job.db
      .prepare(
        `SELECT c.label, COUNT(*) AS n FROM photo p JOIN camera c ON c.id = p.camera_id
         WHERE p.card_id = ? GROUP BY c.label ORDER BY n DESC LIMIT 1`,
      )
      .get(card.id) as { label: string } | undefined;
    if (row) return row.label;
    if (card.cameraLabel) return card.cameraLabel;
    // Verdict before any photo is placed: ask the first verified copy which body wrote it, where it
    // is now (staged, or already under its final name when its registration was postponed).
    const first = this.repo.cardFiles(card.id).find((f) => f.status === 'verified');
    if (!first) return null;
    const places = [
      ...first.staged,
      ...(first.finalName ? dest.finals.map((d) => path.join(d, first.finalName!)) : []),
    ];
    const exists = await Promise.all(
      places.map((p) =>
        fsp.access(p).then(
          () => true,
          () => false,
        ),
      ),
    );
    const file = places[exists.indexOf(true)];
    if (!file) return null;
    const meta = await this.readMetadata(file, first.mtimeMs);
    if (!meta || !(meta.make || meta.model || meta.serial)) return null;
    return this.repo.transaction(() => this.repo.ensureCamera(meta.make, meta.model, meta.serial)).label;
  }

  private async writeVerdict(
    card: CardRecord,
    scanned: ScannedSource | null,
    dest: Destinations,
  ): Promise<{ safe: boolean; verdict: string }> {
    const rows = this.repo.cardFiles(card.id);
    const byKey = new Map(rows.map((r) => [`${r.relPath}\0${r.size}\0${r.mtimeMs}`, r]));
    const bad: FileIssue[] = [];
    if (scanned) {
      for (const f of scanned.files) {
        const r = byKey.get(`${f.relPath}\0${f.size}\0${f.mtimeMs}`);
        if (!r) bad.push({ file: f.relPath, reason: this.t('ingest.reason.cancelled') });
        else if (r.status === 'failed') bad.push({ file: f.relPath, reason: r.reason ?? '' });
      }
    } else {
      for (const r of rows) if (r.status === 'failed') bad.push({ file: r.relPath, reason: r.reason ?? '' });
    }
    const label = await this.cameraLabelOf(card, dest);
    const camera = label
      ? this.t('ingest.verdict.camera', { label })
      : this.t('ingest.verdict.unknownCamera');
    const safe = bad.length === 0;
    const verdict = safe
      ? this.t('ingest.verdict.safe', { card: card.number, camera })
      : this.t('ingest.verdict.unsafe', {
          card: card.number,
          camera,
          count: bad.length,
          files: bad.map((b) => `${b.file} (${b.reason})`).join(' ; '),
        });
    this.repo.setCardVerdict(card.id, safe, verdict, label);
    await writeManifestFiles(this.jobDir, card, verdict, safe, this.repo.manifest(card.id));
    return { safe, verdict };
  }

  private result(card: CardRecord, safe: boolean, verdict: string): IngestResult {
    const rows = this.repo.taskFiles(this.ctx.taskId);
    const photos = this.ctx.job.db
      .prepare(
        `SELECT f.rel_path AS file, p.readable, p.unreadable_reason AS reason FROM card_file f JOIN photo p ON p.id = f.photo_id
         WHERE f.task_id = ? AND f.status = 'verified'`,
      )
      .all(this.ctx.taskId) as { file: string; readable: number; reason: string | null }[];
    const verified = rows.filter((r) => r.status === 'verified').length;
    return {
      cardId: card.id,
      cardNumber: card.number,
      cameraLabel: this.repo.listCards().find((c) => c.id === card.id)?.cameraLabel ?? null,
      copied: verified,
      verified,
      duplicates: rows.filter((r) => r.status === 'duplicate').length,
      unreadable: photos
        .filter((p) => p.readable === 0)
        .map((p) => ({ file: p.file, reason: p.reason ?? '' })),
      failed: rows
        .filter((r) => r.status === 'failed')
        .map((r) => ({ file: r.relPath, reason: r.reason ?? '' })),
      photos: photos.filter((p) => p.readable === 1).length,
      safeToFormat: safe,
      verdict,
    };
  }
}

export function ingestTaskKind(deps: IngestDeps): TaskKind<IngestParams, IngestResult> {
  return {
    kind: INGEST_TASK,
    params: ingestParamsSchema,
    run: (ctx) => new IngestRun(deps, ctx).run(),
  };
}
