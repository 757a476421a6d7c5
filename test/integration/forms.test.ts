import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { formatCode } from '../../src/shared/domain/access-code';
import type { FormPose } from '../../src/shared/domain/order-form';
import { noPoses, type PoseSource } from '../../src/main/core/forms/pose-source';
import { giveConsent } from '../fixtures/consent';
import { testCore } from '../helpers/core';
import { pdfInfo, pdfPages, plainSpaces, renderPdfPage } from '../helpers/pdf';
import { decodeQrCode } from '../helpers/qr';

const OUT = path.resolve('test-output/forms');

/** The text of a PDF (or of one page), with the narrow no-break spaces of French money as plain spaces. */
async function pdfText(file: string, page?: number): Promise<string> {
  const pages = await pdfPages(file);
  return plainSpaces(page ? (pages[page - 1] ?? '') : pages.join('\f'));
}

/** Renders page `page` of a PDF to test-output/forms/<name>-<page>.png (to be looked at) and returns the PNG. */
async function savePage(file: string, page: number, dpi: number, name: string): Promise<Buffer> {
  mkdirSync(OUT, { recursive: true });
  const png = await renderPdfPage(file, page, dpi);
  writeFileSync(path.join(OUT, `${name}-${page}.png`), png);
  return png;
}

async function poseImages(dir: string, count: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const p = path.join(dir, `pose-${i}.jpg`);
    await sharp({
      create: {
        width: 800,
        height: 1000,
        channels: 3,
        background: { r: 60 + i * 40, g: 120, b: 200 - i * 30 },
      },
    })
      .jpeg()
      .toFile(p);
    paths.push(p);
  }
  return paths;
}

async function school(options: { hosted?: boolean; withPoses?: boolean } = {}) {
  const images: string[] = [];
  const posesOf = new Map<string, FormPose[]>();
  const source: PoseSource = { ...noPoses, posesOf: () => Promise.resolve(posesOf) };
  const t = await testCore({ poseSource: source });
  images.push(...(await poseImages(path.join(t.root, 'previews'), 3)));
  const client = t.core.client();
  if (options.hosted)
    await client.call('settings.update', {
      publishTarget: { kind: 'hosted', url: 'https://photos.example.fr/' },
    });
  const job = await client.call('jobs.create', {
    dir: path.join(t.root, 'job'),
    schoolName: 'École Jules Ferry',
    town: 'Brest',
    schoolYear: '2026-2027',
    shootDates: [],
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: {
      association: {
        legalName: 'Coopérative scolaire OCCE de l’école Jules Ferry',
        chequePayee: 'OCCE Coop Jules Ferry',
        contactEmail: 'coop.julesferry@example.fr',
      },
    },
  });
  const cp = await client.call('classes.add', { jobId: job.id, label: 'CP Mme Dubois' });
  const ce2 = await client.call('classes.add', { jobId: job.id, label: 'CE2 M. Noël' });
  const add = (classId: string, familyName: string, firstName: string) =>
    client.call('students.add', { jobId: job.id, classId, familyName, firstName });
  const zoe = await add(cp.id, 'Łukasiewicz', 'Zoé');
  const noConsent = await add(cp.id, 'Martin', 'Hugo');
  const noPhoto = await add(cp.id, 'Nguyễn', 'Anh');
  const lea = await add(ce2.id, 'Şahin', 'Léa');
  const tom = await add(cp.id, 'Şahin', 'Tom');
  for (const s of [zoe, noPhoto, lea, tom])
    await giveConsent(client, job.id, s.id, ['photo', 'online_gallery']);
  await client.call('siblings.link', { jobId: job.id, studentIds: [lea.id, tom.id] });
  if (options.withPoses !== false)
    for (const s of [zoe, noConsent, lea, tom])
      posesOf.set(
        s.id,
        images.map((imagePath, i) => ({ number: i + 1, imagePath })),
      );
  return { ...t, client, job, cp, ce2, zoe, noConsent, noPhoto, lea, tom, posesOf, images };
}

