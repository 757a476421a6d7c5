/** Bad input in the new-job form: clear French messages next to the right fields, and nothing created. */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';

const { setup } = useE2E();

describe.skipIf(!e2eEnabled)('new job form', () => {
  it('shows French messages next to each wrong field and creates nothing', async () => {
    const { page, host, root } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();

    await home.fillNewJob({ school: '   ', date: '31/02/2026' });
    await home.submit();
    const schoolField = home.field(/^École$/);
    await expect.poll(() => schoolField.getAttribute('aria-invalid')).toBe('true');
    const messages = await home.formMessages().allTextContents();
    expect(messages.join('\n')).toContain('Le nom de l’école est obligatoire');
    expect(messages.join('\n')).toContain('Cette date n’existe pas');
    expect(messages.join('\n')).toContain('Le reportage n’a pas été créé : corrigez les champs signalés.');
    // The first wrong field gets the focus, and its message is tied to it for screen readers.
    expect(await page.locator(':focus').getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await schoolField.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toContain(
      'Le nom de l’école est obligatoire',
    );
    await page.screenshot({ path: screenshotPath('home-errors.png') });

    // A date typed the US way or in ISO is refused, not guessed.
    await home.fillNewJob({ school: 'École Jules Ferry', date: '2026-10-14' });
    await expect
      .poll(async () => (await home.formMessages().allTextContents()).join('\n'))
      .toContain('Date attendue au format jj/mm/aaaa');
    await home.submit();

    // A folder that is not empty and not a job is refused before anything is written.
    const notEmpty = path.join(root, 'library');
    writeFileSync(path.join(notEmpty, 'notes.txt'), 'pas un reportage');
    await home.fillNewJob({ school: 'École Jules Ferry', date: '', folder: notEmpty });
    await expect
      .poll(() => home.form().getByText('Ce dossier n’est pas vide et n’est pas un reportage.').count())
      .toBe(1);
    await home.submit();
    // A relative path is explained, not resolved against some unknown folder.
    await home.field(/^Chemin du dossier$/).fill('Reportages/Jules Ferry');
    await expect
      .poll(() =>
        home
          .form()
          .getByText(/Indiquez un chemin complet/)
          .count(),
      )
      .toBe(1);
    await home.submit();
    // A folder under folders that do not exist is not created (a typo would grow a tree), and says so.
    await home.field(/^Chemin du dossier$/).fill(path.join(root, 'Disque', '2026', 'Jules Ferry'));
    await expect
      .poll(() =>
        home
          .form()
          .getByText('Le dossier qui le contiendrait n’existe pas non plus', { exact: false })
          .count(),
      )
      .toBe(1);
    await home.submit();
    // A name too long for the disk is said as such, before anything is tried.
    await home.field(/^Chemin du dossier$/).fill(path.join(root, 'x'.repeat(300)));
    await expect
      .poll(() => home.form().getByText('Choisissez un nom plus court', { exact: false }).count())
      .toBe(1);
    await home.submit();

    expect(await home.heading().textContent()).toBe('Reportages');
    expect(readdirSync(notEmpty)).toEqual(['notes.txt']);
    expect(readdirSync(root).sort()).toEqual(['data', 'library']);
    await page.reload();
    await home.waitUntilLoaded();
    await expect
      .poll(() => page.getByText('Aucun reportage pour l’instant.', { exact: false }).count())
      .toBe(1);
    expect(await home.recentJobs().count()).toBe(0);
  });
});
