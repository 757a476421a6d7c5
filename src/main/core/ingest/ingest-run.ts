/**
 * Ingest of one source (a card or a folder) into a job, as a resumable task. Three stages overlap:
 *
 * 0. re-check (a card seen before): every copy registered for its files is read back and hashed as
 *    the first ingest verified it; a missing or damaged copy is copied again from the card and
 *    verified, or the file keeps the card from being declared safe. The earlier verdict is
 *    withdrawn while this runs, so « peut être formatée » is only ever said about the copies as
 *    they are now (`card-recheck.ts`; the verdict itself is `card-verdict.ts`, the job and backup
 *    folders `destinations.ts`).
 * 1. copy + verify (disk-bound, runs ahead): each new file is read once, hashed, written to the job
 *    and the backup folder, verified, staged; its manifest row and the `copied`/`verified` steps are
 *    committed in one transaction. When the last file is verified the card verdict is written —
 *    it never waits for image work.
 * 2. placement (metadata, `photo-placement.ts`): exiftool reads the staged copy (not the card), the
 *    final name is reserved then the staged files are moved to it without overwriting, and the photo
 *    row, the manifest destinations and the `metadata` step are committed in one transaction.
 * 3. derivatives (CPU-bound): thumbnail + preview from one decode, then the `derivatives` step. One
 *    decode at a time runs alongside the copy (which mostly waits on the disks), then every core
 *    once the verdict is written.
 *
 * A kill at any point leaves either a committed step or nothing: stray temporary copies are removed
 * on restart, verified-but-unplaced copies are placed from the job disk (the card may already be
 * formatted), and no photo is ever half-registered. A full disk (of a destination, or of the job's
 * database) stops the task with one message naming the folder the user chose and what was kept;
 * running the same card again goes on from there. What the task answers at the end is read from the
 * card manifest (`ingest-result.ts`).
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { ingestParamsSchema, type IngestParams, type IngestResult } from '../../../shared/domain/ingest';
import type { Language } from '../../../shared/domain/settings';
import { translate, type MessageKey } from '../../../shared/i18n';
import { AppError, isDiskFull, toRpcError } from '../../lib/errors';
import type { FrameCodePort } from './frame-codes.port';
import type { EventBus } from '../events';
import type { Logger } from '../../lib/logger';
import { fsyncDir } from '../../lib/atomic';
import type { TaskContext, TaskKind } from '../tasks/task-runner';
import { copyAndVerify, FileCopyError, type CopyHooks, type VerifyMode } from './copy-verify';
import type { ExifReader } from './exif-reader';
import { renameNoOverwrite } from './file-naming';
import { roleOf } from './card-files';
import { walCheckpoint } from '../../lib/sqlite';
import { IngestRunRepository } from './ingest-run.repository';
import { CardManifestRepository, type CardFileRecord, type CardRecord } from './card-manifest.repository';
import { PhotosRepository } from './photos.repository';
import { writeManifestFiles } from './manifest-writer';
import { scanSource, type ScannedSource, type SourceFile } from './source-scanner';
import { destinationFatal, destinationIndex, prepareDestinations, type Destinations } from './destinations';
import { cardVerdict, type CardVerdict } from './card-verdict';
import { recheck, recheckGroups, type RecheckGroup, type RecheckRun } from './card-recheck';
import { PhotoPlacement, type SidecarPhoto } from './photo-placement';
import { derivePhoto, type DerivativeDeps } from './photo-derivatives';
import { ingestResult } from './ingest-result';

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
  /** Reads printed codes (photo cards) on each frame from its preview's pixels. */
  frameCodes?: FrameCodePort;
}

