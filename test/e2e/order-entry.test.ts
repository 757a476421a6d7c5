/**
 * Typing paper forms back in, in the real UI in Chromium, without losing one: Entrée saves from
 * the « Paiement » list as from any box (the list is not opened), Échap on a form where something
 * was typed asks before dropping it (Entrée on the focused answer keeps typing), and Échap on an
 * untouched form goes back to the search at once. Poses come from a fixed pose source, so this file
 * runs its own in-process browser host over a test core, like the order forms suite.
 */
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FormPose } from '../../src/shared/domain/order-form';
import { noPoses } from '../../src/main/core/forms/pose-source';
import { giveConsent } from '../fixtures/consent';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';
import { e2eEnabled, screenshotPath } from './harness';
import { useInProcessHosts } from './in-process-hosts';

const inProcess = useInProcessHosts();

/** One class of two students with a pose each, their forms built. */
async function seed() {
  const image = path.join(tempDir(), 'pose.jpg');
  await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .toFile(image);
  const posesOf = new Map<string, FormPose[]>();
  const t = await testCore({ poseSource: { ...noPoses, posesOf: () => Promise.resolve(posesOf) } });
  const client = t.core.client();
  const job = await client.call('jobs.create', {
    dir: path.join(t.root, 'job'),
    schoolName: 'École Jean Moulin',
    town: 'Quimper',
    schoolYear: '2026-2027',
    shootDates: [],
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: { association: { legalName: 'APE de l’école Jean Moulin', chequePayee: 'APE Jean Moulin' } },
  });
  const cls = await client.call('classes.add', { jobId: job.id, label: 'CM1 Mme Le Goff' });
  const zoe = await client.call('students.add', {
    jobId: job.id,
    classId: cls.id,
    familyName: 'Le Bihan',
    firstName: 'Zoé',
  });
  const lea = await client.call('students.add', {
    jobId: job.id,
    classId: cls.id,
    familyName: 'Tanguy',
    firstName: 'Léa',
  });
  for (const s of [zoe, lea]) {
    await giveConsent(client, job.id, s.id);
    posesOf.set(s.id, [{ number: 1, imagePath: image }]);
  }
  await client.call('forms.build', { jobId: job.id });
  const host = await inProcess.host(t.core);
  return { client, job, host };
}

describe.skipIf(!e2eEnabled)('paper order entry', () => {
  it('saves with Entrée from the payment list, and asks before Échap drops a changed form', async () => {
    const { client, job, host } = await seed();
    const context = await inProcess.context('fr-FR');
    const page = await context.newPage();
    await page.goto(`${host.url}#/reportage/${job.id}`);
    await page.getByRole('button', { name: /Bons de commande/ }).click();
    await page.getByRole('tab', { name: 'Saisie des retours' }).click();
    const search = page.getByTestId('order-search');
    await search.waitFor();
    const form = page.getByTestId('order-form');
    const confirm = page.getByTestId('order-drop-confirm');

    // Zoé's form: a quantity, then the payment list, and Entrée there saves.
    await search.focus();
    await page.keyboard.type('zoe le b');
    await page.getByRole('option', { name: /Zoé Le Bihan/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('order-who').textContent()).toBe('Zoé Le Bihan');
    await page.keyboard.type('2');
    await page.getByTestId('order-payment').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('order-saved').textContent())
      .toContain('Bon de Zoé Le Bihan enregistré');
    await expect.poll(() => form.count()).toBe(0);
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('order-search');
    const orders = await client.call('orders.list', { jobId: job.id });
    expect(orders.map((o) => o.names)).toEqual(['Zoé Le Bihan']);
    expect(orders[0]!.items).toBe(2);

    // Léa's form: a quantity typed, then Échap asks; Entrée on the focused answer keeps the entry.
    await page.keyboard.type('lea tan');
    await page.getByRole('option', { name: /Léa Tanguy/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('order-who').textContent()).toBe('Léa Tanguy');
    await page.keyboard.type('3');
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(1);
    expect(await confirm.textContent()).toContain('Abandonner la saisie du bon de Léa Tanguy ?');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Continuer la saisie');
    await page.screenshot({ path: screenshotPath('order-entry-drop.png'), fullPage: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await form.count()).toBe(1);
    const firstQty = form.locator('input[data-first]');
    expect(await firstQty.inputValue()).toBe('3');
    expect(
      await page.evaluate('document.activeElement === document.querySelector("input[data-first]")'),
    ).toBe(true);

    // Échap then « Abandonner ce bon »: the form goes, nothing recorded for Léa.
    await page.keyboard.press('Escape');
    await confirm.getByRole('button', { name: 'Abandonner ce bon' }).click();
    await expect.poll(() => form.count()).toBe(0);
    expect((await client.call('orders.list', { jobId: job.id })).map((o) => o.names)).toEqual([
      'Zoé Le Bihan',
    ]);

    // An untouched form: Échap goes back to the search at once.
    await search.fill('');
    await search.focus();
    await page.keyboard.type('lea tan');
    await page.getByRole('option', { name: /Léa Tanguy/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => form.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    expect(await confirm.count()).toBe(0);
    await context.close();
  }, 120_000);
});
