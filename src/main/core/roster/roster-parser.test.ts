import { describe, expect, it } from 'vitest';
import {
  customCsv,
  customXlsx,
  encodeText,
  ondeCsv,
  siecleCsv,
  siecleXml,
  zipOf,
  type TextEncoding,
} from '../../../../test/fixtures/roster-files';
import { AppError } from '../../lib/errors';
import { parseRoster } from './roster-parser';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('ONDE CSV extraction', () => {
  const encodings: [TextEncoding, string][] = [
    ['win1252', 'Windows-1252'],
    ['utf8', 'UTF-8'],
    ['utf8bom', 'UTF-8 (BOM)'],
    ['utf16le', 'UTF-16LE'],
    ['utf16be', 'UTF-16BE'],
  ];
  for (const [encoding, label] of encodings)
    it(`reads a ${label} file with accents kept exactly`, async () => {
      const parsed = await parseRoster(ondeCsv({ encoding }), 'CSVExtraction.csv');
      expect(parsed.encoding).toBe(label);
      expect(parsed.format).toBe('onde');
      expect(parsed.rows.map((r) => `${r.usageName || r.familyName} ${r.firstName}`)).toEqual([
        'LEFÈVRE Chloé',
        'N’DIAYE Aïssata',
        'DUPONT-MARTIN Jean-Baptiste',
        'ŒILLET Noël',
        'GARCIA Inès',
      ]);
      expect(parsed.rejected).toEqual([]);
    });

  it('understands the header variants and the leading space before « Cycle »', async () => {
    const parsed = await parseRoster(ondeCsv({ variant: 'variant', encoding: 'utf8' }), 'x.csv');
    expect(parsed.format).toBe('onde');
    expect(parsed.mapping).toMatchObject({
      usageName: 'Nom d’usage élève',
      birthDate: 'Date de naissance',
      className: 'Classe',
      level: 'Niveau',
    });
    expect(parsed.rows[2]).toMatchObject({
      usageName: 'DUPONT-MARTIN',
      familyName: 'MARTIN',
      classCode: '0002',
    });
  });

  it('keeps only names, class, level, birth date, INE and the photo hint: addresses are dropped', async () => {
    const parsed = await parseRoster(ondeCsv(), 'x.csv');
    const row = parsed.rows[0]!;
    expect(row).toEqual({
      line: 2,
      familyName: 'LEFÈVRE',
      usageName: '',
      firstName: 'Chloé',
      className: 'CE2 Mme Durand',
      classCode: '0001',
      level: 'CE2',
      birthDate: '2017-03-12',
      ine: '123456789AB',
      photoHint: 'yes',
    });
    expect(JSON.stringify(parsed.rows)).not.toContain('rue des Écoles');
    expect(parsed.usedColumns).not.toContain('Adresse1');
    expect(parsed.rows[1]!.photoHint).toBe('no');
    expect(parsed.rows[2]!.birthDate).toBe('2016-11-30');
  });

  it('rejects bad rows with their line and reason, and counts duplicates, keeping the rest', async () => {
    const parsed = await parseRoster(
      ondeCsv({
        extraLines: [
          ';;Paul;01/01/2017;M;;;;;;;;;; C3;CE2;CE2 Mme Durand;0001;;;;',
          'ROY;;Anna;31/02/2017;F;;;;;;;;;; C3;CE2;CE2 Mme Durand;0001;;;;',
          'GARCIA;;Inès;23/07/2015;F;;;;;;;;;; C3;CM2;CM2;0003;;;;',
          'SANS;;Classe;02/02/2016;F;;;;;;;;;; C3;CM1;;;;;;',
        ],
      }),
      'x.csv',
    );
    expect(parsed.rejected).toEqual([
      { line: 7, code: 'missing_name', value: 'Paul 01/01/2017 M' },
      { line: 8, code: 'bad_date', value: '31/02/2017' },
    ]);
    expect(parsed.duplicates).toEqual([{ line: 9, firstLine: 6, name: 'GARCIA Inès' }]);
    expect(parsed.rows.at(-1)).toMatchObject({ familyName: 'SANS', className: '' });
  });

  it('refuses a file with an unclosed quote, naming the line where it opens', async () => {
    const error = await failure(
      parseRoster(
        ondeCsv({
          encoding: 'utf8',
          extraLines: ['"BROKEN;;Léo;01/01/2017;M;;;;;;;;;; C3;CE2;CE2;0001;;;;', 'OK;;Max;01/01/2017;M'],
        }),
        'CSVExtraction.csv',
      ),
    );
    expect(error.code).toBe('roster_bad_quote');
    expect(error.params).toMatchObject({ file: 'CSVExtraction.csv', line: 7 });
    expect(error.message).toContain('ligne 7');
  });
});

