/**
 * Archives and spreadsheets with limits: zip bombs made here (a gigabyte of zeros deflates to about
 * a megabyte) as an XLSX roster and as a SIECLE export zip, with honest and with lying central
 * directories, are refused by the real `preau roster import` in a child process with a clear French
 * message, nothing imported, and the child's peak memory (its maximum resident set, read at exit)
 * under 200 MB. Entry count, nesting, encryption and folder depth are refused the same way, and
 * real workbooks and SIECLE zips written by the same writer still import.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRoster } from '../../src/main/core/roster/roster-parser';
import { customXlsx, siecleXml } from '../fixtures/roster-files';
import { deflatedEntry, deflatedZeros, entriesOf, writeZip, type RawEntry } from '../helpers/zip-bomb';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'dist/main/cli.js');
const GIB = 1024;
/** What a refused bomb may cost, whole process included. */
const PEAK_LIMIT_MB = 200;

let dir: string;
let zeros: RawEntry;
let workbook: RawEntry[];
let jobDir: string;
const global = () => ['--data', path.join(dir, 'data'), '--library', path.join(dir, 'library')];

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { cwd: repo, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  dir = mkdtempSync(path.join(os.tmpdir(), 'preau-bombs-'));
  zeros = await deflatedZeros(GIB, path.join(dir, 'zeros.deflate'));
  expect(zeros.data.length).toBeLessThan(2 * 1024 * 1024);
  workbook = await entriesOf(await customXlsx());
  // The peak memory of a run, written by the child itself as it exits.
  writeFileSync(
    path.join(dir, 'peak.cjs'),
    `process.on('exit', () => require('fs').writeFileSync(process.env.PEAK_FILE, String(process.resourceUsage().maxRSS)));\n`,
  );
  jobDir = path.join(dir, 'job');
  const created = spawnSync(
    process.execPath,
    [cli, ...global(), 'job', 'create', jobDir, '--school', 'Lycée Victor Hugo', '--town', 'Poitiers'],
    { encoding: 'utf8' },
  );
  expect(created.status, created.stderr).toBe(0);
  return () => fsp.rm(dir, { recursive: true, force: true });
}, 120_000);

/** `preau roster import` of these bytes in its own process: exit code, stderr, peak memory in MB. */
async function importInChild(name: string, bytes: Buffer) {
  const file = path.join(dir, name);
  await fsp.writeFile(file, bytes);
  const peakFile = path.join(dir, `${name}.peak`);
  const run = spawnSync(
    process.execPath,
    ['--require', path.join(dir, 'peak.cjs'), cli, ...global(), 'roster', 'import', file, '--job', jobDir],
    { encoding: 'utf8', env: { ...process.env, PEAK_FILE: peakFile }, timeout: 120_000 },
  );
  const peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
  return { code: run.status, err: run.stderr, out: run.stdout, peakMb };
}

function bombXlsx(declaredSize?: number): Buffer {
  return writeZip([...workbook, { ...zeros, name: 'xl/media/image1.png', declaredSize }]);
}

async function refusal(bytes: Buffer, file = 'liste.zip'): Promise<{ code: string; message: string }> {
  const error = await parseRoster(bytes, file).then(
    () => new Error('accepted'),
    (e: unknown) => e as { code: string; message: string },
  );
  return error as { code: string; message: string };
}

describe('zip-based rosters with limits', () => {
  it('refuses a 1 MB XLSX inflating to 1 GiB before inflating it, with a clear message and little memory', async () => {
    const bytes = bombXlsx();
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const run = await importInChild('eleves.xlsx', bytes);
    expect(run.code).toBe(1);
    expect(run.err).toContain('« eleves.xlsx » se décompresse en bien plus qu’une liste d’élèves');
    expect(run.err).toContain('Rien n’a été importé');
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(run.peakMb).toBeLessThan(PEAK_LIMIT_MB);
  }, 120_000);

  it('refuses an XLSX whose directory lies about the size, counting the bytes as they inflate', async () => {
    const run = await importInChild('menteur.xlsx', bombXlsx(4096));
    expect(run.code).toBe(1);
    expect(run.err).toContain('« menteur.xlsx » se décompresse en bien plus');
    expect(run.peakMb).toBeLessThan(PEAK_LIMIT_MB);
  }, 120_000);

  it('refuses SIECLE zip bombs, honest or lying, with little memory', async () => {
    for (const [name, declaredSize] of [
      ['ExportXML_ElevesSansAdresses.zip', undefined],
      ['ExportXML_menteur.zip', 10_000],
    ] as const) {
      const run = await importInChild(
        name,
        writeZip([{ ...zeros, name: 'ElevesSansAdresses.xml', declaredSize }]),
      );
      expect(run.code).toBe(1);
      expect(run.err).toContain(`« ${name} » se décompresse en bien plus qu’une liste d’élèves`);
      expect(run.peakMb).toBeLessThan(PEAK_LIMIT_MB);
    }
  }, 120_000);

  it('refuses too many entries, an archive inside the archive, encryption and deep folders, by name', async () => {
    const empty = (name: string) => deflatedEntry(name, Buffer.alloc(0));
    let e = await refusal(writeZip(Array.from({ length: 1500 }, (_, i) => empty(`f${i}.xml`))));
    expect(e.code).toBe('roster_zip_entries');
    expect(e.message).toContain('1500, au plus 1000');
    e = await refusal(writeZip([deflatedEntry('ExportXML_ElevesSansAdresses.zip', Buffer.from('PK'))]));
    expect(e.code).toBe('roster_zip_nested');
    expect(e.message).toContain('« ExportXML_ElevesSansAdresses.zip »');
    e = await refusal(
      writeZip([{ ...deflatedEntry('ElevesSansAdresses.xml', siecleXml()), encrypted: true }]),
    );
    expect(e.code).toBe('roster_zip_encrypted');
    e = await refusal(writeZip([empty(`${'a/'.repeat(40)}ElevesSansAdresses.xml`)]));
    expect(e.code).toBe('roster_zip_entries');
    expect(e.message).toContain('40, au plus 10');
    // A ratio no roster has, even under the size limit: 20 MiB of zeros in one entry.
    e = await refusal(writeZip([deflatedEntry('ElevesSansAdresses.xml', Buffer.alloc(20 * 1024 * 1024))]));
    expect(e.code).toBe('roster_zip_too_big');
  });

  it('still reads real workbooks and SIECLE zips, embedded objects included', async () => {
    const xlsx = await parseRoster(
      writeZip([...workbook, deflatedEntry('xl/embeddings/oleObject1.xlsx', Buffer.from('PK-embedded'))]),
      'eleves.xlsx',
    );
    expect(xlsx.encoding).toBe('XLSX');
    expect(xlsx.rows.map((r) => r.firstName)).toEqual(['Éloïse', 'Yanis', 'Maël']);
    const siecle = await parseRoster(
      writeZip([
        deflatedEntry('LISEZMOI.txt', Buffer.from('export')),
        deflatedEntry('ElevesSansAdresses.xml', siecleXml()),
      ]),
      'ExportXML_ElevesSansAdresses.zip',
    );
    expect(siecle.format).toBe('siecle_xml');
    expect(siecle.rows.length).toBeGreaterThan(0);
  });
});
