/**
 * Use cases of production: expand the order book's orders into print items (pochettes and bundles
 * through their structured contents), plan the files a lab takes (the same image at the same
 * format once, counted by quantity; small formats imposed on sheets; class photos once per class),
 * hand the plan to a run (production-run.ts, which renders it from the originals), check the
 * orders before a run, write the packing documents and mark envelopes packed or delivered.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { formatLabel, type PrintFormat, type Product } from '../../../shared/domain/price-list';
import {
  DEFAULT_SHEET,
  fileNameFor,
  fitsOnSheet,
  formatSlug,
  productItems,
  asciiSlug,
  scannedNumberCandidates,
  type LabProfile,
  type ProductionCheck,
  type ProductionProblem,
  type ProductionWords,
  type ProductionReport,
} from '../../../shared/domain/production';
import sharp from 'sharp';
import {
  defaultCrop,
  PRINT_RATIOS,
  ratioValue,
  type CropRect,
  type PrintRatioId,
} from '../../../shared/domain/proofing';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { AppError, withFsErrors } from '../../lib/errors';
import type { OpenJob } from '../jobs/job-folder';
import type { FormsService } from '../forms/forms.service';
import type { ConsentService } from '../roster/consent.service';
import {
  renderDeliverySlip,
  renderLabels,
  renderPackingList,
  type PackingClass,
  type PackingOrder,
} from './packing-documents.pdf';
import { ProofingRepository } from '../proofing/proofing.repository';
import type { ProofingService } from '../proofing/proofing.service';
import type { ProductionOrder, ProductionOrderSource } from './order-source.port';
import type { ExifTool } from 'exiftool-vendored';
import { ProductionRepository, type PackedItem, type StudentRow } from './production.repository';
import { produceRun, type PlannedFile, type ProductionPlan, type RunOptions } from './production-run';

/** The ratio id a format's crop is stored under (its own name, else the one of the same proportions). */
function ratioIdOf(format: PrintFormat): PrintRatioId {
  const short = Math.min(format.widthCm, format.heightCm);
  const long = Math.max(format.widthCm, format.heightCm);
  const exact = PRINT_RATIOS.find((r) => r.short === short && r.long === long);
  if (exact) return exact.id;
  return PRINT_RATIOS.find((r) => Math.abs(ratioValue(r.id) - long / short) < 0.005)?.id ?? '13x18';
}

/** `M. Prénom NOM`-free child label: first name and the name used at school. */
const childName = (s: StudentRow | undefined) => (s ? `${s.firstName} ${s.displayName}` : '');

/** The stored crop for a format's ratio: the ratio of that name, else one of the same proportions, else null. */
function ratioFor(format: PrintFormat, stored: ReadonlyMap<PrintRatioId, CropRect>): CropRect | null {
  const short = Math.min(format.widthCm, format.heightCm);
  const long = Math.max(format.widthCm, format.heightCm);
  const exact = PRINT_RATIOS.find((r) => r.short === short && r.long === long);
  if (exact && stored.has(exact.id)) return stored.get(exact.id)!;
  for (const r of PRINT_RATIOS)
    if (Math.abs(ratioValue(r.id) - long / short) < 0.005 && stored.has(r.id)) return stored.get(r.id)!;
  return null;
}

