/** `preau cards build`: one PDF per class in the job's exports, a clear refusal for an unknown class. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdf';
import { runCli as run } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

describe('preau cards build', () => {
  it('prints the named class’s cards and refuses an unknown class by name', async () => {
    const root = tempDir();
    const global = ['--data', path.join(root, 'data'), '--library', path.join(root, 'lib')];
    const dir = path.join(root, 'job');
    expect((await run([...global, 'job', 'create', dir, '--school', 'École Jules Ferry'])).code).toBe(0);
    const { createCore } = await import('../../src/main/core/core');
    const core = await createCore({
      dataDir: path.join(root, 'data'),
      libraryDir: path.join(root, 'lib'),
      host: 'test',
    });
    const client = core.client();
    const opened = await client.call('jobs.open', { path: dir });
    for (const label of ['CP', 'CE1']) {
      const cls = await client.call('classes.add', { jobId: opened.id, label });
      await client.call('students.add', {
        jobId: opened.id,
        classId: cls.id,
        familyName: 'Durand',
        firstName: `Élise ${label}`,
      });
    }
    await core.close();

    const built = await run([...global, 'cards', 'build', '--job', dir, '--class', 'ce1', '--json']);
    expect(built.code).toBe(0);
    const out = JSON.parse(built.out.trim().split('\n').at(-1)!) as { files: string[]; cards: number };
    expect(out.files).toHaveLength(1);
    expect(existsSync(out.files[0]!)).toBe(true);
    const text = await pdfText(out.files[0]!);
    expect(text).toContain('Élise CE1');
    expect(text).not.toContain('Élise CP');

    const refused = await run([...global, 'cards', 'build', '--job', dir, '--class', 'CM2']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Aucune classe « CM2 »');
  }, 60_000);
});