class IngestRun {
  private readonly cards: CardManifestRepository;
  private readonly photos: PhotosRepository;
  private readonly jobDir: string;
  private readonly copyLimit;
  private readonly placeLimit = pLimit(2);
  private readonly imageLimit;
  private readonly imageCores: number;
  private readonly pending: Promise<unknown>[] = [];
  /** Placements of this run's photos, which its sidecars wait for. */
  private readonly placements: Promise<unknown>[] = [];
  /** Sidecars verified in this run, placed after the photos. */
  private readonly sidecars: CardFileRecord[] = [];
  private fatal: AppError | null = null;
  /** Index of the destination that ran out of space (the job for its database), when one did. */
  private fullAt: number | null = null;
  /** Image work stopped on a full disk (the copies are safe; thumbnails and previews wait). */
  private imagesFull = false;
  /** The card verdict of this run said « peut être formatée » (image work may still fail after it). */
  private verdictSafe = false;
  /** The run is ending on an error: queued image work returns at once. */
  private stopping = false;
  private sourceLost = false;
  private card: CardRecord | null = null;
  private scanned: ScannedSource | null = null;
  private filesTotal = 0;
  private filesDone = 0;
  private checksTotal = 0;
  private checksDone = 0;
  /** Rows whose copies are still to be checked in this run (left unchecked, they are not safe). */
  private readonly unchecked = new Set<number>();
  private imagesTotal = 0;
  private imagesDone = 0;
  private bytesDone = 0;
  private bytesTotal = 0;
  private readonly lang: Language;
  /** What the re-check of a card seen before needs of this run. */
  private readonly recheckRun: RecheckRun;
  /** Gives verified copies their final names and registers them. */
  private readonly placement: PhotoPlacement;
  private readonly derivatives: DerivativeDeps;

  constructor(
    private readonly deps: IngestDeps,
    private readonly ctx: TaskContext<IngestParams>,
  ) {
    this.cards = ctx.job.repo(CardManifestRepository);
    this.photos = ctx.job.repo(PhotosRepository);
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
    this.recheckRun = {
      ctx,
      cards: this.cards,
      lang: this.lang,
      ...(deps.copyHooks ? { copyHooks: deps.copyHooks } : {}),
      t: (key, params) => this.t(key, params),
      onBytes: (n) => {
        this.bytesDone += n;
      },
      addBytesTotal: (n) => {
        this.bytesTotal += n;
      },
      diskFull: (index) => {
        this.fullAt ??= index;
        this.fatal ??= new AppError('disk_full', { path: this.userFolder(this.fullAt) });
      },
      stopped: () => this.fatal !== null || this.sourceLost,
    };
    this.placement = new PhotoPlacement({
      ctx,
      cards: this.cards,
      photos: this.photos,
      exif: deps.exif,
      events: deps.events,
      t: (key, params) => this.t(key, params),
    });
    this.derivatives = {
      ctx,
      photos: this.photos,
      exif: deps.exif,
      events: deps.events,
      t: (key, params) => this.t(key, params),
      ...(deps.frameCodes ? { frameCodes: deps.frameCodes } : {}),
    };
  }

