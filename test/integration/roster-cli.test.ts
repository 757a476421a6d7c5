import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { customCsv, ondeCsv } from '../fixtures/roster-files';
import { runCli as run } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

async function jobWithFiles() {
  const root = tempDir();
  const global = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
  const dir = path.join(root, 'job');
  expect(
    (await run([...global, 'job', 'create', dir, '--school', 'École Jules Ferry', '--year', '2026-2027']))
      .code,
  ).toBe(0);
  const onde = path.join(root, 'CSVExtraction.csv');
  await fsp.writeFile(
    onde,
    ondeCsv({
      extraLines: [
        'ROY;;Anna;31/02/2017;F;;;;;;;;;; C3;CE2;CE2 Mme Durand;0001;;;;',
        'GARCIA;;Inès;23/07/2015;F;;;;;;;;;; C3;CM2;CM2;0003;;;;',
      ],
    }),
  );
  return { root, global, dir, onde };
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('preau roster import', () => {
  it('prints the preview and, with --json, ends with one JSON object; --dry-run writes nothing', async () => {
    const { global, dir, onde } = await jobWithFiles();
    const dry = await run([...global, 'roster', 'import', onde, '--job', dir, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Aperçu seulement : rien n’a été écrit.');
    expect(dry.out).toContain('ligne 7 : date de naissance illisible « 31/02/2017 »');
    expect(dry.out).toContain('Colonnes ignorées, rien n’en est conservé : Sexe, Adresse1');
    expect(lastJson(dry.out)).toEqual({
      encoding: 'Windows-1252',
      format: 'onde',
      classes: { 'CE2 Mme Durand': 2, 'CM1 M. Noël': 2, CM2: 1 },
      students: 5,
      rejected: [{ line: 7, reason: 'date de naissance illisible « 31/02/2017 » (attendu jj/mm/aaaa)' }],
      duplicates: 1,
    });

    const real = await run([...global, 'roster', 'import', onde, '--job', dir, '--json']);
    expect(real.code).toBe(0);
    expect(real.out).toContain('Import terminé.');
    expect(real.out).toContain('0 déjà connus, 5 nouveaux');
    const again = await run([...global, 'roster', 'import', onde, '--job', dir, '--dry-run']);
    expect(again.out).toContain('5 déjà connus, 0 nouveaux');
  });

  it('takes a mapping as inline JSON, then recognises the file by its saved profile', async () => {
    const { root, global, dir } = await jobWithFiles();
    const file = path.join(root, 'inscrits.csv');
    await fsp.writeFile(file, customCsv());
    const unmapped = await run([...global, 'roster', 'import', file, '--job', dir]);
    expect(unmapped.code).toBe(1);
    expect(unmapped.err).toContain('Les colonnes du fichier « inscrits.csv » n’ont pas été reconnues');

    const mapping = JSON.stringify({ fullName: 'Enfant', className: 'Groupe', birthDate: 'Né le' });
    const mapped = await run([
      ...global,
      'roster',
      'import',
      file,
      '--job',
      dir,
      '--mapping',
      mapping,
      '--json',
    ]);
    expect(mapped.code).toBe(0);
    expect(lastJson(mapped.out)).toMatchObject({
      format: 'csv',
      students: 3,
      classes: { Petits: 2, Moyens: 1 },
    });
    const next = await run([...global, 'roster', 'import', file, '--job', dir, '--dry-run']);
    expect(next.out).toContain('Correspondance enregistrée appliquée : inscrits.csv');
  });

  it('reports a malformed file on stderr with its line and exit code 1', async () => {
    const { root, global, dir } = await jobWithFiles();
    const file = path.join(root, 'casse.csv');
    await fsp.writeFile(file, ondeCsv({ extraLines: ['"OUVERT;;Léa;01/01/2017'] }));
    const result = await run([...global, 'roster', 'import', file, '--job', dir, '--json']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('mal formé à la ligne 7');
    const bad = await run([...global, 'roster', 'import', file, '--job', dir, '--mapping', '{nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('correspondance illisible');
  });
});
