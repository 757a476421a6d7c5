import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

async function job() {
  const root = tempDir();
  const global = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
  const dir = path.join(root, 'job');
  expect(
    (await run([...global, 'job', 'create', dir, '--school', 'École Jules Ferry', '--year', '2026-2027']))
      .code,
  ).toBe(0);
  return { root, global, dir };
}

describe('preau forms', () => {
  it('refuses to build forms before the association is named, saying what to do', async () => {
    const { global, dir } = await job();
    const r = await run([...global, 'forms', 'build', '--job', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nom légal de l’association');
  });

  it('builds nothing but a clear report while no photos are labeled, and exports an empty list', async () => {
    const { root, global, dir } = await job();
    // The association and a student, through the same core the app uses.
    const { createCore } = await import('../../src/main/core/core');
    const core = await createCore({
      dataDir: path.join(root, 'data'),
      libraryDir: path.join(root, 'lib'),
      host: 'test',
    });
    const client = core.client();
    const opened = await client.call('jobs.open', { path: dir });
    await client.call('school.update', {
      jobId: opened.id,
      patch: { association: { legalName: 'APE Jules Ferry' } },
    });
    const cls = await client.call('classes.add', { jobId: opened.id, label: 'CP' });
    await client.call('students.add', {
      jobId: opened.id,
      classId: cls.id,
      familyName: 'Durand',
      firstName: 'Élise',
    });
    await core.close();

    const built = await run([...global, 'forms', 'build', '--job', dir, '--json']);
    expect(built.code).toBe(0);
    expect(built.out).toContain('0 bon de commande pour 0 élève.');
    expect(built.out).toContain('CP — Élise Durand : pas d’autorisation valable');
    expect(JSON.parse(built.out.trim().split('\n').at(-1)!)).toMatchObject({ forms: 0, skipped: 1 });

    const wrongClass = await run([...global, 'forms', 'build', '--job', dir, '--class', 'CM2']);
    expect(wrongClass.code).toBe(2);
    expect(wrongClass.err).toContain('Aucune classe « CM2 » dans ce reportage. Classes existantes : CP.');

    const out = path.join(root, 'liste.csv');
    const exported = await run([...global, 'forms', 'export', '--job', dir, '--format', 'csv', '--out', out]);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      '\uFEFFClasse;Élève;Code;Réf.;Produit;Prix unitaire TTC (€);Quantité;Total TTC (€);Paiement;N° de chèque\r\n',
    );
    const bad = await run([...global, 'forms', 'export', '--job', dir, '--format', 'pdf']);
    expect(bad.code).toBe(2);
  });
});
