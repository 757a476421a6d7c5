import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NAME_TEMPLATE } from '../../../shared/domain/ingest';
import { applyTemplate, candidateName, renameNoOverwrite } from './file-naming';

describe('file naming', () => {
  const at = (relPath: string, local = '2026-10-06T08:47:00.300', cameraLabel: string | null = 'B') =>
    applyTemplate(DEFAULT_NAME_TEMPLATE, { local, cameraLabel, relPath });

  it('names by capture time, camera and the camera folder + counter', () => {
    expect(at('DCIM/100CANON/IMG_9999.JPG')).toBe('20261006-084700_B_1009999.JPG');
  });

  it('keeps counters apart across a 9999 roll-over and across cameras', () => {
    const names = [
      at('DCIM/100CANON/IMG_0001.JPG'),
      at('DCIM/101CANON/IMG_0001.JPG'),
      at('DCIM/100NCZ_6/DSC_0001.JPG', '2026-10-06T08:47:00.300', 'A'),
    ];
    expect(new Set(names).size).toBe(3);
  });

  it('never produces path separators or characters illegal on memory cards and Windows', () => {
    const name = applyTemplate('{original} : {camera}', {
      local: null,
      cameraLabel: null,
      relPath: 'DCIM/100/A?b*c.jpg',
    });
    expect(name).toBe('A_b_c___X.JPG');
    expect(candidateName('x.JPG', 1)).toBe('x.JPG');
    expect(candidateName('x.JPG', 3)).toBe('x-3.JPG');
  });

  it('refuses to move a file over an existing one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'preau-name-'));
    try {
      writeFileSync(path.join(dir, 'a'), 'new');
      writeFileSync(path.join(dir, 'b'), 'old');
      expect(await renameNoOverwrite(path.join(dir, 'a'), path.join(dir, 'b'))).toBe('exists');
      expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('old');
      expect(await renameNoOverwrite(path.join(dir, 'a'), path.join(dir, 'c'))).toBe('moved');
      expect(readFileSync(path.join(dir, 'c'), 'utf8')).toBe('new');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
