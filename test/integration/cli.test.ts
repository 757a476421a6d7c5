import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

const CLI = path.resolve('bin/preau.js');

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'pipe' });
});

function preau(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('preau command line', () => {
  it('shows a French help and exits 0', () => {
    const r = preau('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('serve');
    expect(r.out).toContain('affiche l’aide');
  });

  it('creates a job and lists it, as text and as JSON', () => {
    const root = tempDir();
    const data = path.join(root, 'data');
    const created = preau(
      '--data',
      data,
      'job',
      'create',
      path.join(root, 'ecole'),
      '--school',
      'École Pasteur',
      '--town',
      'Brest',
      '--year',
      '2026-2027',
      '--date',
      '5/10/2026',
      '--json',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      schoolName: 'École Pasteur',
      shootDates: ['2026-10-05'],
    });
    const text = preau('--data', data, 'job', 'list');
    expect(text.out).toContain('École Pasteur (Brest) — 2026-2027 — 05/10/2026');
    const json = JSON.parse(preau('--data', data, 'job', 'list', '--json').out) as { path: string }[];
    expect(json.map((j) => j.path)).toEqual([path.join(root, 'ecole')]);
  });

  it('exits 1 with a French message when the work fails, 2 on a usage error', () => {
    const root = tempDir();
    const busy = path.join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'x.txt'), 'x');
    const failed = preau('--data', path.join(root, 'data'), 'job', 'create', busy, '--school', 'X');
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('contient déjà des fichiers');
    const usage = preau('job', 'create', path.join(root, 'x'));
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('l’option obligatoire « --school <nom> » manque');
    expect(preau('serve', '--port', 'abc').code).toBe(2);
  });
});
