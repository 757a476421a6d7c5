/** Data protection screens in the real UI: retention on the home screen, the audit trail on the job, About. */
import { describe, expect, it } from 'vitest';
import { schoolYearOf } from '../../src/shared/domain/job';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';

const { setup } = useE2E();

describe.skipIf(!e2eEnabled)('data protection in the browser', () => {
  it('shows the job’s retention dates, a dry run, the audit trail and the no-AI policy', async () => {
    const { page, host } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    const year = schoolYearOf(new Date());
    await home.fillNewJob({ school: 'École Pasteur', town: 'Lyon', date: `14/10/${year.slice(0, 4)}` });
    await home.submit();
    const job = new JobPage(page);
    await expect.poll(() => job.title().textContent()).toBe('École Pasteur');
    const audit = page.getByTestId('audit-panel');
    await audit.locator('summary').click();
    await expect.poll(() => audit.textContent()).toContain('Journal d’audit');
    await expect.poll(() => audit.textContent()).toContain('Aucune action enregistrée');

    await page.getByRole('button', { name: 'Tous les reportages' }).click();
    const panel = page.getByTestId('retention-panel');
    await expect.poll(() => panel.textContent()).toContain(`fichiers HD supprimés le 31/12/${year.slice(5)}`);
    await panel.getByRole('button', { name: 'Essai (rien n’est supprimé)' }).click();
    await expect.poll(() => page.getByTestId('retention-report').textContent()).toContain('0 fichier,');
    await page.getByTestId('about').locator('summary').click();
    await expect
      .poll(() => page.getByTestId('about').textContent())
      .toContain('Aucune intelligence artificielle');
    await page.screenshot({ path: screenshotPath('retention-about.png'), fullPage: true });
  }, 120_000);
});
