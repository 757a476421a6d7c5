/**
 * `preau publish` against a real sandbox: the plan, then the publish; `--json` ends with one JSON
 * line; the token comes from the environment or a private file and never shows in the output.
 * The CLI's core uses the app's default pose source, so the counts are checked against the platform
 * itself rather than fixed numbers.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { publishSchool } from '../fixtures/publish-school';

afterEach(() => {
  delete process.env.PREAU_PLATFORM_TOKEN;
});

function lastJson(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

async function cliSchool() {
  const s = await publishSchool({ classes: 1, withhold: [[0, 1]] });
  // The CLI opens the job itself: the test's core lets go of it first.
  await s.core.close();
  const data = path.join(s.root, 'data');
  const library = path.join(s.root, 'library');
  return { ...s, global: ['--data', data, '--library', library] };
}

describe('preau publish', () => {
  it('shows the plan, publishes, and ends with one JSON line; publishing again sends nothing', async () => {
    const s = await cliSchool();
    process.env.PREAU_PLATFORM_TOKEN = s.platform.token;
    const args = [...s.global, 'publish', '--job', s.jobDir, '--target', s.platform.url, '--json'];
    const first = await runCli(args);
    expect(first.err).not.toMatch(/Erreur/);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Plateforme : ');
    expect(first.out).toMatch(/\d+ élèves? non publiés? :/);
    const hugo = s.classes[0]!.students[1]!;
    expect(first.out).toContain(`${hugo.firstName} ${hugo.displayName}`);
    const json = lastJson(first.out);
    const stored = await s.platform.store.list();
    expect(json).toMatchObject({
      status: 'published',
      version: 1,
      sent: stored.length,
      skipped: 0,
      galleryUrl: `${s.platform.url}/`,
    });
    const excluded = json.excluded as { studentId: string; reason: string }[];
    expect(excluded.find((e) => e.studentId === hugo.id)?.reason).toMatch(/^no_/);
    expect(first.out + first.err).not.toContain(s.platform.token);

    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(lastJson(again.out)).toMatchObject({ status: 'up_to_date', sent: 0, skipped: stored.length });
    expect(await s.platform.store.list()).toEqual(stored);
  });

  it('plans without sending with --dry-run', async () => {
    const s = await cliSchool();
    process.env.PREAU_PLATFORM_TOKEN = s.platform.token;
    const run = await runCli([
      ...s.global,
      'publish',
      '--job',
      s.jobDir,
      '--target',
      s.platform.url,
      '--dry-run',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(lastJson(run.out)).toMatchObject({ dryRun: true, galleryUrl: `${s.platform.url}/` });
    expect(await s.platform.store.list()).toEqual([]);
  });

  it('takes the token from a private file only, and says what to do otherwise', async () => {
    const s = await cliSchool();
    const tokenFile = path.join(s.root, 'jeton');
    writeFileSync(tokenFile, `${s.platform.token}\n`, { mode: 0o644 });
    chmodSync(tokenFile, 0o644);
    const base = [...s.global, 'publish', '--job', s.jobDir, '--target', s.platform.url];
    const open = await runCli([...base, '--token-file', tokenFile]);
    expect(open.code).toBe(2);
    expect(open.err).toContain('chmod 600');
    expect(open.err).not.toContain(s.platform.token);

    const none = await runCli(base);
    expect(none.code).toBe(2);
    expect(none.err).toContain('PREAU_PLATFORM_TOKEN');

    chmodSync(tokenFile, 0o600);
    const ok = await runCli([...base, '--token-file', tokenFile, '--json']);
    expect(ok.code).toBe(0);
    expect(lastJson(ok.out)).toMatchObject({ status: 'published' });
    expect(ok.out + ok.err).not.toContain(s.platform.token);

    // Without --target: the studio's default target, the local sandbox started for the command.
    const local = await runCli([...s.global, 'publish', '--job', s.jobDir, '--json']);
    expect(local.code).toBe(0);
    const published = lastJson(local.out) as { status: string; galleryUrl: string };
    expect(published.status).toBe('published');
    expect(published.galleryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(published.galleryUrl.startsWith(s.platform.url)).toBe(false);
  });
});
