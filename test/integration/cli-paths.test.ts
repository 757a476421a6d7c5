/**
 * Every mistake a user makes with a path at the command line has its own message, in the studio's
 * language, without a stack and without « Erreur inattendue »: an existing folder given as the file
 * to write, a folder that does not exist (never created silently), a name or path too long, a file
 * where a folder is expected and the reverse, a data folder that cannot be written. Nothing is
 * created on the way.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
// temp-dir first: its clean-up then runs after read-only-dir's unmount (hooks run in reverse order).
import { tempDir } from '../helpers/temp-dir';
import { readOnlyDir } from '../helpers/read-only-dir';
import { runCli } from '../helpers/run-cli';

async function studio(language: 'fr' | 'en' = 'fr') {
  const root = tempDir();
  const global = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
  const jobDir = path.join(root, 'job');
  const core = await createCore({
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'lib'),
    host: 'test',
  });
  const client = core.client();
  const job = await client.call('jobs.create', {
    dir: jobDir,
    schoolName: 'École Jules Ferry',
    schoolYear: '2026-2027',
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: { association: { legalName: 'APE Jules Ferry' } },
  });
  if (language === 'en') await client.call('settings.update', { language: 'en' });
  await core.close();
  return { root, global, jobDir };
}

/** A failure said in words: exit code, no stack, no internal error, no raw system error code. */
function expectClearFailure(r: { code: number; out: string; err: string }, code = 1): void {
  expect(r.code, r.err).toBe(code);
  expect(r.err).toMatch(/^(Erreur|Error) : /);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err).not.toContain('inattendue');
  expect(r.err).not.toMatch(/\b(ENOENT|EISDIR|ENAMETOOLONG|EACCES|EROFS|EPERM)\b/);
}

const long = 'é'.repeat(150) + 'x'.repeat(150);

