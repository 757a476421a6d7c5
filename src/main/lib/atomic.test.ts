import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir';
import { removeLeftoverTemps, tempNameFor, writeFileAtomic } from './atomic';

describe('leftovers of killed writes', () => {
  it('removes the temporary files of interrupted atomic writes, at every depth, and nothing else', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '13x18'));
    await writeFileAtomic(path.join(dir, '13x18', 'CP_Lea.jpg'), 'print');
    writeFileSync(path.join(dir, '.hidden.tmp'), 'not ours');
    writeFileSync(path.join(dir, 'manifeste.csv.tmp'), 'not ours either');
    // What a process killed between writing and renaming leaves behind.
    writeFileSync(tempNameFor(path.join(dir, '13x18', 'CP_Tom.jpg')), 'half a print');
    writeFileSync(tempNameFor(path.join(dir, 'fichier-numerique.jpg')), 'a photo');
    expect(await removeLeftoverTemps(dir)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['.hidden.tmp', '13x18', 'manifeste.csv.tmp']);
    expect(readdirSync(path.join(dir, '13x18'))).toEqual(['CP_Lea.jpg']);
    expect(await removeLeftoverTemps(dir)).toBe(0);
  });
});
