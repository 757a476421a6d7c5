/**
 * The folder browser of the browser host, in Chromium: a card mounted under a watched root is
 * picked as the ingest source from the keyboard alone — the places (home folder, the card marked as
 * one), Enter to open, Backspace to go up, a letter to jump, Ctrl+Enter to choose — in French; the
 * source field then holds the card and its scan appears. Escape cancels and gives focus back.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { tempDir } from '../helpers/temp-dir';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { IngestPage } from './pages/ingest-page';
import { JobPage } from './pages/job-page';

const { setup } = useE2E();

describe.skipIf(!e2eEnabled)('folder browser in the browser host', () => {
  it('picks a card folder from the keyboard alone, and cancels with Escape', async () => {
    const mountRoot = tempDir('preau-e2e-mnt-');
    const home = tempDir('preau-e2e-home-');
    for (const dir of ['Bureau', 'Reportages', 'Photos', 'Téléchargements']) mkdirSync(path.join(home, dir));
    const cardDir = path.join(mountRoot, 'EOS_DIGITAL');
    await generateCard(cardDir, {
      camera: CAMERAS.a,
      shots: schoolDay({ classes: 1, studentsPerClass: 3, burst: 1, width: 120, height: 90 }),
    });
    const saved = { mounts: process.env.PREAU_MOUNT_ROOTS, home: process.env.HOME };
    // The host process (started by setup) lists this home folder and this mount root.
    process.env.PREAU_MOUNT_ROOTS = mountRoot;
    process.env.HOME = home;
    let e2e: Awaited<ReturnType<typeof setup>>;
    try {
      e2e = await setup();
    } finally {
      process.env.PREAU_MOUNT_ROOTS = saved.mounts;
      process.env.HOME = saved.home;
      if (saved.mounts === undefined) delete process.env.PREAU_MOUNT_ROOTS;
    }
    const { page } = e2e;
    await page.goto(e2e.host.url);
    const homePage = new HomePage(page);
    await homePage.waitUntilLoaded();
    await homePage.fillNewJob({ school: 'École Jean Moulin', town: 'Nantes' });
    await homePage.submit();
    await expect.poll(() => new JobPage(page).title().textContent()).toBe('École Jean Moulin');
    const ingest = new IngestPage(page);
    await ingest.open();

    const chooseCard = page.getByRole('button', { name: 'Choisir le dossier de la carte' });
    await chooseCard.click();
    const dialog = page.getByRole('dialog', { name: 'Choisir le dossier de la carte' });
    await dialog.waitFor();
    const list = dialog.getByRole('listbox');
    const options = list.getByRole('option');
    await expect
      .poll(() => options.allTextContents())
      .toEqual([`⌂Dossier personnel${home}`, '▣EOS_DIGITALCarte photo']);
    await expect.poll(() => dialog.locator('[role="listbox"]:focus').count()).toBe(1);
    const selected = () => list.getByRole('option', { selected: true }).textContent();

    // Into the home folder and back: Enter opens, a letter jumps, Backspace goes up.
    await page.keyboard.press('Enter');
    await expect
      .poll(() => options.allTextContents())
      .toEqual(['▸Bureau', '▸Photos', '▸Reportages', '▸Téléchargements']);
    await page.keyboard.press('t');
    expect(await selected()).toBe('▸Téléchargements');
    await page.keyboard.press('Backspace');
    await expect.poll(() => options.count()).toBe(2);
    expect(await selected()).toContain('Dossier personnel');

    // Down to the card, open it, look inside, choose it.
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toContain('EOS_DIGITAL');
    await page.keyboard.press('Enter');
    await expect.poll(() => options.allTextContents()).toEqual(['▸DCIM']);
    await expect.poll(() => dialog.getByText(`Dossier ouvert : ${cardDir}`).count()).toBe(1);
    expect(await dialog.getByRole('navigation').getByRole('button').allTextContents()).toEqual([
      'Emplacements',
      'EOS_DIGITAL',
    ]);
    await page.screenshot({ path: screenshotPath('folder-browser.png') });
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await ingest.sourceField().inputValue()).toBe(cardDir);
    await expect.poll(() => ingest.scanSummary().textContent()).toContain('nouveaux fichiers à importer');

    // Escape leaves the field as it was and gives focus back to the button that opened the dialog.
    await page.getByRole('button', { name: 'Choisir le dossier de sauvegarde' }).click();
    await page.getByRole('dialog', { name: 'Choisir le dossier de sauvegarde' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await ingest.backupField().inputValue()).toBe('');
    await expect
      .poll(() => page.locator('button:focus').getAttribute('aria-label'))
      .toBe('Choisir le dossier de sauvegarde');
  });
});
