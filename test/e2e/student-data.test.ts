/**
 * « Données d'un élève » on the student's card, in the real UI through the browser host: the access
 * export gives a download link to the zip (downloading it counts as a copy handed out), the erasure
 * shows its dry run first — files by kind, what is deleted and what is made again, the copy already
 * downloaded — and needs the family name typed; then the report, and the student is gone.
 */
import { describe, expect, it } from 'vitest';
import { giveConsent } from '../fixtures/consent';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { RosterPage } from './pages/roster-page';
import { openSeedCore, seedLabeledJob } from './seed-labeled-job';

const { setup } = useE2E();
const SCHOOL = 'École Jean Macé';

describe.skipIf(!e2eEnabled)('student data panel', () => {
  it('exports a student’s data, then erases them after a dry run and a typed confirmation', async () => {
    const e2e = await setup();
    const shoot = await seedLabeledJob(e2e.root, SCHOOL);
    const [a, b] = shoot.classes[0]!.students as [
      (typeof shoot.classes)[0]['students'][0],
      (typeof shoot.classes)[0]['students'][0],
    ];
    const core = await openSeedCore(e2e.root);
    try {
      const client = core.client();
      const job = await client.call('jobs.open', { path: shoot.jobPath });
      await client.call('school.update', {
        jobId: job.id,
        patch: {
          association: { legalName: 'APE de l’école Jean Macé', contactEmail: 'ape.jeanmace@example.fr' },
        },
      });
      for (const c of shoot.classes) for (const s of c.students) await giveConsent(client, job.id, s.id);
      await client.call('forms.build', { jobId: job.id });
      await client.call('shootList.pdf', { jobId: job.id });
    } finally {
      await core.close();
    }

    const host = await e2e.restartHost();
    const { page } = e2e;
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    const roster = new RosterPage(page);
    await roster.open();
    await roster.selectClass(shoot.classes[0]!.label);
    await roster.openStudent(`${a.displayName} ${a.firstName}`);
    // Escape closes the student's card; with an unsaved edit the first Escape warns, the second
    // drops the edit, and the card opens again as it was saved.
    const card = page.getByTestId('student-panel');
    const firstName = card.getByLabel('Prénom', { exact: true });
    await firstName.focus();
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await roster.openStudent(`${a.displayName} ${a.firstName}`);
    await firstName.fill('Changé');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.textContent()).toContain('Modifications non enregistrées');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await roster.openStudent(`${a.displayName} ${a.firstName}`);
    expect(await firstName.inputValue()).toBe(a.firstName);

    const panel = page.getByTestId('student-data-panel');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.textContent()).toContain('Données d’un élève');

    // The right of access: a zip, downloaded from the browser host.
    await panel.getByTestId('student-export').click();
    const exported = panel.getByTestId('student-exported');
    await exported.waitFor();
    expect(await exported.textContent()).toMatch(
      new RegExp(`Export prêt : Droit d’accès - ${a.displayName} ${a.firstName} - .*\\.zip — \\d+ photos?,`),
    );
    const link = panel.getByTestId('student-export-download');
    const href = await link.getAttribute('href');
    const zip = await page.request.get(new URL(href!, host.url).toString());
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.screenshot({ path: screenshotPath('student-data-export.png'), fullPage: true });

    // The erasure: the dry run first, exactly what goes.
    await panel.getByTestId('student-erase').click();
    const plan = panel.getByTestId('erasure-plan');
    await plan.waitFor();
    const kinds = await plan.getByTestId('erasure-kinds').textContent();
    expect(kinds).toMatch(/bons de commande de classe : refaits? sans l’élève/);
    expect(kinds).toMatch(/planche contact : refaits? sans l’élève/);
    expect(kinds).toMatch(/liste de prise de vue : refaits? sans l’élève/);
    expect(kinds).toContain('export du droit d’accès : supprimé');
    expect(kinds).toContain('vignette : supprimé');
    expect(await plan.getByTestId('erasure-handed-out').textContent()).toContain(
      'export du droit d’accès — téléchargé le',
    );
    const confirm = plan.getByTestId('erasure-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await plan.getByTestId('erasure-confirm-input').fill(b.familyName);
    expect(await confirm.isDisabled()).toBe(true);
    // Case and accents aside, the family name in full.
    await plan.getByTestId('erasure-confirm-input').fill(a.familyName.toLowerCase());
    expect(await confirm.isDisabled()).toBe(false);
    await plan.screenshot({ path: screenshotPath('student-data-erase-plan.png') });
    await page.screenshot({ path: screenshotPath('student-data-erase-plan-page.png'), fullPage: true });

    await confirm.click();
    const report = page.getByTestId('erasure-report');
    await report.waitFor({ timeout: 30_000 });
    await expect.poll(() => report.textContent()).toContain('Élève effacé(e)');
    expect(await report.textContent()).toMatch(/Effacement fait le \d{2}\/\d{2}\/\d{4}/);
    expect(await report.getByTestId('erasure-handed-out').textContent()).toContain(
      'il ne peut pas les effacer',
    );
    await expect
      .poll(() => roster.studentRows().allTextContents())
      .not.toContainEqual(expect.stringContaining(`${a.displayName} ${a.firstName}`));
    expect((await roster.studentRows().allTextContents()).join(' ')).toContain(
      `${b.displayName} ${b.firstName}`,
    );
    await page.screenshot({ path: screenshotPath('student-data-erased.png'), fullPage: true });

    // The same panel in English.
    await roster.openStudent(`${b.displayName} ${b.firstName}`);
    await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => page.getByTestId('student-data-panel').textContent()).toContain('Student data');
    await page.getByTestId('student-data-panel').getByTestId('student-erase').click();
    await page.getByTestId('erasure-plan').waitFor();
    expect(await page.getByTestId('erasure-kinds').textContent()).toContain(
      'class order forms: made again without the student',
    );
    await page
      .getByTestId('erasure-plan')
      .screenshot({ path: screenshotPath('student-data-erase-plan-en.png') });
  }, 120_000);
});