describe('SIECLE', () => {
  it('reads ElevesSansAdresses.xml in ISO-8859-15: division as class, students who left skipped', async () => {
    const parsed = await parseRoster(siecleXml(), 'ElevesSansAdresses.xml');
    expect(parsed.encoding).toBe('ISO-8859-15');
    expect(parsed.format).toBe('siecle_xml');
    expect(parsed.left).toBe(1);
    expect(
      parsed.rows.map((r) => [r.usageName || r.familyName, r.firstName, r.className, r.ine, r.birthDate]),
    ).toEqual([
      ['BÉRANGER', 'Léa', '3A', '070123456AA', '2011-02-14'],
      ['DUBOIS', 'Théo', '3A', '070123457BB', '2011-06-30'],
      ['ÇELIK', 'Emre', '3B', '070123458CC', '2010-12-02'],
    ]);
    expect(parsed.rows[0]!.line).toBe(9);
  });

  it('names the e-mail, phone and parents fields of a SIECLE file as read but not kept (never « 0 columns »)', async () => {
    const parsed = await parseRoster(
      siecleXml(undefined, undefined, { contacts: true }),
      'ElevesAvecAdresses.xml',
    );
    const dropped = parsed.columns.filter((c) => !parsed.usedColumns.includes(c));
    expect(dropped).toEqual(expect.arrayContaining(['MEL', 'TEL_PORTABLE', 'RESPONSABLES › TEL_PERSONNEL']));
    expect(dropped).not.toContain('PRENOM');
    expect(JSON.stringify(parsed.rows)).not.toContain('example.org');
    const plain = await parseRoster(siecleXml(), 'ElevesSansAdresses.xml');
    expect(plain.columns.filter((c) => !plain.usedColumns.includes(c))).not.toContain('MEL');
  });

  it('reads the same XML inside its zip', async () => {
    const zip = await zipOf({ 'ElevesSansAdresses.xml': siecleXml() });
    const parsed = await parseRoster(zip, 'ExportXML_ElevesSansAdresses.zip');
    expect(parsed.format).toBe('siecle_xml');
    expect(parsed.rows).toHaveLength(3);
  });

  it('refuses a zip without a roster and a truncated XML, naming the line', async () => {
    const zip = await zipOf({ 'notes.txt': Buffer.from('bonjour') });
    expect((await failure(parseRoster(zip, 'a.zip'))).code).toBe('roster_zip_without_roster');
    const truncated = siecleXml().subarray(0, 600);
    const error = await failure(parseRoster(truncated, 'ElevesSansAdresses.xml'));
    expect(error.code).toBe('roster_bad_xml');
    expect(Number(error.params.line)).toBeGreaterThan(1);
  });

  it('reads a SIECLE CSV with Excel ="3A" escapes, dropping the phone column', async () => {
    const parsed = await parseRoster(siecleCsv(), 'export.csv');
    expect(parsed.format).toBe('siecle_csv');
    expect(parsed.rows.map((r) => [r.familyName, r.className, r.birthDate])).toEqual([
      ['BÉRANGER', '3A', '2011-02-14'],
      ['DUBOIS', '3A', '2011-06-30'],
      ['ÇELIK', '3B', '2010-12-02'],
    ]);
    expect(JSON.stringify(parsed.rows)).not.toContain('0611223344');
  });
});