export class ProductionService {
  constructor(
    private readonly orders: ProductionOrderSource,
    private readonly proofing: ProofingService,
    private readonly forms: Pick<FormsService, 'settings'>,
    private readonly consent: Pick<ConsentService, 'get'> | null = null,
    /** exiftool for digital files delivered as the camera made them; null re-encodes them all. */
    private readonly exiftool: (() => ExifTool) | null = null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The job's price list, by reference (case-insensitive). */
  private products(job: OpenJob): Map<string, Product> {
    return new Map(this.forms.settings(job).products.map((p) => [p.ref.toUpperCase(), p]));
  }

  /** The poses of the order's children, numbered as printed on the form (1 = first). */
  private posesOf(job: OpenJob, orders: readonly ProductionOrder[]): Map<string, string[]> {
    const ids = [...new Set(orders.flatMap((o) => o.studentIds))];
    const out = new Map<string, string[]>();
    for (const [id, poses] of this.proofing.posesOf(job, ids))
      out.set(
        id,
        poses.map((p) => p.photoId),
      );
    return out;
  }

  /** Expands the orders into the files to render and the manifest's lines. */
  plan(job: OpenJob, profile: LabProfile, orders = this.orders.ordersToProduce(job)): ProductionPlan {
    const repo = job.repo(ProductionRepository);
    const proof = job.repo(ProofingRepository);
    const products = this.products(job);
    const students = repo.students();
    const poses = this.posesOf(job, orders);
    const classPhotos = new Map<string, string>();
    for (const [classId, c] of this.proofing.classPhotos(job))
      if (c.pickedPhotoId) classPhotos.set(classId, c.pickedPhotoId);
    const crops = new Map<string, Map<PrintRatioId, CropRect>>();
    for (const c of proof.crops()) {
      if (!crops.has(c.photoId)) crops.set(c.photoId, new Map());
      crops.get(c.photoId)!.set(c.ratio, c.rect);
    }
    const problems: ProductionProblem[] = [];
    const files = new Map<string, PlannedFile>();
    const manifest: ProductionPlan['manifest'] = [];
    const used = new Set<string>();
    const unique = (dir: string, name: string) => {
      let rel = `${dir}/${name}.jpg`;
      for (let n = 2; used.has(rel.toLowerCase()); n += 1) rel = `${dir}/${name}-${n}.jpg`;
      used.add(rel.toLowerCase());
      return rel;
    };
    // Without a stored crop for the ratio, a centred one is cut at render time from the decoded
    // size (flagged for review in the report and the checks).
    const cropOf = (photoId: string, format: PrintFormat) => {
      const rect = ratioFor(format, crops.get(photoId) ?? new Map());
      return { rect, centred: rect === null };
    };
    const kept: ProductionOrder[] = [];
    const packing = new Map<string, PackedItem[]>();
    const classOf = new Map<string, string | null>();

    for (const order of orders) {
      const child = students.get(order.studentIds[0] ?? '');
      const childLabel = childName(child);
      const classLabel = child?.classLabel ?? '';
      const childDir = `${asciiSlug(classLabel) || 'sans-classe'}/${fileNameFor('{order}_{child}', 60, { order: order.number, child: childLabel })}`;
      // Per order: photo × format (× image kind) → quantity.
      const wanted = new Map<
        string,
        {
          photoId: string;
          format: PrintFormat;
          quantity: number;
          pose: number | null;
          image: 'pose' | 'class_photo' | 'sibling_photo';
        }
      >();
      const digital: { photoId: string; pose: number }[] = [];
      let failed = false;
      const fail = (kind: ProductionProblem['kind'], message: string, words: ProductionWords) => {
        problems.push({ kind, orderNumber: order.number, message, words });
        failed = true;
      };
      for (const line of order.lines) {
        const product = products.get(line.ref.toUpperCase());
        const items = product ? productItems(product) : null;
        if (!product || items === null) {
          fail(
            'product_unknown',
            product
              ? `Le contenu de « ${product.label} » (${product.ref}) n’est pas lisible : précisez-le dans la liste de prix.`
              : `Le produit « ${line.ref} » n’est plus dans la liste de prix.`,
            product
              ? { key: 'product_unreadable', params: { label: product.label, ref: product.ref } }
              : { key: 'product_gone', params: { ref: line.ref } },
          );
          continue;
        }
        const posePhoto = (): string | null => {
          const list = poses.get(order.studentIds[0] ?? '') ?? [];
          const photo = line.pose === null ? list[0] : list[line.pose - 1];
          if (!photo) {
            fail(
              'pose_missing',
              `La pose ${line.pose ?? 1} n’existe plus pour la commande ${order.number}.`,
              {
                key: 'pose_missing',
                params: { pose: line.pose ?? 1, order: order.number },
              },
            );
            return null;
          }
          return photo;
        };
        if (product.kind === 'digital') {
          const photo = posePhoto();
          if (photo) digital.push({ photoId: photo, pose: line.pose ?? 1 });
          continue;
        }
        for (const item of items) {
          let photo: string | null;
          if (item.image === 'pose') photo = posePhoto();
          else if (item.image === 'class_photo') {
            photo = (child?.classId && classPhotos.get(child.classId)) || null;
            if (!photo)
              fail(
                'class_photo_missing',
                `Aucune photo de classe choisie pour la classe ${classLabel || '?'}.`,
                { key: 'class_photo_missing', params: { class: classLabel || '?' } },
              );
          } else {
            const list = repo.photosWithAll(order.studentIds);
            photo = list[(line.pose ?? 1) - 1] ?? list[0] ?? null;
            if (!photo)
              fail('sibling_photo_missing', `Aucune photo de fratrie pour la commande ${order.number}.`, {
                key: 'sibling_photo_missing',
                params: { order: order.number },
              });
          }
          if (!photo) continue;
          const key = `${item.image}|${photo}|${formatSlug(item.format)}`;
          const w = wanted.get(key);
          if (w) w.quantity += item.quantity * line.quantity;
          else
            wanted.set(key, {
              photoId: photo,
              format: item.format,
              quantity: item.quantity * line.quantity,
              pose: item.image === 'pose' ? (line.pose ?? 1) : null,
              image: item.image,
            });
        }
      }
      if (failed) continue;
      kept.push(order);
      classOf.set(order.orderId, child?.classId ?? null);
      packing.set(order.orderId, [
        ...[...wanted.values()].map((w) => ({
          format:
            w.image === 'class_photo'
              ? `photo de classe ${formatLabel(w.format)}`
              : w.image === 'sibling_photo'
                ? `photo de fratrie ${formatLabel(w.format)}`
                : formatLabel(w.format),
          quantity: w.quantity,
          pose: w.pose,
          photoId: w.photoId,
        })),
        ...digital.map((d) => ({
          format: 'fichier numérique',
          quantity: 1,
          pose: d.pose,
          photoId: d.photoId,
        })),
      ]);
      const row = (file: string, format: string, quantity: number, photoId: string, pose: number | null) =>
        manifest.push({
          file,
          format,
          quantity,
          child: childLabel,
          classLabel,
          orderNumber: order.number,
          backprint: pose === null ? order.number : `${order.number} pose ${pose}`,
          photoId,
          studentIds: [...order.studentIds],
          orderId: order.orderId,
        });
      for (const w of wanted.values()) {
        const slug = formatSlug(w.format);
        const label = formatLabel(w.format);
        const { rect, centred } = cropOf(w.photoId, w.format);
        if (w.image === 'class_photo') {
          const classKey = `class|${w.photoId}|${slug}`;
          let f = files.get(classKey);
          const dir =
            profile.layout === 'by_format'
              ? `tirages/${slug}`
              : `tirages/${asciiSlug(classLabel) || 'sans-classe'}`;
          if (!f) {
            f = {
              photoId: w.photoId,
              kind: 'class_photo',
              relPath: unique(
                dir,
                fileNameFor('classe_{class}_{format}', profile.maxNameLength, {
                  class: classLabel,
                  format: slug,
                }),
              ),
              format: w.format,
              cells: 1,
              rect,
              centred,
              studentIds: [],
              copies: [],
            };
            files.set(classKey, f);
          }
          for (const s of order.studentIds) if (!f.studentIds.includes(s)) f.studentIds.push(s);
          let file = f.relPath;
          if (profile.layout === 'by_child') {
            file = unique(`tirages/${childDir}`, path.posix.basename(f.relPath, '.jpg'));
            f.copies.push(file);
          }
          row(file, label, w.quantity, w.photoId, null);
          continue;
        }
        const perSheet = fitsOnSheet(w.format, DEFAULT_SHEET);
        const values = {
          class: classLabel,
          child: childLabel,
          order: order.number,
          pose: w.pose ?? 1,
          format: slug,
        };
        const base = (qty: number) =>
          fileNameFor(profile.namePattern, profile.maxNameLength, { ...values, qty });
        const dirFor = (sheet: boolean) =>
          profile.layout === 'by_child'
            ? `tirages/${childDir}`
            : sheet
              ? `tirages/${slug}-planche-${formatSlug(DEFAULT_SHEET)}`
              : `tirages/${slug}`;
        if (perSheet > 1) {
          // Full sheets, then one sheet with the rest.
          const full = Math.floor(w.quantity / perSheet);
          const rest = w.quantity % perSheet;
          for (const [sheets, cells] of [
            [full, perSheet],
            [rest > 0 ? 1 : 0, rest],
          ] as const) {
            if (sheets === 0) continue;
            const relPath = unique(dirFor(true), `${base(cells)}_planche`);
            files.set(relPath, {
              photoId: w.photoId,
              kind: 'sheet',
              relPath,
              format: w.format,
              cells,
              rect,
              centred,
              studentIds: [...order.studentIds],
              copies: [],
            });
            row(
              relPath,
              `${label} ×${cells} (planche ${formatLabel(DEFAULT_SHEET)})`,
              sheets,
              w.photoId,
              w.pose,
            );
          }
          continue;
        }
        const relPath = unique(dirFor(false), base(w.quantity));
        files.set(relPath, {
          photoId: w.photoId,
          kind: 'print',
          relPath,
          format: w.format,
          cells: 1,
          rect,
          centred,
          studentIds: [...order.studentIds],
          copies: [],
        });
        row(relPath, label, w.quantity, w.photoId, w.pose);
      }
      for (const d of digital) {
        const relPath = unique(
          `fichiers-numeriques/${childDir}`,
          fileNameFor('{order}_{child}_p{pose}', profile.maxNameLength, {
            order: order.number,
            child: childLabel,
            pose: d.pose,
          }),
        );
        files.set(relPath, {
          photoId: d.photoId,
          kind: 'digital',
          relPath,
          format: null,
          cells: 1,
          rect: null,
          centred: false,
          studentIds: [...order.studentIds],
          copies: [],
        });
        row(relPath, 'fichier numérique', 1, d.photoId, d.pose);
      }
    }
    return { orders: kept, files: [...files.values()], manifest, problems, packing, classOf };
  }

  /** Renders a run of the job's orders: the lab folder (or zip) with its manifest and summary. */
  run(job: OpenJob, options: RunOptions): Promise<ProductionReport> {
    return produceRun(job, this.plan(job, options.profile), options, {
      orders: this.orders,
      exiftool: this.exiftool,
      now: this.now,
    });
  }

  /**
   * Marks orders packed or delivered: by id, or by the order number a scanner typed from a label
   * (only orders a run produced carry a label).
   */
  mark(
    job: OpenJob,
    input: { orderIds?: readonly string[]; orderNumber?: string },
    status: 'packed' | 'delivered',
  ): string[] {
    let ids = [...(input.orderIds ?? [])];
    if (input.orderNumber !== undefined) {
      const produced = job.repo(ProductionRepository).producedOrders();
      const found = scannedNumberCandidates(input.orderNumber)
        .map((typed) => produced.find((o) => o.number.toUpperCase() === typed))
        .find((o) => o !== undefined);
      if (!found) throw new AppError('production_unknown_order', { number: input.orderNumber.trim() });
      ids.push(found.orderId);
    }
    ids = [...new Set(ids)];
    if (ids.length === 0) throw new AppError('production_unknown_order', { number: '' });
    this.orders.markStatus(job, ids, status);
    return ids;
  }

  /** The checks before production (read only), each with its fix. */
  async checks(job: OpenJob, profile: LabProfile): Promise<ProductionCheck[]> {
    const orders = this.orders.ordersToProduce(job);
    const repo = job.repo(ProductionRepository);
    const students = repo.students();
    const out: ProductionCheck[] = [];
    const present = (o: ProductionOrder) =>
      o.studentIds.length > 0 && o.studentIds.every((s) => students.has(s));
    const known = orders.filter(present);
    for (const o of orders)
      if (!present(o))
        out.push({
          kind: 'student_erased',
          orderNumbers: [o.number],
          photoId: null,
          ratio: null,
          message: `La commande ${o.number} est celle d’un enfant effacé : à annuler ou rembourser.`,
          words: { key: 'student_erased', params: { order: o.number } },
          fix: 'open_order',
        });
    for (const o of known) {
      const withdrawn = o.studentIds.filter((s) => {
        const status = this.consent?.get(job, s).statuses.photo;
        return status === 'withdrawn' || status === 'refused';
      });
      if (withdrawn.length > 0)
        out.push({
          kind: 'consent_withdrawn',
          orderNumbers: [o.number],
          photoId: null,
          ratio: null,
          message: `Le consentement pour la photo individuelle a été retiré après la commande ${o.number} : à suspendre ou annuler.`,
          words: { key: 'consent_withdrawn', params: { order: o.number } },
          fix: 'open_order',
        });
    }
    const byStudent = new Map<string, ProductionOrder[]>();
    for (const o of known)
      if (o.remakeOf === null)
        for (const s of o.studentIds) byStudent.set(s, [...(byStudent.get(s) ?? []), o]);
    const doubles = new Set<string>();
    for (const list of byStudent.values())
      // A double the studio already looked at and kept (« garder les deux ») is not asked again.
      if (list.length > 1 && !list.every((o) => o.keptWithOthers === true)) {
        const numbers = list.map((o) => o.number);
        const key = [...numbers].sort().join('|');
        if (doubles.has(key)) continue;
        doubles.add(key);
        out.push({
          kind: 'double_order',
          orderNumbers: numbers,
          photoId: null,
          ratio: null,
          message: `Deux commandes pour le même enfant (${numbers.join(', ')}) : vérifiez qu’il ne s’agit pas d’un doublon.`,
          words: { key: 'double_order', params: { orders: numbers.join(', ') } },
          fix: 'open_order',
        });
      }
    const plan = this.plan(job, profile, known);
    for (const p of plan.problems)
      out.push({
        kind: p.kind === 'product_unknown' ? 'contents_unknown' : 'pose_missing',
        orderNumbers: [p.orderNumber],
        photoId: null,
        ratio: null,
        message: p.message,
        words: p.words,
        fix: p.kind === 'product_unknown' ? 'open_price_list' : 'open_order',
      });
    const numbersOf = (photoId: string) => [
      ...new Set(plan.manifest.filter((m) => m.photoId === photoId).map((m) => m.orderNumber)),
    ];
    const seenCrop = new Set<string>();
    for (const f of plan.files) {
      if (!f.centred || !f.format) continue;
      const ratio = ratioIdOf(f.format);
      const key = `${f.photoId}|${ratio}`;
      if (seenCrop.has(key)) continue;
      seenCrop.add(key);
      out.push({
        kind: 'crop_missing',
        orderNumbers: numbersOf(f.photoId),
        photoId: f.photoId,
        ratio,
        message: `Aucun recadrage ${formatLabel(f.format)} pour une photo commandée : un recadrage centré sera utilisé.`,
        words: {
          key: 'crop_missing',
          params: { format: formatLabel(f.format), orders: numbersOf(f.photoId).join(', ') },
        },
        fix: 'accept_centred_crop',
      });
    }
    const photos = [...new Set(plan.files.map((f) => f.photoId))];
    const originals = repo.originals(photos);
    const damaged = repo.damagedPhotos(photos);
    for (const id of photos) {
      const o = originals.get(id);
      const exists = o
        ? await fsp.stat(job.paths.original(o.fileName)).then(
            () => true,
            () => false,
          )
        : false;
      if (!exists || damaged.has(id))
        out.push({
          kind: exists ? 'original_damaged' : 'original_missing',
          orderNumbers: numbersOf(id),
          photoId: id,
          ratio: null,
          message: exists
            ? `L’original ${o!.fileName} a été trouvé endommagé : réparez-le depuis sa copie de sauvegarde.`
            : `L’original ${o?.fileName ?? id} est introuvable.`,
          words: {
            key: exists ? 'original_damaged' : 'original_missing',
            params: { file: o?.fileName ?? id },
          },
          fix: 'verify_originals',
        });
    }
    return out;
  }

  /** The fix of a « no crop for this ratio » check: the centred crop becomes the stored one. */
  async acceptCentredCrop(job: OpenJob, photoId: string, ratio: PrintRatioId): Promise<void> {
    const row = job
      .repo(ProofingRepository)
      .photos()
      .find((p) => p.id === photoId);
    if (!row) throw new AppError('not_found', { what: `photo ${photoId}` });
    let { width, height } = row;
    try {
      const meta = await sharp(job.paths.preview(photoId)).metadata();
      width = meta.autoOrient.width;
      height = meta.autoOrient.height;
    } catch {
      // No preview: the size recorded at ingest.
    }
    if (!width || !height) throw new AppError('not_found', { what: `photo ${photoId}` });
    if (row.rotation === 90 || row.rotation === 270) [width, height] = [height, width];
    await this.proofing.setCrop(job, photoId, ratio, defaultCrop(ratio, width, height));
  }

  /** Packing lists and delivery slips per class and the envelope labels of the produced orders. */
  async documents(job: OpenJob): Promise<{ folder: string; files: string[]; orders: number }> {
    const repo = job.repo(ProductionRepository);
    const students = repo.students();
    const school = job.summary().schoolName;
    const produced = repo.producedOrders();
    const rotations = new Map(
      job
        .repo(ProofingRepository)
        .photos()
        .map((p) => [p.id, p.rotation]),
    );
    const thumbs = new Map<string, Buffer | null>();
    const thumb = async (photoId: string) => {
      if (!thumbs.has(photoId))
        thumbs.set(
          photoId,
          await sharp(job.paths.thumb(photoId))
            .autoOrient()
            .rotate(rotations.get(photoId) ?? 0)
            .resize(120, 120, { fit: 'inside' })
            .jpeg({ quality: 80 })
            .toBuffer()
            .catch(() => null),
        );
      return thumbs.get(photoId)!;
    };
    const classes = repo.classes();
    const byClass = new Map<string, PackingOrder[]>();
    const all: PackingOrder[] = [];
    for (const o of produced) {
      const child = students.get(o.studentIds[0] ?? '');
      if (!child) continue; // erased since the run: nothing of theirs is printed any more
      const order: PackingOrder = {
        number: o.number,
        child: o.studentIds
          .map((s) => childName(students.get(s)))
          .filter(Boolean)
          .join(', '),
        classLabel: child.classLabel,
        items: await Promise.all(o.items.map(async (i) => ({ ...i, thumb: await thumb(i.photoId) }))),
      };
      const key = o.classId ?? '';
      byClass.set(key, [...(byClass.get(key) ?? []), order]);
      all.push(order);
    }
    const folder = job.paths.folder('packing');
    await withFsErrors(folder, () => ensurePrivateDir(folder));
    const now = this.now();
    const files: string[] = [];
    const association = repo.association();
    const ordered = [...classes.map((c) => ({ id: c.id, label: c.label })), { id: '', label: 'sans classe' }];
    for (const c of ordered) {
      const list = byClass.get(c.id);
      if (!list) continue;
      const pc: PackingClass = { classLabel: c.label, orders: list };
      const slug = asciiSlug(c.label) || 'sans-classe';
      const packing = path.join(folder, `colisage-${slug}.pdf`);
      await writeFileAtomic(packing, await renderPackingList(school, pc, now));
      const slip = path.join(folder, `bordereau-${slug}.pdf`);
      await writeFileAtomic(slip, await renderDeliverySlip(school, association, pc, now));
      files.push(packing, slip);
    }
    const labels = path.join(folder, 'etiquettes.pdf');
    const sorted = ordered.flatMap((c) => byClass.get(c.id) ?? []);
    await writeFileAtomic(labels, await renderLabels(school, sorted));
    files.push(labels);
    return { folder, files, orders: all.length };
  }
}
