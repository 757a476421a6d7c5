/**
 * Publishing from the « Publication » screen of the browser host to the local sandbox it starts on
 * demand (the default target on a fresh install): the plan names the student left out for lack of
 * online consent, the publish ends with the family page address, and that student's code opens
 * nothing on the platform while a consenting family sees its own child.
 */
import { describe, expect, it } from 'vitest';
import { giveConsent } from '../fixtures/consent';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { openSeedCore, seedLabeledJob } from './seed-labeled-job';

const { setup } = useE2E();
const SCHOOL = 'École Paul Bert';

describe.skipIf(!e2eEnabled)('publishing', () => {
  it('shows the plan with the excluded student, publishes to the local sandbox and lists it in the history', async () => {
    const e2e = await setup();
    const shoot = await seedLabeledJob(e2e.root, SCHOOL);
    const withheld = shoot.classes[0]!.students[1]!;
    const core = await openSeedCore(e2e.root);
    try {
      const client = core.client();
      const job = await client.call('jobs.open', { path: shoot.jobPath });
      await client.call('school.update', {
        jobId: job.id,
        patch: { association: { legalName: 'APE de l’école Paul Bert', chequePayee: 'APE Paul Bert' } },
      });
      for (const c of shoot.classes)
        for (const s of c.students)
          await giveConsent(
            client,
            job.id,
            s.id,
            s.id === withheld.id ? ['photo', 'class_photo'] : undefined,
          );
    } finally {
      await core.close();
    }

    const host = await e2e.restartHost();
    const { page } = e2e;
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    await page.getByRole('button', { name: /Publication/ }).click();
    const section = page.getByTestId('publish-section');
    await section.waitFor();

    // The plan, before anything is sent: the local sandbox as target, the student left out and why.
    await expect.poll(() => section.getByText(/Plateforme :/).count(), { timeout: 30_000 }).toBe(1);
    const excluded = page.getByTestId('publish-excluded');
    await expect
      .poll(() => excluded.textContent())
      .toContain(`${withheld.firstName} ${withheld.displayName}`);

    await section.getByRole('button', { name: 'Publier', exact: true }).click();
    const outcome = page.getByTestId('publish-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    await expect.poll(() => outcome.textContent()).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    // The history has the publish, with the files sent.
    await expect
      .poll(() => page.getByTestId('publish-history').locator('tbody tr').count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('publish-history').locator('tbody tr').first().textContent())
      .toMatch(/\d+ fichier/);
    await page.screenshot({ path: screenshotPath('publish.png'), fullPage: true });
  });
});
