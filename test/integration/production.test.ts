/**
 * Production through the real core: real SQLite, real JPEG originals with EXIF orientations, prints
 * rendered with sharp and read back (pixel size, ICC profile, metadata, orientation by the colours
 * of the shown picture's quadrants, the printed region against the stored crop), the manifest CSV
 * read back against the orders, a damaged original named in the report and never printed, and the
 * packing documents read back with pdf.js and rendered to PNG.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/shared/domain/price-list';
import { productItems } from '../../src/shared/domain/production';
import { FakeOrderSource, seedProductionJob, shownPicture } from '../fixtures/production-job';
import { testCore } from '../helpers/core';
import { decodeCode128, decodeQrCodes } from '../helpers/qr';
import { pdfPages, renderPdfPage } from '../helpers/pdf';
import { mkdirSync } from 'node:fs';

const OUT = path.resolve('test-output/production');
mkdirSync(OUT, { recursive: true });

async function setup() {
  const source = new FakeOrderSource();
  const t = await testCore({
    orderSource: source,
    logger: { debug() {}, info() {}, warn() {}, error: (...a: unknown[]) => console.error(...a) },
  });
  const client = t.core.client();
  const seeded = await seedProductionJob(t.core, {});
  return { ...t, client, source, ...seeded };
}

function csv(text: string): Record<string, string>[] {
  const rows: Record<string, string>[] = parse(text.replace(/^\uFEFF/, ''), {
    delimiter: ';',
    columns: true,
  });
  return rows;
}

/** Mean absolute difference per channel of two same-size RGB buffers. */
function meanError(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** The average colour of a small square of an image at fractions (fx, fy). */
async function colourAt(file: string, fx: number, fy: number): Promise<[number, number, number]> {
  const meta = await sharp(file).metadata();
  const size = 16;
  const left = Math.round(fx * meta.width - size / 2);
  const top = Math.round(fy * meta.height - size / 2);
  const { data } = await sharp(file)
    .extract({ left, top, width: size, height: size })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = [0, 0, 0];
  for (let i = 0; i < data.length; i += 3) for (let c = 0; c < 3; c += 1) out[c]! += data[i + c]!;
  return out.map((v) => v / (data.length / 3)) as [number, number, number];
}

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 90 && b! < 90;
const isGreen = ([r, g, b]: number[]) => g! > 150 && r! < 90 && b! < 90;
const isBlue = ([r, , b]: number[]) => b! > 180 && r! < 90;
const isWhite = ([r, g, b]: number[]) => r! > 200 && g! > 200 && b! > 200;

describe('production run', () => {
  it('renders every print from the originals at its pixel size, sRGB, without metadata, with the stored crop, and a manifest matching the orders', async () => {
    const j = await setup();
    const [s0, s1] = j.classes[0]!.students;
    // A portrait 13×18 crop of student 0's first pose (fractions of the shown 900 × 600 picture).
    const crop = { x: 0.1, y: 0, w: (13 / 18) * (600 / 900), h: 1 };
    await j.client.call('proofing.setCrop', {
      jobId: j.jobId,
      photoId: j.poses(0)[0]!,
      ratio: '13x18',
      rect: crop,
    });
    j.source.orders = [
      {
        orderId: 'o1',
        number: 'C-0001',
        channel: 'paper',
        studentIds: [s0!.id],
        lines: [
          { ref: 'P', pose: 1, quantity: 1 },
          { ref: 'T1', pose: 1, quantity: 1 },
          { ref: 'N', pose: 2, quantity: 1 },
        ],
        remakeOf: null,
      },
      {
        orderId: 'o2',
        number: 'W-0002',
        channel: 'online',
        studentIds: [s1!.id],
        lines: [
          { ref: 'T1', pose: 1, quantity: 2 },
          { ref: 'C', pose: null, quantity: 1 },
        ],
        remakeOf: null,
      },
    ];
    const report = await j.client.call('production.build', { jobId: j.jobId });
    expect(report.problems).toEqual([]);
    expect(report.orders).toBe(2);
    // Distinct originals: pose 1 of student 0, pose 1 of student 1 and the class photo, each decoded
    // once; pose 2 of student 0, ordered only as a digital file, is the camera's JPEG without its
    // metadata, never decoded.
    expect(report.decodes).toBe(3);
    expect(report.digitalAsShot).toBe(1);
    const run = report.path;
    const manifest = csv(await fsp.readFile(path.join(run, 'manifeste.csv'), 'utf8'));

    // Totals per order equal the order book: each line's product expanded by the price list.
    const expected = new Map<string, number>();
    for (const o of j.source.orders)
      for (const line of o.lines) {
        const p = DEFAULT_PRICE_LIST.find((x) => x.ref === line.ref)!;
        const items = productItems(p)!;
        const n = p.kind === 'digital' ? 1 : items.reduce((a, i) => a + i.quantity, 0);
        expected.set(o.number, (expected.get(o.number) ?? 0) + n * line.quantity);
      }
    const got = new Map<string, number>();
    for (const r of manifest) {
      const cells = /×(\d+) \(planche/.exec(r.format!);
      got.set(r.commande!, (got.get(r.commande!) ?? 0) + Number(r.quantite) * (cells ? Number(cells[1]) : 1));
    }
    expect(got).toEqual(expected);
    const summary = csv(await fsp.readFile(path.join(run, 'recapitulatif.csv'), 'utf8'));
    expect(summary.reduce((a, r) => a + Number(r.tirages), 0)).toBe(
      [...expected.values()].reduce((a, b) => a + b, 0) - 1, // the digital file is not a print
    );

    // The same image at the same format once: 2 × 13×18 in the pochette + 1 × T1 = one file, quantity 3.
    const o1 = manifest.filter((r) => r.commande === 'C-0001');
    const p13 = o1.find((r) => r.format === '13×18')!;
    expect(p13.quantite).toBe('3');
    expect(p13.texte_dos).toBe('C-0001 pose 1');

    const sizes: Record<string, [number, number]> = {
      '13×18': [1535, 2126],
      '18×24': [2126, 2835],
      '20×30': [2362, 3543],
    };
    for (const r of manifest) {
      const file = path.join(run, ...r.fichier!.split('/'));
      const meta = await sharp(file).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      // The embedded profile is an RGB profile described as sRGB (its text tags are UTF-16).
      expect(meta.icc?.subarray(16, 20).toString('latin1')).toBe('RGB ');
      expect(meta.icc?.toString('latin1').replace(/\0/g, '')).toContain('sRGB');
      expect(meta.space).toBe('srgb');
      const short = Math.min(meta.width, meta.height);
      const long = Math.max(meta.width, meta.height);
      const want: [number, number] | undefined = r.format!.startsWith('6×9')
        ? [1417, 2126]
        : r.format === 'fichier numérique'
          ? [600, 900]
          : sizes[r.format!];
      expect(want, r.format).toBeDefined();
      const [wantShort, wantLong] = want ?? [0, 0];
      expect(Math.abs(short - wantShort)).toBeLessThanOrEqual(1);
      expect(Math.abs(long - wantLong)).toBeLessThanOrEqual(1);
      expect(r.fichier).toMatch(/^[A-Za-z0-9_./-]+$/);
    }

    // The printed region is the stored crop: the print downscaled against the same crop of the picture.
    const shown = await shownPicture(900, 600);
    const left = Math.round(crop.x * 900);
    const width = Math.round(crop.w * 900);
    const reference = await sharp(shown, { raw: { width: 900, height: 600, channels: 3 } })
      .extract({ left, top: 0, width, height: 600 })
      .resize(65, 90, { fit: 'fill' })
      .raw()
      .toBuffer();
    const printed = await sharp(path.join(run, ...p13.fichier!.split('/')))
      .resize(65, 90, { fit: 'fill' })
      .raw()
      .toBuffer();
    expect(meanError(printed, reference)).toBeLessThan(6);
    // And it is not a centred crop (the check fails when the stored crop is ignored).
    const centredLeft = Math.round((900 - width) / 2);
    const centred = await sharp(shown, { raw: { width: 900, height: 600, channels: 3 } })
      .extract({ left: centredLeft, top: 0, width, height: 600 })
      .resize(65, 90, { fit: 'fill' })
      .raw()
      .toBuffer();
    expect(meanError(printed, centred)).toBeGreaterThan(meanError(printed, reference) + 5);

    // A 4 × 6×9 on one 12×18 sheet with its four cells.
    const sheet = o1.find((r) => r.format!.startsWith('6×9'))!;
    expect(sheet.quantite).toBe('1');
    // Four cells, each the landscape crop turned upright: the red quadrant at each cell's top right.
    const sheetFile = path.join(run, ...sheet.fichier!.split('/'));
    for (const [fx, fy] of [
      [0.4, 0.1],
      [0.9, 0.1],
      [0.4, 0.6],
      [0.9, 0.6],
    ] as const)
      expect(isRed(await colourAt(sheetFile, fx, fy)), `${fx},${fy}`).toBe(true);
    expect(isBlue(await colourAt(sheetFile, 0.1, 0.1))).toBe(true);
    await fsp.copyFile(path.join(run, ...sheet.fichier!.split('/')), path.join(OUT, 'planche-6x9.jpg'));
    // Orders are moved to « in production ».
    expect(j.source.marked).toEqual([{ ids: ['o1', 'o2'], status: 'in_production' }]);
    expect(await fsp.readFile(path.join(run, 'rapport.txt'), 'utf8')).toContain('Commandes produites : 2');
    // The audit trail has the run's counts and no name.
    const audit = await j.client.call('audit.list', { jobId: j.jobId });
    const row = audit.events.find((e) => e.action === 'production.ran')!;
    expect(row.summary).toContain('2 commandes');
    expect(JSON.stringify(row)).not.toContain(s0!.firstName);
  });

  it('turns prints the right way for EXIF orientations 3, 6 and 8, and names a damaged original instead of printing it', async () => {
    const source = new FakeOrderSource();
    const t = await testCore({ orderSource: source });
    const client = t.core.client();
    // The seeded photo ids are known before seeding: p000001 is the class photo, then three per student.
    const j = await seedProductionJob(t.core, { p000005: 6, p000006: 3, p000007: 8 });
    const [, s1, s2] = j.classes[0]!.students;
    expect(j.poses(1)).toEqual(['p000005', 'p000006', 'p000007']);
    // Student 2: pose 1 damaged with no intact copy; pose 2 damaged in the job, intact on the backup drive.
    const damaged = j.originalOf(j.poses(2)[0]!);
    const bytes = await fsp.readFile(damaged);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await fsp.writeFile(damaged, bytes);
    const second = j.originalOf(j.poses(2)[1]!);
    const backupDir = path.join(t.root, 'backup');
    await fsp.mkdir(backupDir, { recursive: true });
    const backup = path.join(backupDir, path.basename(second));
    await fsp.copyFile(second, backup);
    const db = t.core.jobs.get(j.jobId).db;
    const sha = (
      db.prepare('SELECT sha256 FROM photo WHERE id = ?').get(j.poses(2)[1]!) as { sha256: string }
    ).sha256;
    db.prepare(
      "INSERT INTO card (id, number, fingerprint, source_path, first_ingest_at, last_ingest_at) VALUES ('c1', 1, 'f', '/media/card', 'x', 'x')",
    ).run();
    db.prepare(
      "INSERT INTO card_file (card_id, rel_path, size, mtime_ms, sha256, status, destinations) VALUES ('c1', 'DCIM/x.JPG', 1, 1, ?, 'verified', ?)",
    ).run(sha, JSON.stringify([second, backup]));
    const copy = await fsp.readFile(second);
    copy[Math.floor(copy.length / 3)]! ^= 0xff;
    await fsp.writeFile(second, copy);

    source.orders = [
      {
        orderId: 'o1',
        number: 'W-0101',
        channel: 'online',
        studentIds: [s1!.id],
        lines: [1, 2, 3].map((pose) => ({ ref: 'T1', pose, quantity: 1 })),
        remakeOf: null,
      },
      {
        orderId: 'o2',
        number: 'C-0102',
        channel: 'paper',
        studentIds: [s2!.id],
        lines: [{ ref: 'T1', pose: 1, quantity: 1 }],
        remakeOf: null,
      },
      {
        orderId: 'o3',
        number: 'C-0103',
        channel: 'paper',
        studentIds: [s2!.id],
        lines: [{ ref: 'T2', pose: 2, quantity: 1 }],
        remakeOf: 'o2',
      },
    ];
    const report = await client.call('production.build', { jobId: j.jobId });
    const run = report.path;
    const manifest = csv(await fsp.readFile(path.join(run, 'manifeste.csv'), 'utf8'));
    const ofOrder = (n: string) => manifest.filter((r) => r.commande === n);
    expect(ofOrder('W-0101')).toHaveLength(3);
    for (const r of ofOrder('W-0101')) {
      const file = path.join(run, ...r.fichier!.split('/'));
      const meta = await sharp(file).metadata();
      // The shown picture is landscape whatever the stored pixels: so is its 13×18.
      expect([meta.width, meta.height]).toEqual([2126, 1535]);
      expect(isRed(await colourAt(file, 0.2, 0.25)), `${r.fichier} top left`).toBe(true);
      expect(isGreen(await colourAt(file, 0.8, 0.25)), `${r.fichier} top right`).toBe(true);
      expect(isBlue(await colourAt(file, 0.2, 0.75)), `${r.fichier} bottom left`).toBe(true);
      expect(isWhite(await colourAt(file, 0.8, 0.75)), `${r.fichier} bottom right`).toBe(true);
    }
    // The damaged original is named and its order is not printed.
    expect(ofOrder('C-0102')).toEqual([]);
    const problem = report.problems.find((p) => p.orderNumber === 'C-0102')!;
    expect(problem.kind).toBe('damaged_original');
    expect(problem.message).toContain(path.basename(damaged));
    expect(await fsp.readFile(path.join(run, 'rapport.txt'), 'utf8')).toContain(path.basename(damaged));
    // The other one was read from its intact backup copy, and the report says so.
    expect(ofOrder('C-0103')).toHaveLength(1);
    expect(report.fromBackup.join(' ')).toContain(backup);
    expect(source.marked).toEqual([{ ids: ['o1', 'o3'], status: 'in_production' }]);
    // The damaged original's bytes were never decoded (three of student 1, one backup).
    expect(report.decodes).toBe(4);
  });

  it('writes packing lists, labels with the order number as Code 128 barcode and QR code and delivery slips, marks a scanned envelope packed, and erasure removes a child’s prints', async () => {
    const j = await setup();
    const [s0, s1] = j.classes[0]!.students;
    j.source.orders = [
      {
        orderId: 'o1',
        number: 'C-0201',
        channel: 'paper',
        studentIds: [s0!.id],
        lines: [{ ref: 'P', pose: 2, quantity: 1 }],
        remakeOf: null,
      },
      {
        orderId: 'o2',
        number: 'W-0202',
        channel: 'online',
        studentIds: [s1!.id],
        lines: [
          { ref: 'T3', pose: 1, quantity: 1 },
          { ref: 'N', pose: 3, quantity: 1 },
        ],
        remakeOf: null,
      },
    ];
    const report = await j.client.call('production.build', { jobId: j.jobId });
    expect(report.orders).toBe(2);
    const docs = await j.client.call('production.documents', { jobId: j.jobId });
    expect(docs.orders).toBe(2);
    const packing = docs.files.find((f) => path.basename(f).startsWith('colisage-'))!;
    const text = (await pdfPages(packing)).join('\n');
    for (const s of [s0!, s1!]) expect(text).toContain(`${s.firstName} ${s.displayName}`);
    for (const needle of [
      'C-0201',
      'W-0202',
      '18×24',
      '13×18',
      '6×9',
      'photo de classe 20×30',
      'fichier numérique',
      'pose 2',
      '× 4',
    ])
      expect(text, needle).toContain(needle);
    await fsp.writeFile(path.join(OUT, 'colisage-page1.png'), await renderPdfPage(packing, 1, 90));
    const labels = docs.files.find((f) => path.basename(f) === 'etiquettes.pdf')!;
    const labelText = (await pdfPages(labels)).join('\n');
    expect(labelText).toContain('École Jules Ferry');
    expect(labelText).toContain('Classe CP A');
    const png = await renderPdfPage(labels, 1, 200);
    await fsp.writeFile(path.join(OUT, 'etiquettes-page1.png'), png);
    expect((await decodeQrCodes(png)).sort()).toEqual(['C-0201', 'W-0202']);
    // The same numbers as Code 128 barcodes, which laser scanners read (most read no QR code).
    expect((await decodeCode128(png)).sort()).toEqual(['C-0201', 'W-0202']);
    const slip = docs.files.find((f) => path.basename(f).startsWith('bordereau-'))!;
    const slipText = (await pdfPages(slip)).join('\n');
    expect(slipText).toContain('Pochettes remises : 2');
    // (pdf.js reads one glyph of « APE » back as a control character: the words after it are checked.)
    expect(slipText).toMatch(/Remis à : AP.? de l’école Jules Ferry/);
    await fsp.writeFile(path.join(OUT, 'bordereau-page1.png'), await renderPdfPage(slip, 1, 90));

    // A scanner types the order number of a label: that envelope is packed.
    const packed = await j.client.call('production.mark', {
      jobId: j.jobId,
      orderNumber: 'c-0201',
      status: 'packed',
    });
    expect(packed.orderIds).toEqual(['o1']);
    expect(j.source.marked.at(-1)).toEqual({ ids: ['o1'], status: 'packed' });
    await expect(
      j.client.call('production.mark', { jobId: j.jobId, orderNumber: 'X-9999', status: 'packed' }),
    ).rejects.toThrow(/X-9999/);
    // A scanner set up for a QWERTY keyboard on an AZERTY computer types W-0202 as « W)àéàé ».
    const delivered = await j.client.call('production.mark', {
      jobId: j.jobId,
      orderNumber: 'W)àéàé',
      status: 'delivered',
    });
    expect(delivered.orderIds).toEqual(['o2']);

    // Erasing student 0 deletes their print files and makes the manifest again without their lines.
    const manifestPath = path.join(report.path, 'manifeste.csv');
    const before = csv(await fsp.readFile(manifestPath, 'utf8'));
    const theirs = before.filter((r) => r.commande === 'C-0201' && !r.fichier!.includes('classe'));
    expect(theirs.length).toBeGreaterThan(0);
    const plan = await j.client.call('students.erase', { jobId: j.jobId, studentId: s0!.id, dryRun: true });
    expect(plan.files.filter((f) => f.kind === 'print_file').length).toBe(theirs.length);
    await j.client.call('students.erase', { jobId: j.jobId, studentId: s0!.id, dryRun: false });
    for (const r of theirs)
      await expect(fsp.stat(path.join(report.path, ...r.fichier!.split('/')))).rejects.toThrow();
    const after = csv(await fsp.readFile(manifestPath, 'utf8'));
    expect(after.map((r) => r.commande)).not.toContain('C-0201');
    expect(after.filter((r) => r.commande === 'W-0202')).toHaveLength(
      before.filter((r) => r.commande === 'W-0202').length,
    );
  });

  it('checks before production name each problem with its fix, and accepting a centred crop clears its check', async () => {
    const j = await setup();
    const [s0, s1, s2] = j.classes[0]!.students;
    j.source.orders = [
      {
        orderId: 'o1',
        number: 'C-0301',
        channel: 'paper',
        studentIds: [s0!.id],
        lines: [{ ref: 'T1', pose: 1, quantity: 1 }],
        remakeOf: null,
      },
      {
        orderId: 'o2',
        number: 'W-0302',
        channel: 'online',
        studentIds: [s0!.id],
        lines: [{ ref: 'T1', pose: 1, quantity: 1 }],
        remakeOf: null,
      },
      {
        orderId: 'o3',
        number: 'C-0303',
        channel: 'paper',
        studentIds: [s1!.id],
        lines: [{ ref: 'T1', pose: 7, quantity: 1 }],
        remakeOf: null,
      },
      {
        orderId: 'o4',
        number: 'C-0304',
        channel: 'paper',
        studentIds: ['gone'],
        lines: [{ ref: 'T1', pose: 1, quantity: 1 }],
        remakeOf: null,
      },
      {
        orderId: 'o5',
        number: 'C-0305',
        channel: 'paper',
        studentIds: [s2!.id],
        lines: [{ ref: 'T2', pose: 2, quantity: 1 }],
        remakeOf: null,
      },
    ];
    for (const holder of ['parent1', 'parent2'] as const)
      await j.client.call('consent.withdraw', {
        jobId: j.jobId,
        studentId: s1!.id,
        use: 'photo',
        holder,
        source: 'paper_form',
      });
    await fsp.rm(j.originalOf(j.poses(2)[1]!));
    const checks = await j.client.call('production.checks', { jobId: j.jobId });
    const of = (kind: string) => checks.filter((c) => c.kind === kind);
    expect(of('double_order').map((c) => c.orderNumbers)).toEqual([['C-0301', 'W-0302']]);
    expect(of('pose_missing').map((c) => c.orderNumbers)).toEqual([['C-0303']]);
    expect(of('student_erased').map((c) => c.orderNumbers)).toEqual([['C-0304']]);
    expect(of('consent_withdrawn').map((c) => c.orderNumbers)).toEqual([['C-0303']]);
    expect(of('original_missing').map((c) => [c.orderNumbers, c.fix])).toEqual([
      [['C-0305'], 'verify_originals'],
    ]);
    const crop = of('crop_missing').find((c) => c.orderNumbers.includes('C-0301'))!;
    expect(crop.fix).toBe('accept_centred_crop');
    expect(crop.ratio).toBe('13x18');
    await j.client.call('production.acceptCentredCrop', {
      jobId: j.jobId,
      photoId: crop.photoId!,
      ratio: '13x18',
    });
    const again = await j.client.call('production.checks', { jobId: j.jobId });
    expect(again.filter((c) => c.kind === 'crop_missing' && c.photoId === crop.photoId)).toEqual([]);
    expect(again.length).toBe(checks.length - 1);
  });

  it('a cancelled run leaves no print behind; a run stopped by closing the job keeps its work and finishes on reopening, removing what a killed run left', async () => {
    const j = await setup();
    const order = (i: number) => ({
      orderId: `o${i}`,
      number: `C-05${i}`,
      channel: 'paper' as const,
      studentIds: [j.classes[0]!.students[i]!.id],
      lines: [
        { ref: 'P', pose: 1, quantity: 1 },
        { ref: 'T1', pose: 2, quantity: 1 },
      ],
      remakeOf: null,
    });
    j.source.orders = [0, 1, 2].map(order);
    const folder = path.join(j.jobDir, 'exports', 'production');
    const entries = async () => (await fsp.readdir(folder).catch(() => [] as string[])).sort();
    const stopAfterFirstPhoto = (stop: (taskId: string) => unknown) => {
      let stopped = false;
      const off = j.core.events.subscribe('task.progress', (p) => {
        if (stopped || p.done < 1) return;
        stopped = true;
        off();
        void stop(p.taskId);
      });
    };

    stopAfterFirstPhoto((taskId) => j.client.call('tasks.cancel', { taskId }));
    const cancelled = await j.client.call('production.start', { jobId: j.jobId });
    await j.core.tasks.idle(j.jobId);
    const [info] = (await j.client.call('tasks.list', { jobId: j.jobId })).filter((t) => t.id === cancelled.id);
    expect(info?.status).toBe('cancelled');
    // The prints already rendered showed children and no record leads to them: they are gone.
    expect(await entries()).toEqual([]);

    stopAfterFirstPhoto(() => j.client.call('jobs.close', { jobId: j.jobId }));
    const suspended = await j.client.call('production.start', { jobId: j.jobId });
    await j.core.tasks.idle(j.jobId);
    expect(await entries()).toEqual([`.run-${suspended.id}.partial`]);
    // What a command-line run killed from its shell leaves: no task will ever go on from it.
    const abandoned = path.join(folder, '.run-0badc0de-dead-4bad-8bad-000000000000.partial');
    await fsp.mkdir(path.join(abandoned, 'tirages'), { recursive: true });
    await fsp.writeFile(path.join(abandoned, 'tirages', 'CP_A_Lea.jpg'), 'a print of a child');
    await j.client.call('jobs.open', { path: j.jobDir });
    await j.core.tasks.idle(j.jobId);
    const after = await entries();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toMatch(/^\.run-/);
    const manifest = csv(await fsp.readFile(path.join(folder, after[0]!, 'manifeste.csv'), 'utf8'));
    expect(new Set(manifest.map((r) => r['commande']))).toEqual(new Set(['C-050', 'C-051', 'C-052']));
  });

  it('lists the print and digital files with the high-definition files a retention purge deletes', async () => {
    const j = await setup();
    const [s0] = j.classes[0]!.students;
    j.source.orders = [
      {
        orderId: 'o1',
        number: 'C-0401',
        channel: 'paper',
        studentIds: [s0!.id],
        lines: [
          { ref: 'T1', pose: 1, quantity: 1 },
          { ref: 'N', pose: 2, quantity: 1 },
        ],
        remakeOf: null,
      },
    ];
    const report = await j.client.call('production.build', { jobId: j.jobId });
    const plan = await j.client.call('retention.purge', { jobId: j.jobId, dryRun: true });
    const prints = plan.files
      .filter((f) => f.location === 'prints')
      .map((f) => path.relative(report.path, f.path));
    expect(prints.sort()).toHaveLength(2);
    expect(prints.every((p) => p.endsWith('.jpg'))).toBe(true);
    // The manifest (bookkeeping of the lab) is not a high-definition file.
    expect(plan.files.some((f) => f.path.endsWith('manifeste.csv'))).toBe(false);
  });
});