describe('order forms', () => {
  it('prints the association, student, prices and code; the QR decodes to the gallery; siblings share one form', async () => {
    const s = await school({ hosted: true });
    const report = await s.client.call('forms.build', { jobId: s.job.id });
    expect(report.forms).toBe(2);
    expect(report.students).toBe(3);
    expect(report.skipped.map((k) => [k.name, k.reason])).toEqual([
      ['Hugo Martin', 'consent'],
      ['Anh Nguyễn', 'no_photos'],
    ]);
    expect(readFileSync(report.reportPath, 'utf8')).toContain('Anh Nguyễn : aucune photo');

    const codes = await s.client.call('codes.list', { jobId: s.job.id });
    const family = codes.find((c) => c.kind === 'family')!;
    const zoeCode = codes.find((c) => c.kind === 'student' && c.studentIds[0] === s.zoe.id)!;
    const cpPdf = report.files.find((f) => f.endsWith('Bons de commande - CP Mme Dubois.pdf'))!;
    const text = await pdfText(cpPdf);
    expect(text).toContain('Coopérative scolaire OCCE de l’école Jules Ferry');
    expect(text).toContain('OCCE Coop Jules Ferry');
    expect(text).toContain('Zoé Łukasiewicz');
    expect(text).toContain('Tom Şahin, Léa Şahin');
    expect(text).toContain('20,00 €');
    expect(text).toContain('10,50 €');
    expect(text).toContain(zoeCode.printed);
    expect(text).toContain(family.printed);
    expect(text).toContain('Aucune obligation d’achat');
    expect(text).toContain('21/08/2027');
    expect(text).not.toMatch(/Préau|Studio/);
    // Sibling photos are off for this school: no fratrie product on any form.
    expect(text).not.toContain('fratrie');
    // The siblings' form is in the first sibling's class only (CP), not repeated in CE2.
    expect(report.files.some((f) => f.endsWith('Bons de commande - CE2 M. Noël.pdf'))).toBe(false);

    const formPage = await savePage(cpPdf, 1, 110, 'order-form');
    await savePage(cpPdf, 2, 110, 'order-form');
    expect(await decodeQrCode(formPage)).toBe('https://photos.example.fr/');
    const sheet = report.files.find((f) => f.includes('Planche contact - CP'))!;
    await savePage(sheet, 1, 60, 'proof-sheet');
    expect(await pdfText(sheet)).toContain('Anh Nguyễn');
  });

  it('keeps codes across regenerations; a revoked code is replaced and never comes back', async () => {
    const s = await school();
    await s.client.call('forms.build', { jobId: s.job.id });
    const first = await s.client.call('codes.list', { jobId: s.job.id });
    await s.client.call('forms.build', { jobId: s.job.id });
    expect(await s.client.call('codes.list', { jobId: s.job.id })).toEqual(first);

    const zoe = first.find((c) => c.studentIds[0] === s.zoe.id && c.kind === 'student')!;
    await s.client.call('codes.revoke', {
      jobId: s.job.id,
      code: zoe.printed.toLowerCase(),
      reason: 'bon perdu',
    });
    const report = await s.client.call('forms.build', { jobId: s.job.id });
    const after = await s.client.call('codes.list', { jobId: s.job.id });
    const live = after.filter((c) => c.studentIds[0] === s.zoe.id && c.kind === 'student' && !c.revokedAt);
    expect(live).toHaveLength(1);
    expect(live[0]!.code).not.toBe(zoe.code);
    const text = await pdfText(report.files.find((f) => f.endsWith('CP Mme Dubois.pdf'))!);
    expect(text).toContain(live[0]!.printed);
    expect(text).not.toContain(zoe.printed);
    // The QR holds the code alone when no platform is configured.
    const page = await savePage(report.files[0]!, 1, 110, 'no-platform');
    expect(await decodeQrCode(page)).toMatch(/^[2-9A-Y]{5}-[2-9A-Y]{5}-[2-9A-Y]{5}$/);

    const typo = zoe.code.slice(0, 3) + (zoe.code[3] === 'A' ? 'B' : 'A') + zoe.code.slice(4);
    await expect(s.client.call('codes.check', { jobId: s.job.id, code: formatCode(typo) })).rejects.toThrow(
      /faute de frappe/,
    );
  });

  it('without any photos yet, produces no form and reports every student', async () => {
    const s = await school({ withPoses: false });
    const report = await s.client.call('forms.build', { jobId: s.job.id });
    expect(report.forms).toBe(0);
    expect(report.skipped).toHaveLength(5);
    expect(readFileSync(report.reportPath, 'utf8')).toContain('5 élèves sans bon de commande');
  });

  it('refuses prints larger than 24×30 cm and sibling products the school does not allow', async () => {
    const s = await school();
    const settings = await s.client.call('forms.settings', { jobId: s.job.id });
    await expect(
      s.client.call('forms.updateSettings', {
        jobId: s.job.id,
        products: [
          {
            ref: 'G',
            kind: 'print',
            label: 'Poster',
            priceCents: 3000,
            format: { widthCm: 30, heightCm: 40 },
          },
        ],
      }),
    ).rejects.toThrow(/24×30 cm/);
    const duo = { ref: 'F2', kind: 'sibling_photo' as const, label: 'Duo fratrie 13×18', priceCents: 900 };
    await expect(
      s.client.call('forms.updateSettings', { jobId: s.job.id, products: [...settings.products, duo] }),
    ).rejects.toThrow(
      'L’école n’autorise pas les photos de fratrie : retirez le produit « Duo fratrie 13×18 »',
    );
    // Editing a price keeps the default's sibling product, which forms do not offer (checked above).
    const cheaper = settings.products.map((p) => (p.ref === 'P' ? { ...p, priceCents: 1800 } : p));
    const saved = await s.client.call('forms.updateSettings', { jobId: s.job.id, products: cheaper });
    expect(saved.products.find((p) => p.ref === 'P')!.priceCents).toBe(1800);
  });

  it('records paper orders, totals per class with the association share, and exports CSV and XLSX', async () => {
    const s = await school();
    await s.client.call('forms.build', { jobId: s.job.id });
    await s.client.call('forms.updateSettings', {
      jobId: s.job.id,
      share: { kind: 'percent', basisPoints: 1500 },
    });
    const codes = await s.client.call('codes.list', { jobId: s.job.id });
    const family = codes.find((c) => c.kind === 'family')!;
    await s.client.call('orders.record', {
      jobId: s.job.id,
      query: 'zoé łukasiewicz',
      lines: [
        { ref: 'P', pose: 2, quantity: 1 },
        { ref: 'T1', pose: 1, quantity: 2 },
      ],
      paymentMethod: 'cheque',
      chequeNumber: '1234567',
    });
    await s.client.call('orders.record', {
      jobId: s.job.id,
      query: family.printed.replace(/-/g, ' ').toLowerCase(),
      lines: [{ ref: 'C', quantity: 2 }],
      paymentMethod: 'cash',
    });
    await expect(
      s.client.call('orders.record', {
        jobId: s.job.id,
        query: 'Łukasiewicz',
        lines: [{ ref: 'T2', pose: 7, quantity: 1 }],
        paymentMethod: 'cash',
      }),
    ).rejects.toThrow('Le bon de « Zoé Łukasiewicz » n’a pas de pose n° 7 (poses 1 à 3)');
    await expect(
      s.client.call('orders.record', { jobId: s.job.id, query: 'Dupont', lines: [], paymentMethod: 'cash' }),
    ).rejects.toThrow('Aucun bon de commande ne correspond à « Dupont »');
    const totals = await s.client.call('orders.totals', { jobId: s.job.id });
    expect(totals.school).toMatchObject({
      orders: 2,
      items: 5,
      totalCents: 2000 + 1200 + 1800,
      associationShareCents: 750,
    });
    expect(totals.classes.find((c) => c.classLabel === 'CP Mme Dubois')!.totalCents).toBe(5000);

    const csv = await s.client.call('forms.export', {
      jobId: s.job.id,
      format: 'csv',
      out: path.join(s.root, 'liste.csv'),
    });
    const raw = readFileSync(csv.path);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse<Record<string, string>>(raw, { delimiter: ';', bom: true, columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'Classe',
      'Élève',
      'Code',
      'Réf.',
      'Produit',
      'Prix unitaire TTC (€)',
      'Quantité',
      'Total TTC (€)',
      'Paiement',
      'N° de chèque',
    ]);
    const t1 = rows.find((r) => r['Élève'] === 'Łukasiewicz Zoé' && r['Réf.'] === 'T1')!;
    expect(t1).toMatchObject({
      Classe: 'CP Mme Dubois',
      'Prix unitaire TTC (€)': '6,00',
      Quantité: '2',
      'Total TTC (€)': '12,00',
      Paiement: 'chèque',
      'N° de chèque': '1234567',
    });

    const xlsx = await s.client.call('forms.export', {
      jobId: s.job.id,
      format: 'xlsx',
      out: path.join(s.root, 'liste.xlsx'),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.path);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Élève');
    const priceCell = sheet.getRow(2).getCell(6);
    expect(typeof priceCell.value).toBe('number');
    expect(priceCell.numFmt).toContain('€');
    expect(xlsx.rows).toBe(sheet.rowCount - 1);

    const summary = await s.client.call('forms.summaryPdf', { jobId: s.job.id });
    await savePage(summary.path, 1, 80, 'treasurer-summary');
    const text = await pdfText(summary.path);
    expect(text).toContain('CP Mme Dubois');
    expect(text).toContain('50,00 €');
    expect(text).toContain('7,50 €');
  });

  it('builds as a task: returns at once, then the task reports the forms it wrote', async () => {
    const s = await school();
    const task = await s.client.call('forms.start', { jobId: s.job.id });
    expect(task.status).toBe('queued');
    await s.core.tasks.idle(s.job.id);
    const [done] = (await s.client.call('tasks.list', { jobId: s.job.id })).filter((t) => t.id === task.id);
    expect(done).toMatchObject({ status: 'done', done: 2, total: 2 });
    expect(done!.result).toMatchObject({ forms: 2, students: 3 });
  });

  it('makes the school PDF of every class PDF page in class order, proofs and QR codes included', async () => {
    const s = await school({ hosted: true });
    const ines = await s.client.call('students.add', {
      jobId: s.job.id,
      classId: s.ce2.id,
      familyName: 'Caron',
      firstName: 'Inès',
    });
    await giveConsent(s.client, s.job.id, ines.id, ['photo', 'online_gallery']);
    s.posesOf.set(
      ines.id,
      s.images.map((imagePath, i) => ({ number: i + 1, imagePath })),
    );
    const report = await s.client.call('forms.build', { jobId: s.job.id });
    expect(report.forms).toBe(3);
    const schoolPdf = report.files.find((f) => f.endsWith('Bons de commande - école.pdf'))!;
    const info = await pdfInfo(schoolPdf);
    expect(info.pages).toBe(3);
    // The merged file says nothing of the library that merged it (no "pdf-lib" producer or creator).
    expect(JSON.stringify(info)).not.toMatch(/pdf-lib/i);
    expect(await pdfText(schoolPdf, 1)).toContain('Zoé Łukasiewicz');
    expect(await pdfText(schoolPdf, 2)).toContain('Tom Şahin, Léa Şahin');
    expect(await pdfText(schoolPdf, 3)).toContain('Inès Caron');
    expect(await pdfText(schoolPdf, 3)).toContain('CE2 M. Noël');
    const third = await savePage(schoolPdf, 3, 110, 'school');
    expect(await decodeQrCode(third)).toBe('https://photos.example.fr/');
    // The proof thumbnails travelled with the pages: the page is not blank where the poses are.
    const stats = await sharp(third).stats();
    expect(stats.channels[2]!.stdev).toBeGreaterThan(10);
  });

  it('offers the sibling photo on the family form only, once the school allows sibling photos', async () => {
    const s = await school();
    await s.client.call('school.update', { jobId: s.job.id, patch: { siblingPhotos: true } });
    const report = await s.client.call('forms.build', { jobId: s.job.id });
    const cp = report.files.find((f) => f.endsWith('Bons de commande - CP Mme Dubois.pdf'))!;
    expect(await pdfText(cp, 1)).toContain('Zoé Łukasiewicz');
    expect(await pdfText(cp, 1)).not.toContain('fratrie');
    expect(await pdfText(cp, 2)).toContain('Tom Şahin, Léa Şahin');
    expect(await pdfText(cp, 2)).toContain('Photo de fratrie 18×24');
    expect(await pdfText(cp, 2)).toContain('12,50 €');
  });
  it('traces builds, exports, revocations and paper orders in the audit trail, without names or codes', async () => {
    const s = await school();
    await s.client.call('forms.build', { jobId: s.job.id });
    const task = await s.client.call('forms.start', { jobId: s.job.id });
    await s.core.tasks.idle(s.job.id);
    expect(task.kind).toBe('forms.build');
    const codes = await s.client.call('codes.list', { jobId: s.job.id });
    const zoe = codes.find((c) => c.kind === 'student' && c.studentIds[0] === s.zoe.id)!;
    await s.client.call('orders.record', {
      jobId: s.job.id,
      query: zoe.printed,
      lines: [{ ref: 'P', quantity: 1 }],
      paymentMethod: 'cheque',
      chequeNumber: '9876543',
    });
    await s.client.call('forms.export', { jobId: s.job.id, format: 'csv' });
    await s.client.call('forms.export', { jobId: s.job.id, format: 'xlsx' });
    await s.client.call('forms.summaryPdf', { jobId: s.job.id });
    await s.client.call('codes.revoke', { jobId: s.job.id, code: zoe.code, reason: 'bon perdu par Zoé' });

    const { events } = await s.client.call('audit.list', { jobId: s.job.id, offset: 0, limit: 50 });
    const mine = events
      .filter((e) => ['forms.built', 'export.written', 'codes.revoked', 'orders.recorded'].includes(e.action))
      .reverse();
    expect(mine.map((e) => e.action)).toEqual([
      'forms.built',
      'forms.built',
      'orders.recorded',
      'export.written',
      'export.written',
      'export.written',
      'codes.revoked',
    ]);
    expect(mine[0]!.summary).toBe(
      'Bons de commande produits : 2 bons pour 3 élèves, 2 élèves sans bon',
    );
    expect(mine[1]!.details).toMatchObject({ forms: 2, students: 3, skipped: 2 });
    expect(mine[2]!.details).toEqual({ orders: 1, items: 1, paymentMethod: 'cheque' });
    expect(mine[3]!.summary).toContain('CSV');
    expect(mine[6]!.details).toEqual({ kind: 'student', students: 1, reasonGiven: true });
    const trail = JSON.stringify(mine);
    for (const secret of [zoe.code, zoe.printed, 'Zoé', 'Łukasiewicz', 'Şahin', 'bon perdu', '9876543'])
      expect(trail).not.toContain(secret);
  });
});