  private t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return translate(this.lang, key, params);
  }

  private report(): void {
    const copying = this.filesDone < this.filesTotal;
    const checking = this.checksDone < this.checksTotal;
    this.ctx.progress({
      done: this.filesDone + this.imagesDone,
      total: this.filesTotal + this.imagesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      message: checking
        ? this.t('ingest.progress.recheck', { done: this.checksDone, total: this.checksTotal })
        : copying
          ? this.t('ingest.progress.copy', {
              done: this.filesDone - this.checksDone,
              total: this.filesTotal - this.checksTotal,
            })
          : this.t('ingest.progress.images', { done: this.imagesDone, total: this.imagesTotal }),
    });
  }

  async run(): Promise<IngestResult> {
    try {
      return await this.runIngest();
    } catch (error) {
      // Nothing of this run may go on after the task has ended (the job may be closed right after).
      this.stopping = true;
      await this.settle();
      // A full disk met anywhere (a destination, the job's database, a manifest): one clear message.
      if (error instanceof AppError && error.code.startsWith('ingest_disk_full')) throw error;
      if (!isDiskFull(error)) throw error;
      const backup = this.ctx.params.backupDir ? path.resolve(this.ctx.params.backupDir) : null;
      const about = error instanceof AppError ? String(error.params.path ?? '') : '';
      this.fullAt ??= backup && about.startsWith(backup) ? 1 : 0;
      throw this.diskFullError();
    }
  }

  private async runIngest(): Promise<IngestResult> {
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
    this.scanned = scanned;
    const card = scanned ? this.cards.ensureCard(scanned.fingerprint, scanned.root) : this.cardOfThisTask();
    this.card = card;
    const dest = await prepareDestinations(this.jobDir, params.backupDir);

    const toCopy: SourceFile[] = [];
    const known: { file: SourceFile | null; row: CardFileRecord }[] = [];
    for (const f of scanned?.files ?? []) {
      const row = this.cards.cardFile(card.id, f.relPath, f.size, f.mtimeMs);
      if (!row || row.status === 'failed') toCopy.push(f);
      else known.push({ file: f, row });
    }
    if (!scanned)
      for (const row of this.cards.cardFiles(card.id))
        if (row.status !== 'failed') known.push({ file: null, row });
    const checks = this.recheckGroups(known);
    if (checks.length > 0) {
      // The earlier verdict was about the copies as they were then: withdrawn until they are checked.
      this.cards.clearCardVerdict(card.id);
      this.deps.events.emit('data.changed', { entity: 'cards', jobId: this.ctx.job.id, ids: [card.id] });
    }
    await this.removeUnrecordedStaging(dest);
    // Left by an earlier run of this card: verified copies not yet placed, photos without previews.
    const unplaced = this.cards.unplaced(card.id);
    const withoutPreviews = this.pendingDerivatives(card.id);
    this.checksTotal = checks.length;
    this.filesTotal = toCopy.length + checks.length;
    this.bytesTotal =
      toCopy.reduce((s, f) => s + f.size, 0) +
      checks.reduce((s, g) => s + g.holder.size * g.holder.destinations.length, 0);
    // Counted before copying, so the total never jumps mid-run: each file to copy holds one unit of
    // image work (its placement), released as done at once when the copy brings no new photo.
    this.imagesTotal = unplaced.length + withoutPreviews.length + toCopy.length;
    this.report();

    for (const row of unplaced) this.schedulePlace(row, dest, card);
    for (const p of withoutPreviews) this.scheduleDerive(p.id, p.relPath);

    const work = [
      ...checks.map((group) =>
        this.copyLimit(async () => {
          if (signal.aborted) return;
          await this.recheck(group, dest);
        }),
      ),
      ...toCopy.map((file) =>
        this.copyLimit(async () => {
          if (signal.aborted) return;
          const slot = { placing: false };
          await this.copyOne(file, card, dest, scanned!.root, slot);
          if (!slot.placing) this.imageDone();
        }),
      ),
    ];
    try {
      await Promise.all(work);
    } catch (error) {
      await this.settle();
      throw error;
    }
    if (signal.aborted) {
      await this.settle(); // queued image jobs see the abort and return
      signal.throwIfAborted();
    }
    if (this.fullAt !== null) {
      // What is verified stays; the verdict says what is not, if the database can still take it.
      await this.writeVerdict(card, scanned, dest).catch((error: unknown) => {
        if (!isDiskFull(error)) throw error;
      });
      this.deps.events.emit('data.changed', { entity: 'cards', jobId: this.ctx.job.id, ids: [card.id] });
      await this.settle();
      throw this.diskFullError();
    }

    // Every byte of the card is now safe (or known not to be): the verdict does not wait for images.
    await this.durabilityBarrier(dest);
    await this.writeVerdict(card, scanned, dest);
    this.deps.events.emit('data.changed', { entity: 'cards', jobId: this.ctx.job.id, ids: [card.id] });
    this.imageLimit.concurrency = this.imageCores;

    await this.placeSidecars(dest, card);
    await this.settle();
    signal.throwIfAborted();
    if (this.imagesFull) throw this.diskFullError();
    // Written again: the manifest now lists final names instead of staged ones.
    const final = await this.writeVerdict(card, scanned, dest);
    return ingestResult(
      { ctx: this.ctx, cards: this.cards, t: (key, params) => this.t(key, params) },
      card,
      final,
    );
  }

  /** The folder the user chose for destination `index`: the job folder, or the backup folder. */
  private userFolder(index: number): string {
    return index > 0 && this.ctx.params.backupDir ? path.resolve(this.ctx.params.backupDir) : this.jobDir;
  }

  /**
   * « Disque plein : … » for this run: the folder as the user chose it (not the staging folder or the
   * database file), what is kept and what is left, so they know the card must not be formatted yet
   * and that running it again goes on from there.
   */
  private diskFullError(): AppError {
    const where = this.userFolder(this.fullAt ?? 0);
    const card = this.card?.number ?? 0;
    if (this.imagesFull && this.fullAt === null && this.verdictSafe)
      return new AppError('ingest_disk_full_previews', {
        path: where,
        card,
        left: Math.max(0, this.imagesTotal - this.imagesDone),
      });
    let kept = 0;
    let left = 0;
    let bytes = 0;
    try {
      const rows = this.card ? this.cards.cardFiles(this.card.id) : [];
      const safe = new Set(
        rows
          .filter((r) => r.status !== 'failed' && r.missing.length === 0 && !this.unchecked.has(r.id))
          .map((r) => `${r.relPath}\0${r.size}\0${r.mtimeMs}`),
      );
      kept = safe.size;
      for (const f of this.scanned?.files ?? [])
        if (!safe.has(`${f.relPath}\0${f.size}\0${f.mtimeMs}`)) {
          left += 1;
          bytes += f.size;
        }
    } catch {
      // The database cannot be read either: the message still names the folder.
    }
    return new AppError('ingest_disk_full', {
      path: where,
      card,
      kept,
      left,
      mb: Math.max(1, Math.round(bytes / 1_000_000)),
    });
  }

  /** The registered copies to check again before any verdict on a card seen before. */
  private recheckGroups(known: { file: SourceFile | null; row: CardFileRecord }[]): RecheckGroup[] {
    const groups = recheckGroups(this.recheckRun, known);
    for (const g of groups) for (const row of g.rows) this.unchecked.add(row.id);
    return groups;
  }

  /** Checks (and repairs) the copies of one group; `counted` when it is one of the run's checks. */
  private async recheck(group: RecheckGroup, dest: Destinations, counted = true): Promise<void> {
    if (!(await recheck(this.recheckRun, group, dest))) return;
    for (const row of group.rows) this.unchecked.delete(row.id);
    if (!counted) return;
    this.checksDone += 1;
    this.filesDone += 1;
    this.report();
  }

  /**
   * A kill between staging a verified copy and committing its row leaves a staged file nobody knows:
   * its card was never declared safe, so the file is copied again and this one can go. One case is
   * different: after a power cut, a photo can be registered while the rename to its final name was
   * lost; then the staged file is that photo, and it is put back in place rather than removed.
   */
  private async removeUnrecordedStaging(dest: Destinations): Promise<void> {
    const run = this.ctx.job.repo(IngestRunRepository);
    const recorded = new Set(run.recordedStaging());
    for (const [i, dir] of dest.staging.entries())
      for (const name of await fsp.readdir(dir)) {
        const file = path.join(dir, name);
        if (recorded.has(file)) continue;
        const photoFile = run.photoFileBySha256Prefix(name.slice(0, 32));
        if (photoFile !== undefined && !name.startsWith('.copy-')) {
          const target = path.join(dest.finals[i]!, photoFile);
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
    walCheckpoint(this.ctx.job.db);
  }

  private async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.allSettled(this.pending.splice(0));
  }

  private cardOfThisTask(): CardRecord {
    const row = this.ctx.job.repo(IngestRunRepository).cardOfTask(this.ctx.taskId);
    if (!row) throw new AppError('source_lost', { path: this.ctx.params.source });
    return {
      id: row.id,
      number: row.number,
      fingerprint: row.fingerprint,
      sourcePath: row.source_path,
      cameraLabel: row.camera_label,
    };
  }

  /** Photos still without previews; not those whose originals were purged or erased on purpose. */
  private pendingDerivatives(cardId: string): { id: string; relPath: string }[] {
    return this.ctx.job.repo(IngestRunRepository).pendingDerivatives(cardId);
  }

  private fail(file: SourceFile, card: CardRecord, reason: string): void {
    this.cards.recordFile({
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

  private async copyOne(
    file: SourceFile,
    card: CardRecord,
    dest: Destinations,
    root: string,
    slot: { placing: boolean },
  ): Promise<void> {
    const { signal } = this.ctx;
    // A full disk stops the copy: the files left are not recorded one by one (the database may be
    // on that disk too); the verdict lists them as not copied.
    if (this.fullAt !== null) return;
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
    // Only photos are one row per content (their id is their hash); two identical sidecars (the
    // same default XMP next to two photos) each belong to their own photo.
    const known = roleOf(file.relPath) === 'photo' ? this.cards.knownHash(outcome.sha256) : undefined;
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
    try {
      this.commitCopy(file, card, outcome, known, staged, (r) => (record = r));
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      // The database is full: this copy is not registered, so it goes (a later run copies it again).
      this.fullAt ??= 0;
      await Promise.all(staged.map((f) => fsp.rm(f, { force: true }).catch(() => undefined)));
      return;
    }
    if (record) {
      slot.placing = true;
      this.schedulePlace(record, dest, card);
    } else {
      // Lost the race to an identical file: this staged copy is not needed.
      if (!known) await Promise.all(staged.map((s) => fsp.rm(s, { force: true })));
      await this.checkHolder(file, card, outcome.sha256, dest);
    }
    this.filesDone += 1;
    this.report();
  }

  /**
   * A new file whose bytes the job already holds (the same card under a new fingerprint, a photo
   * copied onto two cards): it is only safe if those copies are still there and whole, so they are
   * read back like a card seen before, and made again from this file when they are not.
   */
  private async checkHolder(file: SourceFile, card: CardRecord, sha256: string, dest: Destinations) {
    const holder = this.cards.holderOf(sha256);
    const row = this.cards.cardFile(card.id, file.relPath, file.size, file.mtimeMs);
    if (!holder || !row || holder.destinations.length === 0) return;
    this.unchecked.add(row.id);
    await this.recheck({ holder, rows: [row], sources: [file] }, dest, false);
  }

  private commitCopy(
    file: SourceFile,
    card: CardRecord,
    outcome: { sha256: string; verifyMode: VerifyMode },
    known: { photoId: string | null } | undefined,
    staged: string[],
    onRecord: (record: CardFileRecord) => void,
  ): void {
    this.cards.transaction(() => {
      // Checked again inside the transaction: two identical files copied side by side.
      const role = roleOf(file.relPath);
      const dup = known ?? (role === 'photo' ? this.cards.knownHash(outcome.sha256) : undefined);
      this.cards.recordFile({
        role,
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
      if (!dup) {
        const record = this.cards.cardFile(card.id, file.relPath, file.size, file.mtimeMs);
        if (record) onRecord(record);
      }
    });
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
    } else if (isDiskFull(error)) {
      this.fullAt ??= destinationIndex(error, dest);
      this.fatal ??= new AppError('disk_full', { path: this.userFolder(this.fullAt) });
      return;
    } else {
      this.fatal = destinationFatal(error, dest) ?? null;
      if (!this.fatal) throw error;
      this.fail(file, card, toRpcError(this.fatal, this.lang, () => {}).message);
    }
    this.filesDone += 1;
    this.report();
  }

  private schedulePlace(row: CardFileRecord, dest: Destinations, card: CardRecord): void {
    // A sidecar takes its photo's final name: placed once the photos of this run are.
    if (row.role === 'sidecar') {
      this.sidecars.push(row);
      return;
    }
    if (row.role === 'other') {
      this.placements.push(this.placeLimit(() => this.placeExtra(row, dest, null)));
      return;
    }
    const placing = this.placeLimit(async () => {
      if (this.ctx.signal.aborted || this.imagesFull || this.stopping) return;
      try {
        const placed = await this.placement.place(row, dest, card);
        if (placed) this.scheduleDerive(placed, row.relPath);
        else this.imageDone();
      } catch (error) {
        // The verified copy stays staged and is placed on the next run; the card is still safe.
        this.imageDone();
        if (isDiskFull(error)) this.imagesFull = true;
        else if (!this.ctx.signal.aborted)
          this.deps.logger?.warn(`Ingest: placement of ${row.relPath} postponed`, error);
      }
    });
    this.pending.push(placing);
    this.placements.push(placing);
  }

  /**
   * Places the sidecars of this run once the photos are placed (each takes its photo's final name
   * with its own extension, so editing software still pairs them); a sidecar whose photo is not on
   * the card becomes another file, under its own name.
   */
  private async placeSidecars(dest: Destinations, card: CardRecord): Promise<void> {
    while (this.placements.length > 0) await Promise.allSettled(this.placements.splice(0));
    if (this.sidecars.length === 0) return;
    const photoOf = this.placement.sidecarPhotos(card);
    const work = this.sidecars.splice(0).map((row) =>
      this.placeLimit(async () => {
        await this.placeExtra(row, dest, photoOf(row));
      }),
    );
    this.pending.push(...work);
    await Promise.allSettled(work);
  }

  /** Places a verified file that is not a photo; a failure leaves it staged for the next run. */
  private async placeExtra(
    row: CardFileRecord,
    dest: Destinations,
    photo: SidecarPhoto | null,
  ): Promise<void> {
    if (this.ctx.signal.aborted || this.imagesFull || this.stopping) return this.imageDone();
    try {
      await this.placement.placeFile(row, dest, photo);
    } catch (error) {
      // The verified copy stays staged and is placed on the next run; the card is still safe.
      if (isDiskFull(error)) this.imagesFull = true;
      else if (!this.ctx.signal.aborted)
        this.deps.logger?.warn(`Ingest: placement of ${row.relPath} postponed`, error);
    } finally {
      this.imageDone();
    }
  }

  private imageDone(): void {
    this.imagesDone += 1;
    this.report();
  }

  private scheduleDerive(photoId: string, relPath: string): void {
    this.pending.push(
      this.imageLimit(async () => {
        if (this.ctx.signal.aborted || this.imagesFull || this.stopping) return;
        try {
          await derivePhoto(this.derivatives, photoId, relPath);
        } catch (error) {
          // Left without previews; the next run of this card retries them.
          if (isDiskFull(error)) this.imagesFull = true;
          else this.deps.logger?.warn(`Ingest: previews of ${relPath} postponed`, error);
        } finally {
          this.imageDone();
        }
      }),
    );
  }

  private async cameraLabelOf(card: CardRecord, dest: Destinations): Promise<string | null> {
    const label = this.ctx.job.repo(IngestRunRepository).mainCameraLabel(card.id);
    if (label !== undefined) return label;
    if (card.cameraLabel) return card.cameraLabel;
    // Verdict before any photo is placed: ask the first verified copy which body wrote it, where it
    // is now (staged, or already under its final name when its registration was postponed).
    const first = this.cards.cardFiles(card.id).find((f) => f.status === 'verified');
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
    const meta = await this.placement.readMetadata(file, first.mtimeMs);
    if (!meta || !(meta.make || meta.model || meta.serial)) return null;
    return this.photos.transaction(() => this.photos.ensureCamera(meta.make, meta.model, meta.serial)).label;
  }

  private async writeVerdict(
    card: CardRecord,
    scanned: ScannedSource | null,
    dest: Destinations,
  ): Promise<CardVerdict> {
    const rows = this.cards.cardFiles(card.id);
    const label = await this.cameraLabelOf(card, dest);
    const { safe, verdict, bad } = cardVerdict({
      cardNumber: card.number,
      rows,
      scannedFiles: scanned?.files ?? null,
      unchecked: this.unchecked,
      notCopied:
        this.fullAt !== null
          ? this.t('ingest.reason.diskFull', { path: this.userFolder(this.fullAt) })
          : this.t('ingest.reason.cancelled'),
      cameraLabel: label,
      repaired: this.ctx.doneItems('repaired').size,
      t: (key, params) => this.t(key, params),
    });
    this.cards.setCardVerdict(card.id, safe, verdict, label);
    this.verdictSafe = safe;
    await writeManifestFiles(this.jobDir, card, verdict, safe, this.cards.manifest(card.id));
    return { safe, verdict, bad };
  }
}

export function ingestTaskKind(deps: IngestDeps): TaskKind<IngestParams, IngestResult> {
  return {
    kind: INGEST_TASK,
    params: ingestParamsSchema,
    run: (ctx) => new IngestRun(deps, ctx).run(),
  };
}
