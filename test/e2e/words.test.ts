/**
 * Every word and count true, in French and in English (issue 17, item 6), and the steps reached
 * from the keyboard: the school screen of an existing job never says « n’a pas été créé », a past
 * return deadline asks before it is kept, the overview promises nothing, menu and page titles say
 * the same thing, Alt+6 reaches « Bons de commande » in one keystroke. Screenshots of each screen in
 * both languages land in test-output/e2e/words-*.png.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ondeCsv, ONDE_STUDENTS } from '../fixtures/roster-files';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';
import { openSeedCore } from './seed-labeled-job';

const { setup } = useE2E();

/** A job with a few audited actions done before the host starts: a roster, a refusal, a list, cards. */
async function seedAuditedJob(root: string, schoolName: string) {
  const core = await openSeedCore(root);
  try {
    const client = core.client();
    const job = await client.call('jobs.create', {
      schoolName,
      town: 'Nantes',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const file = path.join(root, 'CSVExtraction.csv');
    await fsp.writeFile(file, ondeCsv());
    await client.call('roster.import', { jobId: job.id, path: file });
    const classes = await client.call('classes.list', { jobId: job.id });
    const students = await client.call('students.list', { jobId: job.id });
    const child = students.find((s) => s.classId !== null)!;
    await client.call('consent.record', {
      jobId: job.id,
      studentId: child.id,
      use: 'online_gallery',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-09-12',
      source: 'paper_form',
    });
    await client.call('shootList.pdf', { jobId: job.id });
    const small = classes.find((c) => students.filter((s) => s.classId === c.id).length === 2)!;
    const cards = await client.call('cards.build', { jobId: job.id, classIds: [small.id], layout: 'sheet' });
    return {
      cards: cards.files.reduce((n, f) => n + f.cards, 0),
      classLabel: classes.find((c) => c.id === child.classId)!.label,
      students: students.length,
      classes: classes.length,
      // Names as the school wrote them (a teacher's name in a class label is not a child's).
      names: ONDE_STUDENTS.flatMap((s) => [s.first, s.family]).filter(
        (n) => !classes.some((c) => c.label.includes(n)),
      ),
    };
  } finally {
    await core.close();
  }
}

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

  it('titles every page with its menu words, in French and in English, reached with Alt+digit, and reads the audit trail in both', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const seeded = await seedAuditedJob(e2e.root, 'École Victor Hugo');
    const host = await e2e.restartHost();
    const home = new HomePage(page);
    await home.openRecentByKeyboard(host.url, 'École Victor Hugo');
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

    // The overview's audit trail in words, in the reader's language, with the class and never a name.
    await page.keyboard.press('Alt+0');
    const audit = page.getByTestId('audit-panel');
    await audit.locator('summary').click();
    const lines = () => audit.locator('tbody tr td:last-child').allTextContents();
    await expect
      .poll(lines)
      .toEqual([
        `Shoot cards printed: ${seeded.cards} cards for 1 class`,
        'Shoot-day list exported (PDF)',
        `Consent “Online gallery”, Holder 1: refused (paper form) — pupil in ${seeded.classLabel}`,
        `Student list imported: ${seeded.students} students in ${seeded.classes} classes`,
      ]);
    expect(await audit.locator('thead').textContent()).toBe('DateUserAction');
    await audit.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('words-audit-en.png'), fullPage: true });
    await home.switchLanguage('FR');
    await expect
      .poll(lines)
      .toEqual([
        `Cartes de prise de vue imprimées : ${seeded.cards} cartes pour 1 classe`,
        'Liste de prise de vue exportée (PDF)',
        `Consentement « Galerie en ligne », Titulaire 1 : refus (formulaire papier) — élève de ${seeded.classLabel}`,
        `Liste d’élèves importée : ${seeded.students} élèves en ${seeded.classes} classes`,
      ]);
    await audit.getByRole('button', { name: 'Exporter (CSV)' }).click();
    await expect.poll(async () => (await lines())[0]).toBe('Journal d’audit exporté (4 lignes)');
    const text = (await audit.textContent()) ?? '';
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(text).not.toMatch(/\(s\)|online_gallery|parent1|cards\.printed/);
    for (const name of seeded.names) expect(text).not.toContain(name);
    await page.screenshot({ path: screenshotPath('words-audit-fr.png'), fullPage: true });
  });
});
