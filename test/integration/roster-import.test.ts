import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RpcCallError, type Client } from '../../src/shared/rpc/client';
import {
  ondeCsv,
  customCsv,
  siecleXml,
  zipOf,
  type FixtureStudent,
  ONDE_STUDENTS,
} from '../fixtures/roster-files';
import { testCore } from '../helpers/core';

async function setup() {
  const t = await testCore();
  const client = t.core.client();
  const job = await client.call('jobs.create', {
    schoolName: 'École élémentaire Jules Ferry',
    town: 'Lyon',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const file = async (name: string, data: Buffer) => {
    const p = path.join(t.root, name);
    await fsp.writeFile(p, data);
    return p;
  };
  return { ...t, client, job, file };
}

async function rpcError(promise: Promise<unknown>): Promise<RpcCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcCallError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const namesOf = async (client: Client, jobId: string) =>
  (await client.call('students.list', { jobId })).map((s) => `${s.displayName} ${s.firstName}`);

describe('roster import through the core', () => {
  it('previews an ONDE file without writing, then imports it', async () => {
    const { client, job, file } = await setup();
    const p = await file('CSVExtraction.csv', ondeCsv());
    const preview = await client.call('roster.preview', { jobId: job.id, path: p });
    expect(preview).toMatchObject({
      encoding: 'Windows-1252',
      format: 'onde',
      students: 5,
      withoutClass: 0,
      photoHints: 4,
      written: false,
      merge: { matched: 0, added: 5, missing: [] },
    });
    expect(preview.classes).toEqual([
      { label: 'CE2 Mme Durand', students: 2, isNew: true },
      { label: 'CM1 M. Noël', students: 2, isNew: true },
      { label: 'CM2', students: 1, isNew: true },
    ]);
    expect(await client.call('students.list', { jobId: job.id })).toEqual([]);
    const dry = await client.call('roster.import', { jobId: job.id, path: p, dryRun: true });
    expect(dry.written).toBe(false);
    expect(await client.call('classes.list', { jobId: job.id })).toEqual([]);

    const imported = await client.call('roster.import', { jobId: job.id, path: p });
    expect(imported.written).toBe(true);
    const classes = await client.call('classes.list', { jobId: job.id });
    expect(classes.map((c) => [c.label, c.code, c.level, c.students])).toEqual([
      ['CE2 Mme Durand', '0001', 'CE2', 2],
      ['CM1 M. Noël', '0002', 'CM1', 2],
      ['CM2', '0003', 'CM2', 1],
    ]);
    const students = await client.call('students.list', { jobId: job.id });
    expect(students.map((s) => `${s.displayName} ${s.firstName}`)).toEqual([
      'LEFÈVRE Chloé',
      'N’DIAYE Aïssata',
      'DUPONT-MARTIN Jean-Baptiste',
      'ŒILLET Noël',
      'GARCIA Inès',
    ]);
    // The school's « Autorisation photo » is a hint, never a consent.
    const chloe = students.find((s) => s.firstName === 'Chloé')!;
    expect(chloe.photoHint).toBe('yes');
    expect(chloe.consent.photo).toBe('pending');
  });

  it('stores no address, phone or e-mail from the file', async () => {
    const { client, job, file } = await setup();
    await client.call('roster.import', { jobId: job.id, path: await file('CSVExtraction.csv', ondeCsv()) });
    await client.call('jobs.close', { jobId: job.id });
    const db = await fsp.readFile(path.join(job.path, 'job.preau.sqlite'));
    expect(db.includes(Buffer.from('rue des'))).toBe(false);
    expect(db.includes(Buffer.from('75011'))).toBe(false);
    expect(db.includes(Buffer.from('Chloé'))).toBe(true);
  });

  it('re-import of a changed roster keeps ids and consent, adds new students and lists missing ones without deleting them', async () => {
    const { client, job, file } = await setup();
    await client.call('roster.import', { jobId: job.id, path: await file('v1.csv', ondeCsv()) });
    const before = await client.call('students.list', { jobId: job.id });
    const chloe = before.find((s) => s.firstName === 'Chloé')!;
    const ines = before.find((s) => s.firstName === 'Inès')!;
    for (const holder of ['parent1', 'parent2'] as const)
      await client.call('consent.record', {
        jobId: job.id,
        studentId: chloe.id,
        use: 'photo',
        holder,
        decision: 'granted',
        decidedOn: '2026-09-10',
        source: 'paper_form',
      });

    const changed: FixtureStudent[] = [
      // Chloé moved class and her first name lost its accent in the new export; matched by INE.
      { ...ONDE_STUDENTS[0]!, first: 'Chloe', classLabel: 'CM1 M. Noël', classId: '0002', level: 'CM1' },
      ONDE_STUDENTS[1]!,
      ONDE_STUDENTS[2]!,
      ONDE_STUDENTS[3]!,
      {
        family: 'NOUVEAU',
        first: 'Sacha',
        birth: '09/09/2017',
        level: 'CE2',
        classLabel: 'CE2 Mme Durand',
        classId: '0001',
      },
    ];
    const p = await file('v2.csv', ondeCsv({ students: changed, encoding: 'utf8bom' }));
    const preview = await client.call('roster.preview', { jobId: job.id, path: p });
    expect(preview.merge.matched).toBe(4);
    expect(preview.merge.added).toBe(1);
    expect(preview.merge.missing).toEqual([{ id: ines.id, name: 'GARCIA Inès', classLabel: 'CM2' }]);

    await client.call('roster.import', { jobId: job.id, path: p });
    const after = await client.call('students.list', { jobId: job.id });
    const chloeAfter = after.find((s) => s.id === chloe.id)!;
    expect(chloeAfter.firstName).toBe('Chloe');
    expect(chloeAfter.consent.photo).toBe('allowed');
    const classes = await client.call('classes.list', { jobId: job.id });
    expect(classes.find((c) => c.id === chloeAfter.classId)!.label).toBe('CM1 M. Noël');
    expect(after.map((s) => s.firstName)).toContain('Sacha');
    // Inès is not in the new file: still there until the user archives her.
    expect(after.find((s) => s.id === ines.id)).toBeDefined();
    const archived = await client.call('students.archive', {
      jobId: job.id,
      studentIds: preview.merge.missing.map((m) => m.id),
    });
    expect(archived.count).toBe(1);
    expect((await client.call('students.list', { jobId: job.id })).map((s) => s.id)).not.toContain(ines.id);
    expect(
      (await client.call('students.list', { jobId: job.id, includeArchived: true })).map((s) => s.id),
    ).toContain(ines.id);
  });

  it('matches students without INE on names and birth date', async () => {
    const { client, job, file } = await setup();
    await client.call('roster.import', { jobId: job.id, path: await file('a.csv', ondeCsv()) });
    const aissata = (await client.call('students.list', { jobId: job.id })).find(
      (s) => s.firstName === 'Aïssata',
    )!;
    const preview = await client.call('roster.preview', {
      jobId: job.id,
      path: await file('b.csv', ondeCsv({ variant: 'variant', encoding: 'utf8' })),
    });
    expect(preview.merge).toMatchObject({ matched: 5, added: 0, missing: [] });
    await client.call('roster.import', {
      jobId: job.id,
      path: await file('b.csv', ondeCsv({ encoding: 'utf8' })),
    });
    expect(
      (await client.call('students.list', { jobId: job.id })).find((s) => s.firstName === 'Aïssata')!.id,
    ).toBe(aissata.id);
  });

  it('a re-import from a file without classes keeps the classes students already have', async () => {
    const { client, job, file } = await setup();
    await client.call('roster.import', { jobId: job.id, path: await file('onde.csv', ondeCsv()) });
    const before = await client.call('students.list', { jobId: job.id });
    const names = 'Nom;Prénom\nLEFÈVRE;Chloé\nGARCIA;Inès\nTARDIF;Paul\n';
    const result = await client.call('roster.import', {
      jobId: job.id,
      path: await file('noms.csv', Buffer.from(names)),
    });
    expect(result).toMatchObject({
      format: 'csv',
      students: 3,
      withoutClass: 3,
      merge: { matched: 2, added: 1 },
    });
    const after = await client.call('students.list', { jobId: job.id });
    for (const s of before.filter((b) => ['Chloé', 'Inès'].includes(b.firstName)))
      expect(after.find((a) => a.id === s.id)!.classId).toBe(s.classId);
    expect(after.find((a) => a.firstName === 'Paul')!.classId).toBeNull();
  });

  it('imports a SIECLE zip: divisions become classes, students who left are not imported', async () => {
    const { client, job, file } = await setup();
    const p = await file(
      'ExportXML_ElevesSansAdresses.zip',
      await zipOf({ 'ElevesSansAdresses.xml': siecleXml() }),
    );
    const result = await client.call('roster.import', { jobId: job.id, path: p });
    expect(result).toMatchObject({ encoding: 'ISO-8859-15', format: 'siecle_xml', students: 3, left: 1 });
    expect((await client.call('classes.list', { jobId: job.id })).map((c) => [c.label, c.students])).toEqual([
      ['3A', 2],
      ['3B', 1],
    ]);
  });

  it('refuses a malformed file with the line named and writes nothing, even over an existing roster', async () => {
    const { client, job, file } = await setup();
    await client.call('roster.import', { jobId: job.id, path: await file('ok.csv', ondeCsv()) });
    const before = await namesOf(client, job.id);
    const broken = ondeCsv({
      students: [{ family: 'AUTRE', first: 'Élève', birth: '01/01/2017', level: 'CP', classLabel: 'CP' }],
      extraLines: ['"DUPUIS;;Léa;01/01/2017;F'],
    });
    const error = await rpcError(
      client.call('roster.import', { jobId: job.id, path: await file('casse.csv', broken) }),
    );
    expect(error.code).toBe('roster_bad_quote');
    expect(error.message).toBe(
      'Le fichier « casse.csv » est mal formé à la ligne 3 : un guillemet est ouvert et jamais refermé. Corrigez cette ligne (ou réexportez le fichier) puis recommencez ; rien n’a été importé.',
    );
    expect(await namesOf(client, job.id)).toEqual(before);
    expect((await client.call('classes.list', { jobId: job.id })).map((c) => c.label)).not.toContain('CP');

    const xml = await rpcError(
      client.call('roster.import', {
        jobId: job.id,
        path: await file('E.xml', siecleXml().subarray(0, 700)),
      }),
    );
    expect(xml.code).toBe('roster_bad_xml');
    expect(xml.message).toMatch(/ligne \d+/);
    const missing = await rpcError(
      client.call('roster.preview', { jobId: job.id, path: path.join(job.path, 'nope.csv') }),
    );
    expect(missing.code).toBe('not_found');
    expect(await namesOf(client, job.id)).toEqual(before);
  });

  it('refuses to import unrecognised columns until mapped, then saves the mapping and offers it in another job', async () => {
    const { client, job, file } = await setup();
    const p = await file('inscrits.csv', customCsv());
    const preview = await client.call('roster.preview', { jobId: job.id, path: p });
    expect(preview.needsMapping).toBe(true);
    const error = await rpcError(client.call('roster.import', { jobId: job.id, path: p }));
    expect(error.code).toBe('roster_needs_mapping');
    expect(await client.call('students.list', { jobId: job.id })).toEqual([]);

    const mapping = { fullName: 'Enfant', className: 'Groupe', birthDate: 'Né le' };
    const imported = await client.call('roster.import', {
      jobId: job.id,
      path: p,
      mapping,
      profileName: 'Maternelle Pasteur',
    });
    expect(imported.students).toBe(3);
    expect(imported.usedColumns).not.toContain('Courriel parent');
    expect(await client.call('roster.mappings', {})).toMatchObject([{ name: 'Maternelle Pasteur', mapping }]);

    const other = await client.call('jobs.create', {
      schoolName: 'École maternelle Pasteur',
      schoolYear: '2027-2028',
    });
    const again = await client.call('roster.preview', {
      jobId: other.id,
      path: await file('inscrits-2027.csv', customCsv()),
    });
    expect(again).toMatchObject({ needsMapping: false, mappingProfile: 'Maternelle Pasteur', students: 3 });
  });
});