describe('preau forms with wrong output paths', () => {
  it('refuses an existing folder as the file to write, suggesting a file inside it', async () => {
    const { root, global, jobDir } = await studio();
    const folder = path.join(root, 'Bureau');
    mkdirSync(folder);
    const r = await runCli([
      ...global,
      'forms',
      'export',
      '--job',
      jobDir,
      '--format',
      'csv',
      '--out',
      folder,
    ]);
    expectClearFailure(r);
    expect(r.err).toContain(`« ${folder} » est un dossier : indiquez le fichier à écrire`);
    expect(r.err).toContain(path.join(folder, 'Liste des bons de commande.csv'));
    expect(readdirSync(root)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a file in a folder that does not exist, and creates nothing', async () => {
    const { root, global, jobDir } = await studio();
    const out = path.join(root, 'nonexistent', 'dir', 'x.csv');
    const r = await runCli([...global, 'forms', 'export', '--job', jobDir, '--format', 'xlsx', '--out', out]);
    expectClearFailure(r);
    expect(r.err).toContain(`Le dossier « ${path.dirname(out)} » n’existe pas`);
    expect(existsSync(path.join(root, 'nonexistent'))).toBe(false);
  });

  it('refuses a file name too long for the disk, and a file used as a folder', async () => {
    const { root, global, jobDir } = await studio();
    const tooLong = await runCli([
      ...global,
      'forms',
      'export',
      '--job',
      jobDir,
      '--format',
      'csv',
      '--out',
      path.join(root, `${long}.csv`),
    ]);
    expectClearFailure(tooLong);
    expect(tooLong.err).toContain('est trop long (304 caractères)');
    writeFileSync(path.join(root, 'notes.txt'), 'x');
    const underFile = await runCli([
      ...global,
      'forms',
      'export',
      '--job',
      jobDir,
      '--format',
      'csv',
      '--out',
      path.join(root, 'notes.txt', 'x.csv'),
    ]);
    expectClearFailure(underFile);
    expect(underFile.err).toContain(`« ${path.join(root, 'notes.txt')} » est un fichier, pas un dossier`);
  });

  it('builds order forms only into a folder that exists or can be made in an existing one', async () => {
    const { root, global, jobDir } = await studio();
    const deep = path.join(root, 'missing', 'deep', 'forms');
    const missing = await runCli([...global, 'forms', 'build', '--job', jobDir, '--out', deep]);
    expectClearFailure(missing);
    expect(missing.err).toContain(`Le dossier « ${path.dirname(deep)} » n’existe pas`);
    expect(existsSync(path.join(root, 'missing'))).toBe(false);

    writeFileSync(path.join(root, 'a-file'), 'x');
    const file = await runCli([
      ...global,
      'forms',
      'build',
      '--job',
      jobDir,
      '--out',
      path.join(root, 'a-file'),
    ]);
    expectClearFailure(file);
    expect(file.err).toContain(`« ${path.join(root, 'a-file')} » est un fichier, pas un dossier`);

    const fresh = await runCli([
      ...global,
      'forms',
      'build',
      '--job',
      jobDir,
      '--out',
      path.join(root, 'bons'),
    ]);
    expect(fresh.code, fresh.err).toBe(0);
    expect(existsSync(path.join(root, 'bons', 'Bons de commande - rapport.txt'))).toBe(true);
  });

  it('says it in English when the studio speaks English', async () => {
    const { root, global, jobDir } = await studio('en');
    const r = await runCli([...global, 'forms', 'export', '--job', jobDir, '--format', 'csv', '--out', root]);
    expectClearFailure(r);
    expect(r.err).toContain(`“${root}” is a folder: give the file to write`);
  });
});

describe('preau job create with wrong folders', () => {
  it('refuses a 300-character folder name with its own message, not an internal error', async () => {
    const { root, global } = await studio();
    const r = await runCli([...global, 'job', 'create', path.join(root, long), '--school', 'École X']);
    expectClearFailure(r);
    expect(r.err).toContain('Choisissez un nom plus court');
    expect(r.err).toContain(`« ${'é'.repeat(40)}… »`);
  });

  it('creates the folder it is given, but not the missing folders above it', async () => {
    const { root, global } = await studio();
    const job = path.join(root, 'Reportages', '2026', 'Ecole');
    const r = await runCli([...global, 'job', 'create', job, '--school', 'École X']);
    expectClearFailure(r);
    expect(r.err).toContain(`Le dossier « ${path.join(root, 'Reportages', '2026')} » n’existe pas`);
    expect(existsSync(path.join(root, 'Reportages'))).toBe(false);

    writeFileSync(path.join(root, 'a-file'), 'x');
    const underFile = await runCli([
      ...global,
      'job',
      'create',
      path.join(root, 'a-file', 'job'),
      '--school',
      'X',
    ]);
    expectClearFailure(underFile);
    expect(underFile.err).toContain(`« ${path.join(root, 'a-file')} » est un fichier, pas un dossier`);
  });

  it('does the same when ingest creates the job', async () => {
    const { root, global } = await studio();
    const card = path.join(root, 'card', 'DCIM');
    mkdirSync(card, { recursive: true });
    const r = await runCli([
      ...global,
      'ingest',
      path.dirname(card),
      '--job',
      path.join(root, 'no', 'such', 'job'),
    ]);
    expectClearFailure(r);
    expect(r.err).toContain('n’existe pas');
    expect(existsSync(path.join(root, 'no'))).toBe(false);
  });
});

describe('preau with files to read that are wrong', () => {
  it('says a roster file is missing, or is a folder', async () => {
    const { root, global, jobDir } = await studio();
    const missing = await runCli([
      ...global,
      'roster',
      'import',
      path.join(root, 'CSVExtraction.csv'),
      '--job',
      jobDir,
    ]);
    expectClearFailure(missing);
    expect(missing.err).toContain(`Le fichier « ${path.join(root, 'CSVExtraction.csv')} » n’existe pas`);
    const folder = await runCli([...global, 'roster', 'import', root, '--job', jobDir]);
    expectClearFailure(folder);
    expect(folder.err).toContain(`« ${root} » est un dossier : indiquez le fichier lui-même`);
  });

  it('says a token file that is a folder is one (usage error)', async () => {
    const { root, global, jobDir } = await studio();
    const r = await runCli([
      ...global,
      'publish',
      '--job',
      jobDir,
      '--target',
      'http://127.0.0.1:9',
      '--token-file',
      root,
    ]);
    expectClearFailure(r, 2);
    expect(r.err).toContain('est un dossier');
  });
});

describe('preau with a data folder it cannot use', () => {
  it('says the data folder cannot be written and names the option, for every command', async () => {
    const root = tempDir();
    const ro = readOnlyDir(root);
    for (const args of [
      ['job', 'list'],
      ['forms', 'export', '--job', root, '--format', 'csv'],
      ['platform', '--port', '0'],
    ]) {
      const r = await runCli(['--data', path.join(ro, 'data'), ...args]);
      expectClearFailure(r);
      expect(r.err).toContain(`Impossible d’écrire dans « ${path.join(ro, 'data')} »`);
      expect(r.err).toContain('--data');
    }
    expect(readdirSync(ro)).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')(
    'says it too where the system answers « no such file » (/proc)',
    async () => {
      const r = await runCli(['--data', '/proc/preau-studio/data', 'job', 'list']);
      expectClearFailure(r);
      expect(r.err).toContain('Impossible d’écrire dans « /proc/preau-studio »');
      expect(r.err).toContain('--data');
    },
  );
});
