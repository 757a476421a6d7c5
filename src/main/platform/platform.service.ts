/**
 * What the sandbox platform does, independent of HTTP: galleries, manifests, verified chunked
 * uploads, the atomic finalize (pointer swap), student removal, closing, retention and the
 * clean-up of files no manifest needs. Every operation is safe to repeat (the client retries
 * anything that failed or timed out).
 */
import { createHash, createHmac, randomBytes, webcrypto } from 'node:crypto';
import type { Logger } from '../lib/logger';
import {
  BATCH_HEADER as BATCH_HEADER_NAME,
  MAX_ORDERS_PAGE,
  manifestSchema,
  normalizeAccessCode,
  type OrdersPageResponse,
  type PlatformOrder,
  type PlatformOrderLine,
  type BatchFileResult,
  type BatchItem,
  type BatchResponse,
  type ChunkResponse,
  type FinalizeResponse,
  type GalleryResponse,
  type LiveManifestResponse,
  type Manifest,
  type ManifestStatusResponse,
  type PutGalleryRequest,
  type RemoveStudentResponse,
} from '../../shared/publish/protocol';
import type { BlobStore } from './blob-store';
import { PlatformError } from './http-util';
import type { GalleryRow, ManifestRow, PlatformRepository } from './platform.repository';
import { count } from '../../shared/i18n';

/** SHA-256 on libuv's thread pool (Web Crypto), so hashing chunks does not hold up the event loop. */
async function sha256Hex(data: Buffer): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}

/** The local calendar day of a date, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface PlatformStats {
  chunksAccepted: number;
  bytesAccepted: number;
  filesStored: number;
  duplicateChunks: number;
  /** Batch requests that reached the store (`PUT …/batch`). */
  batchesReceived: number;
  /** Batches whose body was cut (their whole files were kept). */
  batchesCut: number;
}

/** Runs async work one at a time per key (two retries of the same chunk must not interleave). */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

