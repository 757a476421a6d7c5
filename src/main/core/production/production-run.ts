/**
 * A production run: the planned files of the lab folder rendered from the originals (each read
 * once and checked against its ingest SHA-256, decoded once or delivered as shot), written into a
 * staging folder beside the runs, then the manifest, the summary and the report, and the folder
 * renamed (or zipped) under its final name. A run that stops keeps its staging folder only when a
 * task will go on from it; otherwise nothing of it is left (its prints show children).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import pLimit from 'p-limit';
import { formatLabel, type PrintFormat } from '../../../shared/domain/price-list';
import {
  DEFAULT_SHEET,
  asciiSlug,
  type LabProfile,
  type ProductionProblem,
  type ProductionWords,
  type ProductionReport,
} from '../../../shared/domain/production';
import type { CropRect } from '../../../shared/domain/proofing';
import { ensurePrivateDir, fsyncDir, removeLeftoverTemps, writeFileAtomic } from '../../lib/atomic';
import { toCsv } from '../../lib/csv';
import { withFsErrors } from '../../lib/errors';
import type { OpenJob } from '../jobs/job-folder';
import { ProofingRepository } from '../proofing/proofing.repository';
import type { ProductionOrder, ProductionOrderSource } from './order-source.port';
import {
  decodeForPrints,
  decodeOriginal,
  shrinkForPrints,
  readOriginal,
  renderDigital,
  renderPrint,
  renderSheet,
  type DecodeCounter,
  type Decoded,
} from './print-renderer';
import { losslessDigital } from './digital-file';
import type { ExifTool } from 'exiftool-vendored';
import { ProductionRepository, type PackedItem, type ProductionFileKind } from './production.repository';
import { count } from '../../../shared/i18n';

/** One line of the lab's manifest. */
export interface ManifestRow {
  file: string;
  format: string;
  quantity: number;
  child: string;
  classLabel: string;
  orderNumber: string;
  backprint: string;
}

/** A file of the run to render from one photo. */
export interface PlannedFile {
  photoId: string;
  kind: Exclude<ProductionFileKind, 'document'>;
  /** Relative to the run folder, forward slashes. */
  relPath: string;
  format: PrintFormat | null;
  /** Cells filled on a sheet. */
  cells: number;
  /** The stored crop, or null for a centred crop at the format's proportions. */
  rect: CropRect | null;
  centred: boolean;
  studentIds: string[];
  /** Other places the same rendered bytes go (class photos copied into each child's folder). */
  copies: string[];
}

export interface ProductionPlan {
  orders: ProductionOrder[];
  files: PlannedFile[];
  manifest: (ManifestRow & { photoId: string; studentIds: string[]; orderId: string })[];
  problems: ProductionProblem[];
  /** Per order id: what goes in its envelope (prints counted one by one), for packing lists. */
  packing: Map<string, PackedItem[]>;
  /** Per order id: the class of its (first) child. */
  classOf: Map<string, string | null>;
}

export interface RunOptions {
  profile: LabProfile;
  /** Where the run's folder (or zip) goes; the job's `exports/production` by default. */
  outDir?: string;
  runId?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Photos already rendered into the staging folder (a resumed task). */
  isDone?: (photoId: string) => boolean;
  markDone?: (photoId: string) => void;
  /**
   * Whether a run that stops keeps its staging folder, to go on from it later (a task suspended
   * because its job closes). Otherwise a cancelled or failed run removes it: its prints show
   * children and no record would ever lead erasure, a purge or the user to them.
   */
  keepPartial?: () => boolean;
  /**
   * The runs a task may still go on from (production tasks queued or running). Given, any other
   * `.run-….partial` folder beside this run's is one that died with no task to resume it (a command
   * line run killed from its shell) and is removed as this run starts; not given, none is touched.
   */
  unfinishedRuns?: () => ReadonlySet<string>;
  /** How many originals are decoded at once (the number of cores by default). */
  concurrency?: number;
  counter?: DecodeCounter;
}

/** What a run needs beyond the job: the order book (orders marked in production), exiftool, the clock. */
export interface RunDeps {
  orders: Pick<ProductionOrderSource, 'markStatus'>;
  /** exiftool for digital files delivered as the camera made them; null re-encodes them all. */
  exiftool: (() => ExifTool) | null;
  now: () => Date;
}

/**
 * Renders a run of `plan`: the lab folder (or zip) with its manifest and summary. The staging
 * folder is removed when the run is cancelled or fails (see RunOptions.keepPartial).
 */
