/**
 * `preau student export|erase` in-process over a real job folder: the student found by « NOM
 * Prénom » or id, French messages without a stack, exit codes 0 (done), 1 (the work failed), 2
 * (usage: unknown or ambiguous student, erasure without --yes and no terminal to ask).
 */
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { pdfText } from '../helpers/pdf';
import { runCli as run } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

async function job(options: { association?: boolean } = {}) {
  const root = tempDir();
  const global = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
  const dir = path.join(root, 'job');
  expect(
    (await run([...global, 'job', 'create', dir, '--school', 'École Jules Ferry', '--year', '2026-2027']))
      .code,
  ).toBe(0);
  const core = await createCore({
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'lib'),
    host: 'test',
    logger: silentLogger,
  });
  const client = core.client();
  const opened = await client.call('jobs.open', { path: dir });
  if (options.association !== false)
    await client.call('school.update', {
      jobId: opened.id,
      patch: { association: { legalName: 'APE de l’école Jules Ferry', contactEmail: 'ape@example.fr' } },
    });
  const cls = await client.call('classes.add', { jobId: opened.id, label: 'CP' });
  const ids: Record<string, string> = {};
  for (const [familyName, firstName] of [
    ['Lefèvre', 'Élise'],
    ['Martin', 'Hugo'],
    ['Martin', 'Hugo'],
    ['Petit', 'Zoé'],
  ] as const) {
    const s = await client.call('students.add', { jobId: opened.id, classId: cls.id, familyName, firstName });
    ids[`${familyName} ${firstName}`] ??= s.id;
  }
  if (options.association !== false) {
    await client.call('forms.build', { jobId: opened.id });
    await client.call('shootList.pdf', { jobId: opened.id });
  }
  await core.close();
  return { root, global, dir, ids };
}

describe('preau student', () => {
  it('exports a student named as « NOM Prénom », accents and case aside, to the job or to --out', async () => {
    const { root, global, dir } = await job();
    const r = await run([...global, 'student', 'export', '--job', dir, '--student', 'LEFEVRE élise']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Export du droit d’accès écrit :');
    expect(r.out).toContain('au nom de l’association');
    const written = (await fsp.readdir(path.join(dir, 'exports', 'droit-d-acces'))).filter((n) =>
      n.endsWith('.zip'),
    );
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^Droit d’accès - Lefèvre Élise - \d{4}-\d{2}-\d{2}\.zip$/);

    const out = path.join(root, 'pour la famille.zip');
    const again = await run([
      ...global,
      'student',
      'export',
      '--job',
      dir,
      '--student',
      'Zoé Petit',
      '--out',
      out,
    ]);
    expect(again.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('says which students match or come close, with exit code 2', async () => {
    const { global, dir, ids } = await job();
    const twice = await run([...global, 'student', 'export', '--job', dir, '--student', 'MARTIN Hugo']);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('Plusieurs élèves s’appellent « MARTIN Hugo »');
    expect(twice.err).toContain('Désignez-le par son id');
    const unknown = await run([...global, 'student', 'erase', '--job', dir, '--student', 'Lefev']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'Aucun élève « Lefev » dans ce reportage. Élèves proches : Lefèvre Élise (CP',
    );
    const byId = await run([
      ...global,
      'student',
      'erase',
      '--job',
      dir,
      '--student',
      ids['Martin Hugo']!,
      '--dry-run',
    ]);
    expect(byId.code).toBe(0);
  });

  it('refuses an access export while the association (the data controller) is not named, exit code 1', async () => {
    const { global, dir } = await job({ association: false });
    const r = await run([...global, 'student', 'export', '--job', dir, '--student', 'Petit Zoé']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Le nom légal de l’association manque');
    expect(r.err).not.toMatch(/at .*\.ts|Error:/);
  });

  it('shows the dry run, needs --yes without a terminal, then erases and says what was done', async () => {
    const { global, dir } = await job();
    const dry = await run([
      ...global,
      'student',
      'erase',
      '--job',
      dir,
      '--student',
      'Petit Zoé',
      '--dry-run',
      '--json',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Essai d’effacement de Zoé Petit (rien n’est encore supprimé)');
    expect(dry.out).toContain('1 × liste de prise de vue : à refaire sans l’élève');
    expect(dry.out).toContain('1 × rapport des bons de commande : à refaire sans l’élève');
    expect(JSON.parse(dry.out.trim().split('\n').at(-1)!)).toMatchObject({
      dryRun: true,
      filesRegenerated: 2,
    });

    const noTerminal = await run([...global, 'student', 'erase', '--job', dir, '--student', 'Petit Zoé']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.err).toContain('ajoutez --yes');

    const done = await run([
      ...global,
      'student',
      'erase',
      '--job',
      dir,
      '--student',
      'Petit Zoé',
      '--yes',
      '--json',
    ]);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toContain(
      'Élève effacé : 0 photo, 0 fichier supprimé, 2 fichiers refaits sans l’élève.',
    );
    expect(JSON.parse(done.out.trim().split('\n').at(-1)!)).toMatchObject({ dryRun: false, filesFailed: 0 });
    const list = await pdfText(path.join(dir, 'exports', 'liste-prise-de-vue-CP.pdf'));
    expect(list).toContain('Lefèvre');
    expect(list).not.toContain('Zoé');
    const report = await fsp.readFile(
      path.join(dir, 'exports', 'bons-de-commande', 'Bons de commande - rapport.txt'),
      'utf8',
    );
    expect(report).toContain('Élise Lefèvre');
    expect(report).not.toContain('Zoé');

    const gone = await run([...global, 'student', 'erase', '--job', dir, '--student', 'Petit Zoé', '--yes']);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('Aucun élève « Petit Zoé »');
  });
});
