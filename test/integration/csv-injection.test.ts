/**
 * Exports a spreadsheet cannot execute: pupils named like formulas (`=cmd|' /C calc'!A0` and its
 * `+`, `-`, `@` variants) go through the real core into the bookkeeper's CSV and XLSX, the audit
 * trail CSV and a card manifest CSV; each file is opened again with a spreadsheet library (exceljs,
 * reading the CSV as a French spreadsheet would: `;`, decimal commas) to prove that no cell starts
 * a formula, that the amounts are still numbers, and that the XLSX keeps the names as plain text.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { writeManifestFiles } from '../../src/main/core/ingest/manifest-writer';
import { noPoses, type PoseSource } from '../../src/main/core/forms/pose-source';
import { giveConsent } from '../fixtures/consent';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

const PAYLOADS = [
  "=cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];

/** What a spreadsheet would start evaluating: a formula cell, or text starting with a formula character. */
const FORMULA = /^[=+\-@\t\r]/;

/** Opens a CSV as a French spreadsheet does: `;`, UTF-8 with its BOM, `-12,50` read as a number. */
async function openCsv(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  const stream = createReadStream(file, { encoding: 'utf8' });
  return wb.csv.read(stream, {
    parserOptions: { delimiter: ';' },
    map: (datum: string) => {
      const text = datum.replace(/^\uFEFF/, '');
      if (text === '') return null;
      return /^-?\d+(,\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
    },
  });
}

/** Every cell of a sheet with its row, column, type and value. */
function cells(sheet: ExcelJS.Worksheet) {
  const out: { row: number; col: number; type: ExcelJS.ValueType; value: ExcelJS.CellValue }[] = [];
  sheet.eachRow((row, r) =>
    row.eachCell((cell, c) => out.push({ row: r, col: c, type: cell.type, value: cell.value })),
  );
  return out;
}

function expectNoFormula(sheet: ExcelJS.Worksheet) {
  const all = cells(sheet);
  expect(all.length).toBeGreaterThan(0);
  expect(all.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
  expect(all.filter((c) => typeof c.value === 'string' && FORMULA.test(c.value))).toEqual([]);
}

async function schoolWithPayloads() {
  // Every student has one pose, so every one gets a form and a line in the exports.
  const image = path.join(tempDir(), 'pose.jpg');
  await sharp({ create: { width: 400, height: 500, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .toFile(image);
  const source: PoseSource = {
    ...noPoses,
    posesOf: (_job, ids) =>
      Promise.resolve(new Map(ids.map((id) => [id, [{ number: 1, imagePath: image }]]))),
  };
  const t = await testCore({ poseSource: source });
  const client = t.core.client();
  const job = await client.call('jobs.create', {
    dir: path.join(t.root, 'job'),
    schoolName: 'École Jules Ferry',
    town: 'Brest',
    schoolYear: '2026-2027',
    shootDates: [],
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: { association: { legalName: 'APE de l’école Jules Ferry', chequePayee: 'APE Jules Ferry' } },
  });
  const cls = await client.call('classes.add', { jobId: job.id, label: '=HYPERLINK("http://x";"CP")' });
  for (const familyName of PAYLOADS) {
    const s = await client.call('students.add', {
      jobId: job.id,
      classId: cls.id,
      familyName,
      firstName: 'Zoé',
    });
    await giveConsent(client, job.id, s.id);
  }
  await client.call('forms.build', { jobId: job.id });
  const codes = await client.call('codes.list', { jobId: job.id });
  for (const c of codes)
    await client.call('orders.record', {
      jobId: job.id,
      query: c.printed,
      lines: [{ ref: 'P', quantity: 1 }],
      paymentMethod: 'cheque',
      chequeNumber: '=1+1',
    });
  return { ...t, client, jobId: job.id };
}

describe('CSV exports against formula injection', () => {
  it('writes the bookkeeper’s CSV with no cell a spreadsheet would run, names kept readable, amounts as numbers', async () => {
    const s = await schoolWithPayloads();
    const out = path.join(s.root, 'liste.csv');
    await s.client.call('forms.export', { jobId: s.jobId, format: 'csv', out });
    expect([...readFileSync(out).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sheet = await openCsv(out);
    expectNoFormula(sheet);
    const header = sheet.getRow(1).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    const rows = cells(sheet).filter((c) => c.row > 1);
    const students = rows.filter((c) => c.col === col('Élève')).map((c) => c.value);
    for (const payload of PAYLOADS) expect(students).toContain(`'${payload} Zoé`);
    expect(new Set(rows.filter((c) => c.col === col('Classe')).map((c) => c.value))).toEqual(
      new Set(['\'=HYPERLINK("http://x";"CP")']),
    );
    expect(new Set(rows.filter((c) => c.col === col('N° de chèque')).map((c) => c.value))).toEqual(
      new Set(["'=1+1"]),
    );
    // Prices, quantities and totals are still numbers for the treasurer's sums.
    for (const name of ['Prix unitaire TTC (€)', 'Quantité', 'Total TTC (€)']) {
      const values = rows.filter((c) => c.col === col(name));
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((c) => c.type === ExcelJS.ValueType.Number)).toBe(true);
    }
  });

  it('keeps the names as plain strings in the XLSX, exactly as typed, with number cells for money', async () => {
    const s = await schoolWithPayloads();
    const out = path.join(s.root, 'liste.xlsx');
    await s.client.call('forms.export', { jobId: s.jobId, format: 'xlsx', out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0]!;
    const all = cells(sheet);
    expect(all.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
    const names = all.filter((c) => c.col === 2 && c.row > 1);
    for (const payload of PAYLOADS)
      expect(names).toContainEqual(
        expect.objectContaining({ type: ExcelJS.ValueType.String, value: `${payload} Zoé` }),
      );
    expect(all.filter((c) => c.col === 6 && c.row > 1).every((c) => typeof c.value === 'number')).toBe(true);
  });

  it('neutralises the audit trail CSV and a card manifest CSV the same way', async () => {
    const s = await schoolWithPayloads();
    s.core.audit.record(s.core.jobs.get(s.jobId).db, 'export.written', "=cmd|' /C calc'!A0", {});
    const trail = await s.client.call('audit.export', { jobId: s.jobId });
    const auditSheet = await openCsv(trail.path);
    expectNoFormula(auditSheet);
    expect(cells(auditSheet).map((c) => c.value)).toContain("'=cmd|' /C calc'!A0");

    const dir = tempDir();
    const { csv } = await writeManifestFiles(
      dir,
      { number: 1, id: 'card', sourcePath: '/media/EOS' },
      'ok',
      true,
      [
        {
          file: "DCIM/=cmd|' /C calc'!A0.JPG",
          size: 1234,
          sha256: 'ab'.repeat(32),
          status: 'verified',
          reason: null,
          destinations: ['-originals/x.jpg'],
          verifiedAt: '2026-10-06T09:00:00.000Z',
          verifyMode: 'direct',
          photoId: null,
        },
        {
          file: "@SUM(1+1)*cmd|' /C calc'!A0.JPG",
          size: 99,
          sha256: null,
          status: 'failed',
          reason: '+lecture impossible',
          destinations: [],
          verifiedAt: null,
          verifyMode: null,
          photoId: null,
        },
      ],
    );
    const manifest = await openCsv(csv);
    expectNoFormula(manifest);
    expect(manifest.getRow(2).getCell(2).value).toBe(1234);
    expect(manifest.getRow(3).getCell(1).value).toBe("'@SUM(1+1)*cmd|' /C calc'!A0.JPG");
  });
});