export async function produceRun(
  job: OpenJob,
  plan: ProductionPlan,
  options: RunOptions,
  deps: RunDeps,
): Promise<ProductionReport> {
  const { profile } = options;
  const runId = options.runId ?? randomUUID();
  const repo = job.repo(ProductionRepository);
  const parent = options.outDir ?? job.paths.folder('production');
  await withFsErrors(parent, () => ensurePrivateDir(parent));
  if (options.unfinishedRuns) await removeAbandonedRuns(parent, runId, options.unfinishedRuns());
  const staging = path.join(parent, `.run-${runId}.partial`);
  await withFsErrors(staging, () => ensurePrivateDir(staging));
  const started = deps.now();
  repo.startRun(runId, started.toISOString(), profile, staging);
  try {
    return await render(job, options, deps, { runId, plan, parent, staging, started });
  } catch (error) {
    if (!options.keepPartial?.()) await fsp.rm(staging, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

async function render(
  job: OpenJob,
  options: RunOptions,
  deps: RunDeps,
  run: { runId: string; plan: ProductionPlan; parent: string; staging: string; started: Date },
): Promise<ProductionReport> {
  const { profile } = options;
  const { runId, plan, parent, staging, started } = run;
  const repo = job.repo(ProductionRepository);

  const originals = repo.originals([...new Set(plan.files.map((f) => f.photoId))]);
  const rotations = new Map(
    job
      .repo(ProofingRepository)
      .photos()
      .map((p) => [p.id, p.rotation]),
  );
  const byPhoto = new Map<string, PlannedFile[]>();
  for (const f of plan.files) {
    if (!byPhoto.has(f.photoId)) byPhoto.set(f.photoId, []);
    byPhoto.get(f.photoId)!.push(f);
  }
  const counter = options.counter ?? { decodes: 0 };
  const fromBackup: string[] = [];
  const failedPhotos = new Map<string, string>();
  const failedWords = new Map<string, ProductionWords>();
  const problems = [...plan.problems];
  const total = byPhoto.size;
  let done = 0;
  const limit = pLimit(Math.max(1, options.concurrency ?? os.availableParallelism()));
  const write = async (rel: string, bytes: Buffer) => {
    const target = path.join(staging, ...rel.split('/'));
    await ensurePrivateDir(path.dirname(target));
    await writeFileAtomic(target, bytes);
  };
  // The first failure (or a cancel) stops the photos not yet started, and the run waits for the
  // ones in flight before it reports it: none may write into the staging folder once it is removed.
  let failure: { error: unknown } | null = null;
  const stop = () => {
    if (failure) throw failure.error;
    options.signal?.throwIfAborted();
  };
  await Promise.allSettled(
    [...byPhoto].map(([photoId, list]) =>
      limit(async () => {
        stop();
        if (options.isDone?.(photoId)) {
          options.onProgress?.((done += 1), total);
          return;
        }
        const original = originals.get(photoId);
        const jobCopy = original ? job.paths.original(original.fileName) : photoId;
        const read = original
          ? await readOriginal(jobCopy, original.copies, original.sha256)
          : ({ problem: 'missing', file: jobCopy } as const);
        if ('problem' in read) {
          failedPhotos.set(photoId, read.problem === 'damaged' ? 'damaged_original' : 'missing_original');
          const name = original?.fileName ?? photoId;
          failedWords.set(photoId, {
            key: read.problem === 'damaged' ? 'run_original_damaged' : 'run_original_missing',
            params: { file: name },
          });
          failedPhotos.set(
            `${photoId}#message`,
            read.problem === 'damaged'
              ? `L’original ${name} est endommagé (son empreinte SHA-256 ne correspond plus à celle de l’import) et aucune copie intacte n’a été trouvée : ses tirages n’ont pas été faits. Lancez « Vérifier les originaux ».`
              : `L’original ${name} est introuvable : ses tirages n’ont pas été faits. Lancez « Vérifier les originaux ».`,
          );
          options.onProgress?.((done += 1), total);
          return;
        }
        if (read.fromBackup) fromBackup.push(`${original!.fileName} (${read.fromBackup})`);
        // A digital file is the camera's own JPEG (metadata removed) when it can be; else digital
        // files come first, re-encoded at full resolution, and the pixels are then shrunk once to
        // what the largest print needs, so each print resamples a few megapixels rather than all
        // 24. A photo without re-encoded digital files is shrunk as it is decoded, and one with
        // digital files only, all delivered as they are, is not decoded at all.
        const rotation = rotations.get(photoId) ?? 0;
        const lossless =
          deps.exiftool && list.some((f) => f.kind === 'digital')
            ? await losslessDigital(deps.exiftool(), read.bytes, rotation, staging)
            : null;
        if (lossless) counter.asShot = (counter.asShot ?? 0) + 1;
        const ordered = [...list].sort((a, b) => Number(b.kind === 'digital') - Number(a.kind === 'digital'));
        const withDigital = !lossless && ordered.some((f) => f.kind === 'digital');
        const needPixels = withDigital || ordered.some((f) => f.kind !== 'digital');
        let decoded: Decoded | null = !needPixels
          ? null
          : withDigital
            ? await decodeOriginal(read.bytes, rotation, counter)
            : await decodeForPrints(read.bytes, rotation, ordered, profile.ppi, counter);
        let shrunk = !withDigital;
        // Files are written (and synced to disk) while the next print of the photo is rendered.
        const writes: Promise<void>[] = [];
        try {
          for (const f of ordered) {
            if (!shrunk && f.kind !== 'digital') {
              decoded = await shrinkForPrints(decoded!, ordered, profile.ppi);
              shrunk = true;
            }
            stop();
            const bytes =
              f.kind === 'digital'
                ? (lossless ?? (await renderDigital(decoded!, profile.jpegQuality)))
                : f.kind === 'sheet'
                  ? await renderSheet(
                      decoded!,
                      f.rect,
                      f.format!,
                      DEFAULT_SHEET,
                      f.cells,
                      profile.ppi,
                      profile.jpegQuality,
                    )
                  : await renderPrint(decoded!, f.rect, f.format!, profile.ppi, profile.jpegQuality);
            writes.push(
              (async () => {
                await write(f.relPath, bytes);
                for (const copy of f.copies) await write(copy, bytes);
              })(),
            );
          }
        } catch (error) {
          // A render that fails (or a cancel) still lets the files already rendered finish writing.
          await Promise.allSettled(writes);
          throw error;
        }
        await Promise.all(writes);
        options.markDone?.(photoId);
        options.onProgress?.((done += 1), total);
      }).catch((error: unknown) => {
        failure ??= { error };
        throw error;
      }),
    ),
  );
  // Assigned in the callbacks above, which the compiler does not follow.
  const failed = failure as { error: unknown } | null;
  if (failed) throw failed.error;

  // Orders with a photo that could not be printed are left out whole: a pochette is never half packed.
  const badOrders = new Set<string>();
  for (const m of plan.manifest) {
    const kind = failedPhotos.get(m.photoId);
    if (!kind) continue;
    if (!badOrders.has(m.orderId))
      problems.push({
        kind: kind as ProductionProblem['kind'],
        orderNumber: m.orderNumber,
        message: failedPhotos.get(`${m.photoId}#message`)!,
        words: failedWords.get(m.photoId)!,
      });
    badOrders.add(m.orderId);
  }
  const rows = plan.manifest.filter((m) => !badOrders.has(m.orderId));
  const keptFiles = new Set(rows.map((r) => r.file));
  for (const f of plan.files)
    if (![f.relPath, ...f.copies].some((p) => keptFiles.has(p)))
      await fsp.rm(path.join(staging, ...f.relPath.split('/')), { force: true });

  const perFormat = new Map<string, { prints: number; sheets: number }>();
  let prints = 0;
  for (const r of rows) {
    const file = plan.files.find((f) => f.relPath === r.file || f.copies.includes(r.file));
    if (!file || file.kind === 'digital') continue;
    const key = formatLabel(file.format!);
    const entry = perFormat.get(key) ?? { prints: 0, sheets: 0 };
    if (file.kind === 'sheet') {
      entry.sheets += r.quantity;
      entry.prints += r.quantity * file.cells;
    } else entry.prints += r.quantity;
    prints += file.kind === 'sheet' ? r.quantity : r.quantity;
    perFormat.set(key, entry);
  }
  await writeFileAtomic(
    path.join(staging, 'manifeste.csv'),
    toCsv(
      rows.map((r) => [r.file, r.format, r.quantity, r.child, r.classLabel, r.orderNumber, r.backprint]),
      { columns: ['fichier', 'format', 'quantite', 'enfant', 'classe', 'commande', 'texte_dos'] },
    ),
  );
  const summary = [...perFormat].sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }));
  await writeFileAtomic(
    path.join(staging, 'recapitulatif.csv'),
    toCsv(
      summary.map(([format, e]) => [format, e.prints, e.sheets]),
      { columns: ['format', 'tirages', 'planches'] },
    ),
  );
  const okOrders = plan.orders.filter((o) => !badOrders.has(o.orderId));
  const report: Omit<ProductionReport, 'path'> = {
    runId,
    orders: okOrders.length,
    prints,
    files: new Set(rows.filter((r) => !r.format.startsWith('fichier')).map((r) => r.file)).size,
    digitalFiles: rows.filter((r) => r.format === 'fichier numérique').length,
    decodes: counter.decodes,
    digitalAsShot: counter.asShot ?? 0,
    perFormat: summary.map(([format, e]) => ({ format, prints: e.prints, sheets: e.sheets })),
    centredCrops: plan.files.filter((f) => f.centred && keptFiles.has(f.relPath)).length,
    fromBackup,
    problems,
  };
  await writeFileAtomic(path.join(staging, 'rapport.txt'), reportText(report, job.summary().schoolName));
  // A run resumed after a kill may hold its first attempt's temporary files: never sent to the lab.
  await removeLeftoverTemps(staging);

  const stamp = started.toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const name = `${stamp}_${asciiSlug(profile.name) || 'labo'}_${runId.slice(0, 8)}`;
  let final = path.join(parent, name);
  if (profile.packaging === 'zip') {
    final = `${final}.zip`;
    await zipFolder(staging, final);
    await fsp.rm(staging, { recursive: true, force: true });
  } else {
    await withFsErrors(final, () => fsp.rename(staging, final));
    await fsyncDir(parent);
  }
  const inRun = (rel: string) => (profile.packaging === 'zip' ? final : path.join(final, ...rel.split('/')));
  const recorded = new Map<string, { path: string; kind: ProductionFileKind; studentIds: string[] }>();
  for (const f of plan.files) {
    for (const rel of [f.relPath, ...f.copies]) {
      if (!keptFiles.has(rel) && !(rel === f.relPath && f.copies.some((c) => keptFiles.has(c)))) continue;
      const p = inRun(rel);
      const prev = recorded.get(p);
      if (prev) prev.studentIds = [...new Set([...prev.studentIds, ...f.studentIds])];
      else recorded.set(p, { path: p, kind: f.kind, studentIds: [...f.studentIds] });
    }
  }
  for (const doc of ['manifeste.csv', 'rapport.txt'])
    recorded.set(inRun(doc), {
      path: inRun(doc),
      kind: 'document',
      studentIds: [...new Set(rows.flatMap((r) => r.studentIds))],
    });
  repo.recordOrders(
    runId,
    okOrders.map((o) => ({
      orderId: o.orderId,
      number: o.number,
      studentIds: [...o.studentIds],
      classId: plan.classOf.get(o.orderId) ?? null,
      items: plan.packing.get(o.orderId) ?? [],
    })),
  );
  repo.finishRun(runId, deps.now().toISOString(), final, { orders: report.orders, prints }, [
    ...recorded.values(),
  ]);
  if (okOrders.length > 0)
    deps.orders.markStatus(
      job,
      okOrders.map((o) => o.orderId),
      'in_production',
    );
  return { ...report, path: final };
}

