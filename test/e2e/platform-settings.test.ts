/**
 * "Plateforme de vente" in the real UI: the local sandbox works with no account (connection test
 * starts it), then a hosted platform's address and token are entered — the token field is
 * write-only ("Jeton enregistré"), and the connection test tells a right token from a wrong one.
 */
import { describe, expect, it } from 'vitest';
import { testPlatform } from '../helpers/platform';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';

const { setup } = useE2E();

describe.skipIf(!e2eEnabled)('sales platform settings in the browser', () => {
  it('tests the local sandbox, then stores a hosted token it never shows again and tests it', async () => {
    const { page, host } = await setup();
    const hosted = await testPlatform({ studioName: 'Studio Lumière' });
    await page.goto(host.url);
    await new HomePage(page).waitUntilLoaded();
    const panel = page.getByTestId('platform-settings');
    await panel.locator('summary').click();
    await expect
      .poll(() => panel.getByLabel('Plateforme locale (bac à sable, sans compte)').isChecked())
      .toBe(true);

    await panel.getByRole('button', { name: 'Tester la connexion' }).click();
    await expect
      .poll(() => panel.getByTestId('connection-test').textContent(), { timeout: 20_000 })
      .toContain('Connexion réussie');
    await expect
      .poll(() => panel.getByTestId('sandbox-url').textContent())
      .toMatch(/http:\/\/127\.0\.0\.1:\d+/);

    await panel.getByLabel('Plateforme hébergée (compte du studio)').check();
    await panel.getByLabel('Adresse de la plateforme').fill('http://ventes.example.fr');
    await panel.getByLabel('Jeton d’accès (API)').fill(hosted.token);
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => panel.textContent())
      .toContain('une adresse en https:// : le jeton ne doit pas circuler en clair');

    await panel.getByLabel('Adresse de la plateforme').fill(`${hosted.url}/`);
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => panel.getByTestId('token-state').textContent()).toBe('Jeton enregistré.');
    const tokenField = panel.getByLabel('Nouveau jeton (laissez vide pour garder le jeton enregistré)');
    expect(await tokenField.inputValue()).toBe('');
    expect(await page.content()).not.toContain(hosted.token);

    await panel.getByRole('button', { name: 'Tester la connexion' }).click();
    await expect
      .poll(() => panel.getByTestId('connection-test').textContent())
      .toContain('la plateforme reconnaît le studio « Studio Lumière »');
    await page.screenshot({ path: screenshotPath('platform-settings.png'), fullPage: true });

    await tokenField.fill('preau_mauvais-jeton');
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => panel.getByRole('button', { name: 'Tester la connexion' }).isEnabled())
      .toBe(true);
    await panel.getByRole('button', { name: 'Tester la connexion' }).click();
    await expect
      .poll(() => panel.getByTestId('connection-test').textContent())
      .toContain('La plateforme refuse le jeton');
  }, 120_000);
});
