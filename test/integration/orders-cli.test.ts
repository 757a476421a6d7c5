/**
 * `preau orders sync` against a real sandbox: a family orders on its page, the command pulls the
 * order into the book once (counts in words, one JSON line), a second run adds nothing, a job that
 * published nothing is refused in words, and the platform's token never shows.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csrfOf, enter, galleryHtml, post } from '../helpers/family-order';
import { runCli } from '../helpers/run-cli';
import { publishSchool } from '../fixtures/publish-school';

afterEach(() => {
  delete process.env.PREAU_PLATFORM_TOKEN;
});

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('preau orders sync', () => {
  it('pulls a family’s online order once, says so in words, and adds nothing the second time', async () => {
    const s = await publishSchool({ classes: 1, studentsPerClass: 2 });
    await s.client.call('forms.build', { jobId: s.jobId });
    await s.client.call('publish.start', { jobId: s.jobId });
    await s.core.tasks.idle(s.jobId);
    const lea = s.classes[0]!.students[0]!;
    const cookie = await enter(s, lea.id);
    const csrf = csrfOf(await galleryHtml(s, cookie));
    const paid = await post(
      s,
      cookie,
      new URLSearchParams({ csrf, etape: 'payer', q_P_1: '1', q_T1_1: '2' }),
    );
    expect(paid.status).toBe(303);
    await s.core.close();

    const global = ['--data', path.join(s.root, 'data'), '--library', path.join(s.root, 'library')];
    const args = [...global, 'orders', 'sync', '--job', s.jobDir, '--target', s.platform.url, '--json'];
    process.env.PREAU_PLATFORM_TOKEN = s.platform.token;
    const first = await runCli(args);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('1 galerie lue : 1 commande nouvelle, 0 mise à jour');
    expect(lastJson(first.out)).toMatchObject({ galleries: 1, added: 1, updated: 0 });
    expect(first.out).not.toContain(s.platform.token);

    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(lastJson(again.out)).toMatchObject({ added: 0, updated: 0 });
    expect(again.out).toContain('0 commande nouvelle');
  });

  it('refuses a job that published nothing, and a platform address that is not one, in words', async () => {
    const s = await publishSchool({ classes: 1, studentsPerClass: 1 });
    await s.core.close();
    const global = ['--data', path.join(s.root, 'data'), '--library', path.join(s.root, 'library')];
    process.env.PREAU_PLATFORM_TOKEN = s.platform.token;
    const nothing = await runCli([
      ...global,
      'orders',
      'sync',
      '--job',
      s.jobDir,
      '--target',
      s.platform.url,
    ]);
    expect(nothing.code).toBe(1);
    expect(nothing.err).toMatch(/publi/i);
    expect(nothing.err).not.toMatch(/at .*\.ts|Error:/);
    const bad = await runCli([...global, 'orders', 'sync', '--job', s.jobDir, '--target', 'ftp:/nulle-part']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('adresse de plateforme invalide');
  });
});