export class PlatformService {
  readonly stats: PlatformStats = {
    chunksAccepted: 0,
    bytesAccepted: 0,
    filesStored: 0,
    duplicateChunks: 0,
    batchesReceived: 0,
    batchesCut: 0,
  };
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly repo: PlatformRepository,
    private readonly store: BlobStore,
    private readonly secret: Buffer,
    private readonly now: () => Date,
    private readonly logger: Logger,
    private readonly familyUrl: () => string,
  ) {}

  /**
   * Access codes are kept only as a keyed hash (160 bits of HMAC-SHA-256 with the server secret):
   * a copied database reveals no code, and the stored manifests carry the hash in place of the code.
   */
  codeHash(code: string): string {
    return createHmac('sha256', this.secret)
      .update(`code:${normalizeAccessCode(code)}`)
      .digest('hex')
      .slice(0, 40);
  }

  /** The manifest as stored: the same, with every access code replaced by its keyed hash. */
  private withHashedCodes(m: Manifest): Manifest {
    return { ...m, students: m.students.map((st) => ({ ...st, accessCode: this.codeHash(st.accessCode) })) };
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  galleryState(g: GalleryRow, live: ManifestRow | undefined): GalleryResponse['state'] {
    if (g.deletedAt) return 'deleted';
    if (g.closedAt) return 'closed';
    if (live && live.closeDate < isoDay(this.now())) return 'closed';
    return 'open';
  }

  private requireGallery(galleryRef: string): GalleryRow {
    const g = this.repo.getGallery(galleryRef);
    if (!g) throw new PlatformError('not_found', `galerie inconnue : ${galleryRef}`);
    return g;
  }

  private requireOpen(g: GalleryRow): void {
    const state = this.galleryState(g, this.repo.liveManifest(g.galleryRef));
    if (state !== 'open') throw new PlatformError('gallery_closed', 'galerie fermée : publication refusée');
  }

  galleryResponse(galleryRef: string): GalleryResponse {
    const g = this.requireGallery(galleryRef);
    const live = this.repo.liveManifest(galleryRef);
    return {
      galleryRef,
      schoolName: g.schoolName,
      town: g.town,
      schoolYear: g.schoolYear,
      state: this.galleryState(g, live),
      liveManifestRef: live?.manifestRef ?? null,
      liveVersion: live?.version ?? null,
      publishedAt: live?.publishedAt ?? null,
      familyUrl: this.familyUrl(),
    };
  }

  putGallery(galleryRef: string, req: PutGalleryRequest): GalleryResponse {
    const existing = this.repo.getGallery(galleryRef);
    if (existing?.deletedAt)
      throw new PlatformError('gallery_closed', 'galerie supprimée (durée de conservation écoulée)');
    this.repo.upsertGallery({ galleryRef, ...req }, this.stamp());
    return this.galleryResponse(galleryRef);
  }

  private manifestStatus(row: ManifestRow): ManifestStatusResponse {
    return {
      manifestRef: row.manifestRef,
      state: row.state,
      version: row.version,
      missing: this.repo.missingFiles(row.galleryRef, row.manifestRef),
    };
  }

  putManifest(galleryRef: string, manifestRef: string, body: unknown): ManifestStatusResponse {
    if (manifestRef === 'live') throw new PlatformError('invalid_request', '« live » est réservé');
    const g = this.requireGallery(galleryRef);
    const parsed = manifestSchema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(manifeste)'} : ${i.message}`)
        .join(' ; ');
      throw new PlatformError('invalid_request', `manifeste non valable — ${first}`);
    }
    const stored = this.withHashedCodes(parsed.data);
    const canonical = JSON.stringify(stored);
    const existing = this.repo.getManifest(galleryRef, manifestRef);
    if (existing) {
      if (existing.body !== canonical)
        throw new PlatformError('conflict', `le manifeste ${manifestRef} existe déjà avec un autre contenu`);
      return this.manifestStatus(existing);
    }
    this.requireOpen(g);
    this.repo.insertManifest(galleryRef, manifestRef, canonical, stored, this.stamp());
    return this.manifestStatus(this.repo.getManifest(galleryRef, manifestRef)!);
  }

  getManifestStatus(galleryRef: string, manifestRef: string): ManifestStatusResponse {
    this.requireGallery(galleryRef);
    const row = this.repo.getManifest(galleryRef, manifestRef);
    if (!row) throw new PlatformError('not_found', `manifeste inconnu : ${manifestRef}`);
    return this.manifestStatus(row);
  }

  getLiveManifest(galleryRef: string): LiveManifestResponse {
    this.requireGallery(galleryRef);
    const live = this.repo.liveManifest(galleryRef);
    if (!live) throw new PlatformError('not_found', 'aucune version publiée');
    return {
      manifestRef: live.manifestRef,
      version: live.version ?? 0,
      manifest: JSON.parse(live.body) as Manifest,
    };
  }

  // ---- Online orders ----------------------------------------------------------------------

  /**
   * A family's order from the family page, checked against what the live manifest offers that
   * family (its products, its poses as printed on the paper form, the ordering deadline). The
   * sandbox takes no card: the payment is simulated and says so in its reference.
   */
  placeOrder(
    galleryRef: string,
    studentRef: string,
    wanted: readonly { ref: string; pose: number | null; quantity: number }[],
    options: { dryRun?: boolean } = {},
  ): PlatformOrder {
    const g = this.requireGallery(galleryRef);
    const live = this.repo.liveManifest(galleryRef);
    if (!live || this.galleryState(g, live) !== 'open')
      throw new PlatformError('gallery_closed', 'galerie fermée : commande impossible');
    const m = JSON.parse(live.body) as Manifest;
    const student = m.students.find((s) => s.studentRef === studentRef);
    if (!student?.products?.length || !m.orderDeadline)
      throw new PlatformError('ordering_closed', 'Cette galerie ne prend pas de commande en ligne.');
    if (isoDay(this.now()) > m.orderDeadline)
      throw new PlatformError(
        'ordering_closed',
        `La date limite de commande en ligne était le ${m.orderDeadline.split('-').reverse().join('/')}.`,
      );
    const poses = new Set(student.photos.map((p, i) => p.pose ?? i + 1));
    const lines: PlatformOrderLine[] = [];
    for (const w of wanted) {
      const product = student.products.find((p) => p.ref === w.ref);
      if (!product) throw new PlatformError('invalid_request', 'Produit non proposé pour cet enfant.');
      if (!Number.isInteger(w.quantity) || w.quantity < 1 || w.quantity > 99)
        throw new PlatformError('invalid_request', 'Quantité entre 1 et 99 attendue.');
      if (product.perPose ? w.pose === null || !poses.has(w.pose) : w.pose !== null)
        throw new PlatformError('invalid_request', 'Pose inconnue pour cet enfant.');
      const same = lines.find((l) => l.ref === w.ref && l.pose === w.pose);
      if (same) {
        same.quantity = Math.min(99, same.quantity + w.quantity);
        same.totalCents = same.quantity * same.unitCents;
      } else
        lines.push({
          ref: product.ref,
          pose: w.pose,
          quantity: w.quantity,
          unitCents: product.priceCents,
          totalCents: product.priceCents * w.quantity,
        });
    }
    if (lines.length === 0 || lines.length > 60)
      throw new PlatformError('invalid_request', 'Choisissez au moins un article.');
    const now = this.stamp();
    const id = randomBytes(12).toString('base64url');
    const order: PlatformOrder = {
      orderId: `o_${id}`,
      galleryRef,
      studentRef,
      lines,
      totalCents: lines.reduce((n, l) => n + l.totalCents, 0),
      paymentStatus: 'paid',
      paymentRef: `SIMUL-${id.slice(0, 10).toUpperCase()}`,
      reason: '',
      placedAt: now,
      updatedAt: now,
    };
    if (!options.dryRun) this.repo.insertOrder(order);
    return order;
  }

  /** Orders of one gallery entry, for its family page. */
  familyOrders(galleryRef: string, studentRef: string): PlatformOrder[] {
    return this.repo.ordersOf(galleryRef, studentRef);
  }

  /** GET …/orders: orders changed after the cursor, each once, with the cursor to resume from. */
  ordersPage(galleryRef: string, cursor: string, limit: number): OrdersPageResponse {
    this.requireGallery(galleryRef);
    if (!/^\d{0,15}$/.test(cursor)) throw new PlatformError('invalid_request', 'curseur non valable');
    const size = Math.min(Math.max(1, Math.floor(limit) || MAX_ORDERS_PAGE), MAX_ORDERS_PAGE);
    const rows = this.repo.ordersChangedAfter(galleryRef, cursor === '' ? 0 : Number(cursor), size + 1);
    const page = rows.slice(0, size);
    return {
      orders: page.map((r) => r.order),
      nextCursor: page.length > 0 ? String(page[page.length - 1]!.last) : cursor,
      hasMore: rows.length > size,
    };
  }

  /** A cancellation or a refund, as a later event (the order is never deleted). */
  orderEvent(
    galleryRef: string,
    orderId: string,
    kind: 'cancelled' | 'refunded',
    reason: string,
  ): PlatformOrder {
    this.requireGallery(galleryRef);
    const order = this.repo.getOrder(galleryRef, orderId);
    if (!order) throw new PlatformError('not_found', `commande inconnue : ${orderId}`);
    if (order.paymentStatus !== 'paid')
      throw new PlatformError('conflict', 'commande déjà annulée ou remboursée');
    this.repo.orderEvent(galleryRef, orderId, kind, reason, this.stamp());
    return this.repo.getOrder(galleryRef, orderId)!;
  }

  /** Checks a chunk's place and hash, stores it, and moves the file into the store when complete. */
  async putChunk(
    galleryRef: string,
    sha256: string,
    offset: number,
    chunkSha256: string,
    readChunk: () => Promise<Buffer>,
  ): Promise<ChunkResponse> {
    this.requireGallery(galleryRef);
    const declared = this.repo.declaredFile(galleryRef, sha256);
    if (!declared)
      throw new PlatformError(
        'file_not_declared',
        'fichier absent des manifestes en cours : déclarez-le d’abord',
      );
    const size = declared.size;
    // The body is read before taking the lock: a slow chunk must not hold back the others.
    const data = await readChunk();
    return this.locks.run(sha256, async () => {
      if (this.repo.hasBlob(sha256)) {
        this.stats.duplicateChunks++;
        return { sha256, size, receivedBytes: size, complete: true };
      }
      const received = this.repo.upload(sha256)?.receivedBytes ?? 0;
      if (data.length === 0 || offset + data.length > size)
        throw new PlatformError(
          'invalid_request',
          `morceau hors du fichier (${offset}+${data.length} > ${size})`,
        );
      if (offset < received && offset + data.length <= received) {
        // A retry of a chunk already stored (its answer was lost): same answer, nothing written.
        this.stats.duplicateChunks++;
        return { sha256, size, receivedBytes: received, complete: false };
      }
      if (offset !== received)
        throw new PlatformError('offset_mismatch', `la suite attendue commence à l’octet ${received}`, {
          expectedOffset: received,
        });
      if ((await sha256Hex(data)) !== chunkSha256)
        throw new PlatformError('chunk_hash_mismatch', 'morceau altéré en route : renvoyez-le');
      if (offset === 0 && data.length === size) {
        // The whole file in one chunk: the chunk's verified hash is the file's.
        if (chunkSha256 !== sha256)
          throw new PlatformError(
            'file_hash_mismatch',
            'le fichier reçu ne correspond pas à son SHA-256 : renvoyez-le depuis le début',
            { expectedOffset: 0 },
          );
        await this.store.writeWhole(sha256, data);
        this.repo.completeUpload(sha256, size, this.stamp());
        this.stats.chunksAccepted++;
        this.stats.bytesAccepted += data.length;
        this.stats.filesStored++;
        return { sha256, size, receivedBytes: size, complete: true };
      }
      const digest = await this.store.writeChunk(sha256, offset, data, size);
      // Counted once recorded, so the figures never run ahead of what a status call reports.
      const accepted = () => {
        this.stats.chunksAccepted++;
        this.stats.bytesAccepted += data.length;
      };
      if (digest === undefined) {
        this.repo.setUploadProgress(sha256, size, offset + data.length, this.stamp());
        accepted();
        return { sha256, size, receivedBytes: offset + data.length, complete: false };
      }
      if (digest !== sha256) {
        await this.store.discardPartial(sha256);
        this.repo.dropUpload(sha256);
        this.logger.warn('platform: file rejected, full SHA-256 mismatch', { sha256 });
        throw new PlatformError(
          'file_hash_mismatch',
          'le fichier reçu ne correspond pas à son SHA-256 : renvoyez-le depuis le début',
          {
            expectedOffset: 0,
          },
        );
      }
      await this.store.commit(sha256);
      this.repo.completeUpload(sha256, size, this.stamp());
      accepted();
      this.stats.filesStored++;
      return { sha256, size, receivedBytes: size, complete: true };
    });
  }

  /**
   * Stores a batch of small whole files (`PUT …/batch`) as their bytes arrive. Each file gets the
   * checks of a one-chunk upload — declared by a manifest, its bytes hashing to its name — and is
   * stored on its own (temporary file flushed to disk, then rename) as soon as its last byte is in,
   * while the rest of the body is still on the way. So a connection cut mid-body keeps every file
   * that arrived whole before the cut, and loses only the one whose bytes were cut; a bad file is
   * refused without holding back the others.
   */
  async putBatch(
    galleryRef: string,
    items: readonly BatchItem[],
    receive: (onChunk: (chunk: Buffer) => void) => Promise<number>,
    announcedBytes?: number,
  ): Promise<BatchResponse> {
    this.requireGallery(galleryRef);
    const expected = items.reduce((n, i) => n + i.size, 0);
    if (announcedBytes !== undefined && announcedBytes !== expected)
      throw new PlatformError(
        'invalid_request',
        `lot incomplet : ${expected} octets annoncés par ${BATCH_HEADER_NAME}, ${announcedBytes} dans le corps`,
      );
    this.stats.batchesReceived++;
    // What can be answered before any byte arrives (not declared, wrong size, already held, …).
    const early = items.map((item) => this.batchPrecheck(galleryRef, item));
    const results: Promise<BatchFileResult>[] = [];
    let index = 0;
    let filled = 0;
    let hash = createHash('sha256');
    let parts: Buffer[] = [];
    const fileArrived = () => {
      const item = items[index]!;
      const known = early[index];
      const data = parts;
      const digest = hash.digest('hex');
      results.push(
        known
          ? Promise.resolve(known)
          : this.locks.run(item.sha256, () => this.storeWhole(galleryRef, item, data, digest)),
      );
      index++;
      filled = 0;
      hash = createHash('sha256');
      parts = [];
    };
    let cut: Error | undefined;
    try {
      await receive((chunk) => {
        let at = 0;
        while (at < chunk.length) {
          const item = items[index];
          if (!item)
            throw new PlatformError(
              'invalid_request',
              `lot trop long : ${expected} octets annoncés par ${BATCH_HEADER_NAME}`,
            );
          const take = Math.min(item.size - filled, chunk.length - at);
          // Hashed from the received blocks as they are (no copy); the baseline stream hashes the same way.
          if (!early[index]) {
            const piece = chunk.subarray(at, at + take);
            parts.push(piece);
            hash.update(piece);
          }
          filled += take;
          at += take;
          if (filled === item.size) fileArrived();
        }
      });
    } catch (error) {
      cut = error instanceof Error ? error : new Error(String(error));
    }
    // Every file that arrived whole is stored (or refused) before anything is answered.
    const files = await Promise.all(results);
    if (cut !== undefined) {
      this.stats.batchesCut++;
      this.logger.info('platform: batch cut mid-body, whole files kept', {
        galleryRef,
        kept: files.filter((f) => f.complete).length,
        files: items.length,
      });
      throw cut;
    }
    if (index < items.length)
      throw new PlatformError(
        'invalid_request',
        `lot incomplet : ${count(expected, 'octet annoncé', 'octets annoncés')} par ${BATCH_HEADER_NAME}, ${count(files.length, 'fichier reçu', 'fichiers reçus')} en entier`,
      );
    return { files };
  }

  private refusedInBatch(
    item: BatchItem,
    code: NonNullable<BatchFileResult['error']>['code'],
    message: string,
    receivedBytes = 0,
    expectedOffset?: number,
  ): BatchFileResult {
    return {
      sha256: item.sha256,
      size: item.size,
      receivedBytes,
      complete: false,
      error: { code, message, ...(expectedOffset === undefined ? {} : { expectedOffset }) },
    };
  }

  /** The outcome of a batch file known before its bytes arrive; undefined when its bytes decide. */
  private batchPrecheck(galleryRef: string, item: BatchItem): BatchFileResult | undefined {
    const { sha256, size } = item;
    const declared = this.repo.declaredFile(galleryRef, sha256);
    if (!declared)
      return this.refusedInBatch(
        item,
        'file_not_declared',
        'fichier absent des manifestes en cours : déclarez-le d’abord',
      );
    if (declared.size !== size)
      return this.refusedInBatch(
        item,
        'invalid_request',
        `taille annoncée ${size}, déclarée ${declared.size} dans le manifeste`,
      );
    if (this.repo.hasBlob(sha256)) {
      this.stats.duplicateChunks++;
      return { sha256, size, receivedBytes: size, complete: true };
    }
    return undefined;
  }

  /**
   * One file of a batch, arrived whole: the same outcome a one-chunk `PUT …/files/{sha256}` would
   * have, as a value. Checked again under the file's lock: another connection may have stored it,
   * or begun it by chunks, while these bytes were on the way.
   */
  private async storeWhole(
    galleryRef: string,
    item: BatchItem,
    data: readonly Buffer[],
    digest: string,
  ): Promise<BatchFileResult> {
    const { sha256, size } = item;
    if (this.repo.hasBlob(sha256)) {
      this.stats.duplicateChunks++;
      return { sha256, size, receivedBytes: size, complete: true };
    }
    const received = this.repo.upload(sha256)?.receivedBytes ?? 0;
    if (received > 0)
      return this.refusedInBatch(
        item,
        'offset_mismatch',
        `envoi en cours par morceaux : la suite attendue commence à l’octet ${received}`,
        received,
        received,
      );
    if (digest !== sha256)
      return this.refusedInBatch(
        item,
        'file_hash_mismatch',
        'le fichier reçu ne correspond pas à son SHA-256 : renvoyez-le',
        0,
        0,
      );
    if (!this.repo.declaredFile(galleryRef, sha256))
      return this.refusedInBatch(
        item,
        'file_not_declared',
        'fichier absent des manifestes en cours : déclarez-le d’abord',
      );
    await this.store.writeWhole(sha256, data);
    this.repo.completeUpload(sha256, size, this.stamp());
    this.stats.chunksAccepted++;
    this.stats.bytesAccepted += size;
    this.stats.filesStored++;
    return { sha256, size, receivedBytes: size, complete: true };
  }

  async finalize(galleryRef: string, manifestRef: string): Promise<FinalizeResponse> {
    const g = this.requireGallery(galleryRef);
    const row = this.repo.getManifest(galleryRef, manifestRef);
    if (!row)
      throw new PlatformError(
        'not_found',
        `manifeste inconnu ou remplacé : ${manifestRef} — déclarez-le à nouveau`,
      );
    if (row.state !== 'live') this.requireOpen(g);
    const missing = this.repo.missingFiles(galleryRef, manifestRef);
    if (missing.length > 0)
      throw new PlatformError(
        'missing_files',
        `${count(missing.length, 'fichier manquant', 'fichiers manquants')} : envoyez-les avant de publier`,
        {
          missing: missing.map((m) => m.sha256),
        },
      );
    await this.store.flush();
    // Already live: a retry, or files sent again after the platform lost them in a crash.
    if (row.state === 'live')
      return { manifestRef, version: row.version ?? 0, publishedAt: row.publishedAt ?? '' };
    const publishedAt = this.stamp();
    const version = this.repo.makeLive(galleryRef, manifestRef, publishedAt);
    await this.collectGarbage();
    this.logger.info('platform: gallery published', { galleryRef, manifestRef, version });
    return { manifestRef, version, publishedAt };
  }

  /**
   * Derives and publishes a live manifest without the student. After an erasure the student's
   * codes are forgotten (nothing of theirs stays on the platform, not even a hashed code); after a
   * withdrawal they are remembered as withdrawn so the family is told whom to ask.
   */
  async removeStudent(
    galleryRef: string,
    studentRef: string,
    reason: 'withdrawal' | 'erasure' = 'withdrawal',
  ): Promise<RemoveStudentResponse> {
    this.requireGallery(galleryRef);
    const live = this.repo.liveManifest(galleryRef);
    const manifest = live ? (JSON.parse(live.body) as Manifest) : undefined;
    if (!live || !manifest?.students.some((s) => s.studentRef === studentRef)) {
      // Already offline (withdrawn earlier): an erasure still forgets the codes remembered for them.
      if (reason === 'erasure') this.repo.forgetStudentCodes(galleryRef, studentRef);
      return {
        studentRef,
        removed: false,
        liveManifestRef: live?.manifestRef ?? null,
        version: live?.version ?? null,
        classPhotosRemoved: 0,
      };
    }
    let classPhotosRemoved = 0;
    const classes = manifest.classes.map((c) => {
      const kept = c.classPhotos.filter((p) => !p.studentRefs.includes(studentRef));
      classPhotosRemoved += c.classPhotos.length - kept.length;
      return { ...c, classPhotos: kept };
    });
    const students = manifest.students.filter((s) => s.studentRef !== studentRef);
    const used = new Set<string>();
    for (const c of classes) for (const p of c.classPhotos) used.add(p.sha256);
    for (const s of students) {
      for (const p of s.photos) used.add(p.sha256);
      if (s.orderFormSha256) used.add(s.orderFormSha256);
    }
    const next: Manifest = {
      ...manifest,
      classes,
      students,
      files: manifest.files.filter((f) => used.has(f.sha256)),
    };
    const nextRef = `r${createHash('sha256').update(`${live.manifestRef}:${studentRef}`).digest('hex').slice(0, 40)}`;
    if (!this.repo.getManifest(galleryRef, nextRef))
      this.repo.insertManifest(galleryRef, nextRef, JSON.stringify(next), next, this.stamp());
    const version = this.repo.makeLive(galleryRef, nextRef, this.stamp(), {
      forgetStudent: reason === 'erasure' ? studentRef : undefined,
    });
    await this.collectGarbage();
    this.logger.info('platform: student removed', { galleryRef, studentRef, reason, version });
    return { studentRef, removed: true, liveManifestRef: nextRef, version, classPhotosRemoved };
  }

  close(galleryRef: string): GalleryResponse {
    this.requireGallery(galleryRef);
    this.repo.closeGallery(galleryRef, this.stamp());
    return this.galleryResponse(galleryRef);
  }

  /** Forgets finished files whose folder entry a crash lost before it was flushed: they are asked for again. */
  async dropMissing(): Promise<void> {
    for (const { sha256: sha, size } of this.repo.blobs()) {
      if ((await this.store.sizeOf(sha)) === size) continue;
      await this.store.remove(sha);
      this.repo.deleteBlob(sha);
      this.logger.warn('platform: stored file missing after a crash, will be asked for again', {
        sha256: sha,
      });
    }
  }

  /** Deletes every file of the galleries whose deletion date has come. */
  async enforceRetention(): Promise<void> {
    const due = this.repo.galleriesToDelete(isoDay(this.now()));
    for (const galleryRef of due) {
      this.repo.markDeleted(galleryRef, this.stamp());
      this.logger.info('platform: gallery deleted at the end of its retention', { galleryRef });
    }
    if (due.length > 0) await this.collectGarbage();
  }

  private async collectGarbage(): Promise<void> {
    for (const sha of this.repo.takeUnreferencedBlobs()) await this.store.remove(sha);
    for (const sha of this.repo.takeUnreferencedUploads()) await this.store.discardPartial(sha);
  }
}