const PARTIAL_RUN = /^\.run-(.+)\.partial$/;

/** Removes the staging folders in `parent` of runs neither current nor unfinished (see RunOptions). */
async function removeAbandonedRuns(parent: string, current: string, unfinished: ReadonlySet<string>) {
  for (const entry of await fsp.readdir(parent, { withFileTypes: true })) {
    const id = PARTIAL_RUN.exec(entry.name)?.[1];
    if (!entry.isDirectory() || !id || id === current || unfinished.has(id)) continue;
    await fsp.rm(path.join(parent, entry.name), { recursive: true, force: true });
  }
}

/** The run's report in French: what was made, what was not and why (read by the studio, not the lab). */
function reportText(r: Omit<ProductionReport, 'path'>, school: string): string {
  const lines = [
    `Production — ${school}`,
    `Commandes produites : ${r.orders}`,
    `Tirages : ${r.prints} (fichiers : ${r.files}, fichiers numériques : ${r.digitalFiles})`,
    `Originaux décodés : ${r.decodes}`,
    ...(r.digitalAsShot > 0
      ? [
          `Fichiers numériques livrés tels que pris (sans recompression, métadonnées retirées) : ${r.digitalAsShot}`,
        ]
      : []),
    ...r.perFormat.map(
      (f) =>
        `  ${f.format} : ${count(f.prints, 'tirage', 'tirages')}${f.sheets > 0 ? `, ${count(f.sheets, 'planche', 'planches')}` : ''}`,
    ),
  ];
  if (r.centredCrops > 0) lines.push(`Recadrages centrés à vérifier : ${r.centredCrops}`);
  for (const b of r.fromBackup) lines.push(`Original lu depuis sa copie de sauvegarde : ${b}`);
  if (r.problems.length > 0) {
    lines.push('', 'Non produit :');
    for (const p of r.problems) lines.push(`  Commande ${p.orderNumber} : ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The folder's files as a zip next to it, written under a temporary name and renamed. */
async function zipFolder(dir: string, target: string): Promise<void> {
  const temp = `${target}.${process.pid}.tmp`;
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(temp, { mode: 0o600 });
    const zip = new ZipArchive({ zlib: { level: 0 } });
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.on('error', reject);
    zip.pipe(out);
    zip.directory(dir, false);
    void zip.finalize();
  });
  await fsp.rename(temp, target);
  await fsyncDir(path.dirname(target));
}
