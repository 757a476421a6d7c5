/** Creating and reopening jobs through the real UI, against the real browser host. */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schoolYearOf } from '../../src/shared/domain/job';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';

const { setup } = useE2E();

/** A shoot date inside the current school year, typed the French way. */
function dateInCurrentYear(): { typed: string; shown: string; year: string } {
  const year = schoolYearOf(new Date());
  return { typed: `14/10/${year.slice(0, 4)}`, shown: `14/10/${year.slice(0, 4)}`, year };
}

describe.skipIf(!e2eEnabled)('jobs in the browser', () => {
  it('creates a job from the form, opens it, and lists it on the home screen', async () => {
    const { page, host, root } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    await expect.poll(() => home.heading().textContent()).toBe('Reportages');
    // The token is for the first load only: it must not stay in the address bar.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await page.screenshot({ path: screenshotPath('home-empty.png') });

    const date = dateInCurrentYear();
    await home.fillNewJob({
      school: 'École élémentaire Jules Ferry',
      town: 'Villeurbanne',
      date: date.typed,
    });
    // The default folder is announced before anything is created; « Choisir… » opens the app's own
    // folder browser, since a browser has no native picker.
    const expectedFolder = path.join(
      root,
      'library',
      `${date.year} École élémentaire Jules Ferry - Villeurbanne`,
    );
    await expect.poll(() => page.getByTestId('default-folder').textContent()).toBe(expectedFolder);
    expect(await page.getByRole('button', { name: 'Choisir…' }).count()).toBe(1);
    await home.submit();

    const job = new JobPage(page);
    await expect.poll(() => job.title().textContent()).toBe('École élémentaire Jules Ferry');
    expect(await job.dates().textContent()).toBe(date.shown);
    const folder = (await job.folder().textContent()) ?? '';
    expect(folder).toBe(expectedFolder);
    expect(existsSync(path.join(folder, 'job.preau.sqlite'))).toBe(true);
    await expect.poll(() => page.getByText('Aucun travail en cours.').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('job.png') });

    // A reload keeps the open job on screen; the browser's Back button returns to the list.
    await page.reload();
    await expect.poll(() => job.title().textContent()).toBe('École élémentaire Jules Ferry');
    await page.goBack();
    await expect.poll(() => home.heading().textContent()).toBe('Reportages');
    await page.goForward();
    await expect.poll(() => job.title().textContent()).toBe('École élémentaire Jules Ferry');

    await job.backToList();
    await expect.poll(() => home.recentJobs().count()).toBe(1);
    const item = home.recentJob('École élémentaire Jules Ferry');
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Villeurbanne');
    expect(text).toContain(date.year);
    expect(text).toContain(date.shown);
    expect(text).toContain(folder);

    await home.fillNewJob({ school: 'Collège Victor Hugo', town: 'Lyon' });
    await home.submit();
    await expect.poll(() => job.title().textContent()).toBe('Collège Victor Hugo');
    await job.closeJob();
    await expect.poll(() => home.recentJobs().count()).toBe(2);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('home.png') });
  });

  it('reopens a job from the recent list after the host restarts, and greys out a missing folder', async () => {
    const { page, host, root, restartHost, expectConsoleErrors } = await setup();
    // The page on the stopped host keeps trying to reconnect; Chromium logs each failed attempt.
    expectConsoleErrors(/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/rpc' failed/);
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    await home.fillNewJob({ school: 'École Jean Moulin', town: 'Bron' });
    await home.submit();
    const job = new JobPage(page);
    await expect.poll(() => job.title().textContent()).toBe('École Jean Moulin');
    // A second job created in a folder of the user's choice, then removed from disk behind the app's back.
    await job.backToList();
    const elsewhere = path.join(root, 'usb-drive', 'Maternelle');
    // The drive exists; the job's own folder is created in it (folders above it never are).
    mkdirSync(path.dirname(elsewhere));
    await home.fillNewJob({ school: 'Maternelle Les Tilleuls', folder: elsewhere });
    await expect
      .poll(() => home.form().getByText('Ce dossier n’existe pas encore : il sera créé.').count())
      .toBe(1);
    await home.submit();
    await expect.poll(() => job.title().textContent()).toBe('Maternelle Les Tilleuls');

    const jobAddress = new URL(page.url()).hash;
    expect(jobAddress).toMatch(/^#\/reportage\//);
    const restarted = await restartHost();
    rmSync(path.join(root, 'usb-drive'), { recursive: true, force: true });

    // The old page lost its host: it says so instead of failing silently.
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Connexion au studio perdue' }).count())
      .toBe(1);

    // The new host has no job open yet: the job's address says so and leads back to the list.
    await page.goto(`${restarted.url}${jobAddress}`);
    await expect
      .poll(() =>
        page.getByText('Ce reportage n’est pas ouvert. Rouvrez-le depuis la liste des reportages.').count(),
      )
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Fermer le reportage' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Tous les reportages' }).last().click();
    await home.waitUntilLoaded();
    await expect.poll(() => home.recentJobs().count()).toBe(2);
    const missing = home.recentJob('Maternelle Les Tilleuls');
    expect(await missing.textContent()).toContain('Dossier introuvable');
    expect(await missing.getByRole('button', { name: /^Ouvrir/ }).isDisabled()).toBe(true);

    await home.openRecent('École Jean Moulin');
    await expect.poll(() => job.title().textContent()).toBe('École Jean Moulin');
    expect(await job.page.getByText('Bron').count()).toBeGreaterThan(0);

    await job.backToList();
    await home.forgetRecent('Maternelle Les Tilleuls');
    await expect.poll(() => home.recentJobs().count()).toBe(1);
    expect(readdirSync(path.join(root, 'library'))).toHaveLength(1);
  });

  it('opens a job folder that is not in the list with "Ouvrir un autre dossier…"', async () => {
    const { page, host, root } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    await home.fillNewJob({ school: 'École Pasteur' });
    await home.submit();
    const job = new JobPage(page);
    await expect.poll(() => job.title().textContent()).toBe('École Pasteur');
    const folder = (await job.folder().textContent()) ?? '';
    await job.closeJob();
    await home.forgetRecent('École Pasteur');
    await expect.poll(() => home.recentJobs().count()).toBe(0);

    await page.getByRole('button', { name: 'Ouvrir un autre dossier…' }).click();
    const pathField = page.getByLabel('Chemin du dossier').first();
    await pathField.fill(path.join(root, 'library'));
    await expect
      .poll(() => page.getByText('Ce dossier n’est pas un reportage Préau Studio.').count())
      .toBe(1);
    await pathField.fill(folder);
    await expect.poll(() => page.getByText('Reportage trouvé dans ce dossier.').count()).toBe(1);
    await page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
    await expect.poll(() => job.title().textContent()).toBe('École Pasteur');
  });

  it('shows a job created in one window in the list of another window at once', async () => {
    const { page, host, context } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    const otherPage = await context.newPage();
    await otherPage.goto(host.url);
    const other = new HomePage(otherPage);
    await other.waitUntilLoaded();

    await other.fillNewJob({ school: 'École Jean Jaurès', town: 'Vénissieux' });
    await other.submit();
    await expect.poll(() => home.recentJobs().count()).toBe(1);
    expect(await home.recentJob('École Jean Jaurès').textContent()).toContain('Vénissieux');

    await home.forgetRecent('École Jean Jaurès');
    await otherPage.getByRole('button', { name: 'Tous les reportages' }).click();
    await expect.poll(() => other.recentJobs().count()).toBe(0);
  });
});
