import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testCore } from '../helpers/core';

describe('dispatcher', () => {
  it('refuses an unknown method with a clear error', async () => {
    const { core } = await testCore();
    const outcome = await core.dispatch('jobs.destroyEverything', {});
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'unknown_method', params: { method: 'jobs.destroyEverything' } },
    });
    if (!outcome.ok) expect(outcome.error.message).toContain('jobs.destroyEverything');
  });

  it('refuses an invalid payload field by field, in French by default and in English on request', async () => {
    const { core, libraryDir } = await testCore();
    const params = { schoolName: '', schoolYear: '2026-2028', shootDates: ['31/02/2027'], extra: 1 };
    const fr = await core.dispatch('jobs.create', params);
    expect(fr.ok).toBe(false);
    if (fr.ok) return;
    expect(fr.error.code).toBe('invalid_params');
    expect(fr.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'schoolName', message: 'le nom de l’école est obligatoire' },
        {
          path: 'schoolYear',
          message: 'l’année scolaire doit couvrir deux années consécutives (ex. 2026-2027)',
        },
        { path: 'shootDates.0', message: 'date attendue au format jj/mm/aaaa' },
      ]),
    );
    expect(fr.error.message).toMatch(/^Certaines informations sont incorrectes/);
    const en = await core.dispatch('jobs.create', params, { lang: 'en' });
    expect(!en.ok && en.error.message).toMatch(/^Some information is not right/);
    // Nothing was created.
    expect(await core.client().call('jobs.list', {})).toEqual([]);
    expect(existsSync(libraryDir)).toBe(false);
  });

  it('refuses payloads of the wrong type without crashing', async () => {
    const { core } = await testCore();
    for (const params of [null, 42, 'x', [], { path: 12 }, { path: 'a\0b' }]) {
      const outcome = await core.dispatch('jobs.open', params);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('invalid_params');
    }
  });

  it('turns an unexpected failure into an internal error with a reference and no stack or secret', async () => {
    const logged: string[] = [];
    const { core } = await testCore({
      logger: { debug() {}, info() {}, warn() {}, error: (m, d) => logged.push(`${m} ${String(d)}`) },
    });
    // A job id that is valid in form but not open reaches the handler and fails there, cleanly.
    const notOpen = await core.dispatch('jobs.get', { jobId: '6f1c2a4e-0000-4000-8000-000000000001' });
    expect(notOpen).toMatchObject({ ok: false, error: { code: 'job_not_open' } });
    // Break the studio index underneath the core to force a real unexpected error.
    (core as unknown as { jobs: { recent: () => never } }).jobs.recent = () => {
      throw new Error('disk exploded token=abc123');
    };
    const outcome = await core.dispatch('jobs.list', {});
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('internal');
    expect(outcome.error.message).not.toContain('exploded');
    expect(outcome.error.message).toContain(String(outcome.error.params?.ref));
    expect(logged.join('\n')).toContain(String(outcome.error.params?.ref));
  });
});
