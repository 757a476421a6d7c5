/**
 * Every word and count true, in French and in English (issue 17, item 6), and the steps reached
 * from the keyboard: the school screen of an existing job never says « n’a pas été créé », a past
 * return deadline asks before it is kept, the overview promises nothing, menu and page titles say
 * the same thing, Alt+6 reaches « Bons de commande » in one keystroke. Screenshots of each screen in
 * both languages land in test-output/e2e/words-*.png.
 */
import { describe, expect, it } from 'vitest';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';

const { setup } = useE2E();

const STEPS = [
  { alt: 0, fr: 'Vue d’ensemble', en: 'Overview' },
  { alt: 1, fr: 'École et association', en: 'School and association' },
  { alt: 2, fr: 'Classes et élèves', en: 'Classes and students' },
  { alt: 3, fr: 'Import des cartes', en: 'Card import' },
  { alt: 4, fr: 'Tri et identification', en: 'Sorting and labeling' },
  { alt: 5, fr: 'Épreuves', en: 'Proofing' },
  { alt: 6, fr: 'Bons de commande', en: 'Order forms' },
  { alt: 7, fr: 'Publication', en: 'Publishing' },
  { alt: 8, fr: 'Commandes', en: 'Orders' },
  { alt: 9, fr: 'Production', en: 'Production' },
];

describe.skipIf(!e2eEnabled)('words and counts', () => {
  it('says what happened on the school screen, asks before a past deadline, and promises nothing', async () => {
    const { page, host } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    await home.fillNewJob({ school: 'École Aïcha Benali', town: 'Lyon' });
    await home.submit();
    await expect.poll(() => new JobPage(page).title().textContent()).toBe('École Aïcha Benali');
    expect(await page.locator('.job-main').textContent()).not.toContain('colonne de gauche');

    // The school screen of a job that exists: a wrong field means nothing was saved, not « not created ».
    await page.keyboard.press('Alt+1');
    await page.getByLabel('Dates de prise de vue (facultatif)').fill('32/10/2026');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const alert = page.locator('.school-form .alert--error, .alert--error').first();
    await expect
      .poll(() => alert.textContent())
      .toBe('Rien n’a été enregistré : corrigez les champs signalés.');
    expect(await page.locator('.job-main').textContent()).not.toContain('n’a pas été créé');
    await page.screenshot({ path: screenshotPath('words-school-fr.png'), fullPage: true });

    // Alt+6: « Bons de commande » in one keystroke; a return deadline already gone by asks first.
    await page.keyboard.press('Alt+6');
    await expect
      .poll(() => page.locator('[aria-current="page"]').textContent())
      .toContain('Bons de commande');
    await page
      .getByRole('tab', { name: 'Tarifs et réglages' })
      .or(page.getByRole('button', { name: 'Tarifs et réglages' }))
      .first()
      .click();
    const deadline = page.getByLabel('Date limite de retour');
    await deadline.fill('01/09/2020');
    await expect
      .poll(() => page.locator('.field-note--error').allTextContents())
      .toContain(
        'Le 01/09/2020 est déjà passé : les familles liraient sur leur bon une date limite dépassée.',
      );
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const confirm = page.getByTestId('deadline-past-confirm');
    await expect
      .poll(() => confirm.textContent())
      .toContain('La date limite de retour du 01/09/2020 est déjà passée');
    expect(await page.getByTestId('forms-settings-saved').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('words-deadline-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'Garder cette date' }).click();
    await expect.poll(() => page.getByTestId('forms-settings-saved').count()).toBe(1);
  });

  it('titles every page with its menu words, in French and in English, reached with Alt+digit', async () => {
    const { page, host } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    await home.fillNewJob({ school: 'École Victor Hugo', town: 'Nantes' });
    await home.submit();
    await expect.poll(() => new JobPage(page).title().textContent()).toBe('École Victor Hugo');
    for (const lang of ['fr', 'en'] as const) {
      if (lang === 'en') await home.switchLanguage('EN');
      for (const step of STEPS) {
        await page.keyboard.press(`Alt+${step.alt}`);
        const current = page.locator('.job-nav [aria-current="page"] .job-nav__label');
        await expect.poll(() => current.textContent()).toBe(step[lang]);
        const h1 = page.locator('.job-main h1').first();
        const title = (await h1.textContent()) ?? '';
        // Steps with their own page title use the menu's words; the others show the school's name.
        if (title !== 'École Victor Hugo') expect(title).toBe(step[lang]);
        await page.screenshot({ path: screenshotPath(`words-step${step.alt}-${lang}.png`), fullPage: true });
      }
      expect(await page.locator('.job-nav').textContent()).toContain(
        lang === 'fr' ? 'Alt+chiffre' : 'Alt+digit',
      );
    }
  });
});
