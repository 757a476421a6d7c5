/** The FR/EN switch: the whole UI changes language, the choice is a studio setting kept across reloads. */
import { describe, expect, it } from 'vitest';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';

const { setup } = useE2E();

describe.skipIf(!e2eEnabled)('language switch', () => {
  it('switches the UI to English, messages included, and keeps it after a reload', async () => {
    const { page, host } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('button', { name: 'FR', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    await home.switchLanguage('EN');
    await expect.poll(() => home.heading().textContent()).toBe('Shoots');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { name: 'New shoot' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Create shoot' }).count()).toBe(1);

    await home.submit();
    await expect
      .poll(async () => (await home.formMessages().allTextContents()).join('\n'))
      .toContain('The school name is required');
    await page.screenshot({ path: screenshotPath('home-en.png') });

    await page.reload();
    await expect.poll(() => home.heading().textContent()).toBe('Shoots');
    await home.switchLanguage('FR');
    await expect.poll(() => home.heading().textContent()).toBe('Reportages');
  });

  it('follows a language change made in another window', async () => {
    const { page, host, context } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();
    const other = await context.newPage();
    await other.goto(host.url);
    await new HomePage(other).waitUntilLoaded();
    await new HomePage(other).switchLanguage('EN');
    await expect.poll(() => home.heading().textContent()).toBe('Shoots');
  });
});