describe('other spreadsheets', () => {
  it('asks for a mapping when columns are not recognised, then applies it (title row skipped, combined name split)', async () => {
    const first = await parseRoster(customCsv(), 'inscrits.csv');
    expect(first.needsMapping).toBe(true);
    expect(first.columns).toEqual(['Enfant', 'Groupe', 'Né le', 'Courriel parent']);

    const mapped = await parseRoster(customCsv(), 'inscrits.csv', {
      mapping: { fullName: 'Enfant', className: 'Groupe', birthDate: 'Né le' },
    });
    expect(mapped.needsMapping).toBe(false);
    expect(mapped.rows.map((r) => [r.familyName, r.firstName, r.className, r.birthDate, r.line])).toEqual([
      ['MOREAU', 'Lucas', 'Petits', '2022-01-15', 3],
      ['DA SILVA', 'Maria Clara', 'Petits', '2021-12-02', 4],
      ['BLANC', 'Théa', 'Moyens', '2021-03-08', 5],
    ]);
    expect(JSON.stringify(mapped.rows)).not.toContain('example.org');
  });

  it('offers a saved mapping again for a file with the same headers', async () => {
    const saved = { fullName: 'Enfant', className: 'Groupe' };
    const parsed = await parseRoster(customCsv(), 'autre-nom.csv', {
      savedMapping: (signature) => (signature === 'enfant|groupe|ne le|courriel parent' ? saved : undefined),
    });
    expect(parsed.mapping).toEqual(saved);
    expect(parsed.rows).toHaveLength(3);
  });

  it('refuses a mapping naming a column the file does not have', async () => {
    const error = await failure(
      parseRoster(customCsv(), 'inscrits.csv', { mapping: { fullName: 'Enfant', className: 'Division' } }),
    );
    expect(error.code).toBe('roster_mapping_column_missing');
    expect(error.params.column).toBe('Division');
  });

  it('reads an XLSX sheet, real date cells included', async () => {
    const parsed = await parseRoster(await customXlsx(), 'liste.xlsx');
    expect(parsed.format).toBe('xlsx');
    expect(parsed.rows.map((r) => [r.familyName, r.firstName, r.className, r.birthDate, r.line])).toEqual([
      ['ROUSSEAU', 'Éloïse', 'GS', '2020-05-17', 2],
      ['PETIT', 'Yanis', 'GS', '2020-11-03', 3],
      ['FAURE', 'Maël', 'MS', '2021-09-01', 4],
    ]);
  });

  it('reads tab-separated UTF-16 text as spreadsheets save it', async () => {
    const text = 'Nom\tPrénom\tClasse\r\nVIDAL\tJosé\tCP\r\nHUGO\tLéon\tCP\r\n';
    const parsed = await parseRoster(encodeText(text, 'utf16le'), 'liste.txt');
    expect(parsed.encoding).toBe('UTF-16LE');
    expect(parsed.rows.map((r) => `${r.familyName} ${r.firstName} ${r.className}`)).toEqual([
      'VIDAL José CP',
      'HUGO Léon CP',
    ]);
  });

  it('reads a SIECLE XML re-saved as UTF-16 with a BOM', async () => {
    const xml = siecleXml(undefined, 'UTF-8')
      .toString('utf8')
      .replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const parsed = await parseRoster(encodeText(xml, 'utf16le'), 'ElevesSansAdresses.xml');
    expect(parsed.format).toBe('siecle_xml');
    expect(parsed.rows.map((r) => r.familyName)).toEqual(['BÉRANGER', 'KOWALSKI', 'ÇELIK']);
  });

  it('asks for .xlsx or CSV when given an Excel 97-2003 file', async () => {
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    const error = await failure(parseRoster(xls, 'eleves.xls'));
    expect(error.code).toBe('roster_old_excel');
    expect(error.message).toContain('enregistrez-le en .xlsx ou en CSV');
  });

  it('refuses empty and binary files with a clear message', async () => {
    expect((await failure(parseRoster(Buffer.alloc(0), 'vide.csv'))).code).toBe('roster_empty');
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
    const error = await failure(parseRoster(binary, 'photo.png'));
    expect(error.code).toBe('roster_unsupported');
    expect(error.message).toContain('photo.png');
  });
});
