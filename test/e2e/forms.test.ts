/**
 * Order forms through the real UI in Chromium: edit a price, generate the forms (a task), read the
 * report of students left without a form, then type two paper forms back in — one found by its
 * printed code (after a typo the check character catches), one by the student's name — with the
 * keyboard, and see the totals. Poses come from a fixed pose source (the labeling-backed one is
 * another feature), so this file runs its own in-process browser host over a test core.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Page } from 'playwright';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FormPose } from '../../src/shared/domain/order-form';
import { noPoses } from '../../src/main/core/forms/pose-source';
import { giveConsent } from '../fixtures/consent';
import { testCore } from '../helpers/core';
import { e2eEnabled, screenshotPath } from './harness';
import { useInProcessHosts } from './in-process-hosts';

const inProcess = useInProcessHosts();

/** A school with two classes: three students with poses, one without photos, one whose parents refused. */
async function seed() {
  const posesOf = new Map<string, FormPose[]>();
  const t = await testCore({ poseSource: { ...noPoses, posesOf: () => Promise.resolve(posesOf) } });
  const client = t.core.client();
  const dir = path.join(t.root, 'previews');
  mkdirSync(dir, { recursive: true });
  const images: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const file = path.join(dir, `pose-${i}.jpg`);
    await sharp({
      create: {
        width: 600,
        height: 800,
        channels: 3,
        background: { r: 70 + i * 50, g: 130, b: 190 - i * 40 },
      },
    })
      .jpeg()
      .toFile(file);
    images.push(file);
  }
  const job = await client.call('jobs.create', {
    dir: path.join(t.root, 'job'),
    schoolName: 'École Jules Ferry',
    town: 'Brest',
    schoolYear: '2026-2027',
    shootDates: [],
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: {
      association: {
        legalName: 'Coopérative scolaire OCCE de l’école Jules Ferry',
        chequePayee: 'OCCE Jules Ferry',
      },
    },
  });
  const cp = await client.call('classes.add', { jobId: job.id, label: 'CP Mme Dubois' });
  const ce1 = await client.call('classes.add', { jobId: job.id, label: 'CE1 M. Noël' });
  const add = (classId: string, familyName: string, firstName: string) =>
    client.call('students.add', { jobId: job.id, classId, familyName, firstName });
  const zoe = await add(cp.id, 'Łukasiewicz', 'Zoé');
  const hugo = await add(cp.id, 'Martin', 'Hugo');
  const anh = await add(cp.id, 'Nguyễn', 'Anh');
  const lea = await add(ce1.id, 'Şahin', 'Léa');
  const jules = await add(ce1.id, 'Petit', 'Jules');
  for (const s of [zoe, anh, lea, jules])
    await giveConsent(client, job.id, s.id, ['photo', 'online_gallery'], 'granted');
  await giveConsent(client, job.id, hugo.id, ['photo', 'online_gallery'], 'refused');
  for (const s of [zoe, hugo, lea, jules])
    posesOf.set(
      s.id,
      images.map((imagePath, i) => ({ number: i + 1, imagePath })),
    );
  const host = await inProcess.host(t.core);
  return { client, job, zoe, host };
}

/** Text with French money's no-break spaces made plain. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await inProcess.page('en-US');
  await page.goto(url);
  return { page, errors };
}

describe.skipIf(!e2eEnabled)('order forms in the browser', () => {
  it('edits a price, generates the forms, shows who has none, and takes two paper orders by code and by name', async () => {
    const { client, job, zoe, host } = await seed();
    const { page, errors } = await openPage(`${host.url}#/reportage/${job.id}`);
    await page.getByRole('button', { name: /Bons de commande/ }).click();

    // Price list: a poster above 24×30 cm is refused on the spot; the pochette goes to 18,50 €.
    const rows = page.getByTestId('price-row');
    await expect.poll(() => rows.count()).toBe(7);
    const pochettePrice = page.getByRole('textbox', { name: 'Prix TTC (€) (P)' });
    expect(await pochettePrice.inputValue()).toBe('20,00');
    await page.getByRole('button', { name: '+ Ajouter un produit' }).click();
    await page.keyboard.type('Poster');
    await page.keyboard.press('Tab');
    await page.keyboard.type('25');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30x40');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'au-delà de 24×30 cm' }).count())
      .toBe(1);
    await page.screenshot({ path: screenshotPath('forms-prices.png'), fullPage: true });
    await page.getByRole('button', { name: 'Retirer « Poster »' }).click();
    await pochettePrice.fill('18,5');
    await page.getByRole('textbox', { name: 'Date limite de retour' }).fill('30/06/2027');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByTestId('forms-settings-saved').waitFor();
    expect(await pochettePrice.inputValue()).toBe('18,50');
    const saved = await client.call('forms.settings', { jobId: job.id });
    expect(saved.products.find((p) => p.ref === 'P')!.priceCents).toBe(1850);
    expect(saved.returnDeadline).toBe('2027-06-30');

    // Build: a task, then the report.
    await page.getByRole('tab', { name: 'Produire les bons' }).click();
    await page.getByTestId('forms-generate').click();
    await page.getByTestId('forms-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('forms-count').textContent()).toBe('3');
    expect(await page.getByTestId('forms-skipped-count').textContent()).toBe('2');
    const skipped = await page.getByTestId('forms-skipped').locator('tbody tr').allTextContents();
    expect(skipped).toEqual([
      'CP Mme DuboisHugo MartinAutorisation absente ou refusée',
      'CP Mme DuboisAnh NguyễnSans photo',
    ]);
    await page.screenshot({ path: screenshotPath('forms-build.png'), fullPage: true });
    const files = await page.getByTestId('forms-files').locator('a').allTextContents();
    // Class PDFs in class order, then the whole school, the proof sheets and the report.
    expect(files).toEqual([
      'Bons de commande - CP Mme Dubois.pdf',
      'Bons de commande - CE1 M. Noël.pdf',
      'Bons de commande - école.pdf',
      'Planche contact - CP Mme Dubois.pdf',
      'Planche contact - CE1 M. Noël.pdf',
      'Bons de commande - rapport.txt',
    ]);
    const schoolHref = await page
      .getByRole('link', { name: 'Bons de commande - école.pdf' })
      .getAttribute('href');
    const schoolPdf = await page.request.get(new URL(schoolHref!, host.url).toString());
    expect(schoolPdf.status()).toBe(200);
    expect((await schoolPdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Returned forms: Zoé's by its code (a typo first), Léa's by her name without accents.
    const codes = await client.call('codes.list', { jobId: job.id });
    const zoeCode = codes.find((c) => c.kind === 'student' && c.studentIds[0] === zoe.id)!;
    await page.getByRole('tab', { name: 'Saisie des retours' }).click();
    const search = page.getByTestId('order-search');
    await search.waitFor();
    const typo = zoeCode.printed.slice(0, -1) + (zoeCode.printed.endsWith('A') ? 'B' : 'A');
    await search.fill(typo);
    await expect.poll(() => page.getByTestId('order-search-note').textContent()).toContain('Faute de frappe');
    await search.fill('');
    await search.pressSequentially(zoeCode.printed.toLowerCase().replace(/-/g, ' '));
    await search.press('Enter');
    expect(await page.getByTestId('order-who').textContent()).toBe('Zoé Łukasiewicz');
    // The cursor is in the first quantity box: quantity, Tab, pose, Tab, next quantity…
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await expect.poll(async () => plain(await page.getByTestId('order-total').textContent())).toBe('30,50 €');
    await page.getByTestId('order-cheque').fill('1234567');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => plain(await page.getByTestId('order-saved').textContent()))
      .toBe('Bon de Zoé Łukasiewicz enregistré : 3 articles, 30,50 €.');

    // The cursor is back in the search box for the next form (typing goes there once it is).
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null"))
      .toBe('order-search');
    await page.keyboard.type('lea sah');
    await page.getByRole('option', { name: /Léa Şahin/ }).waitFor();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('order-who').textContent()).toBe('Léa Şahin');
    await page.keyboard.type('1');
    await page.getByTestId('order-payment').selectOption('cash');
    await page.getByTestId('qty-C').fill('2');
    await page.getByTestId('qty-C').press('Enter');
    await expect.poll(() => page.getByTestId('order-saved').textContent()).toContain('Léa Şahin');

    await expect.poll(() => page.getByTestId('order-row').count()).toBe(2);
    const school = page.getByTestId('totals-school');
    await expect.poll(() => school.textContent()).toContain('67,00');
    expect(plain(await school.textContent())).toBe(
      'Toute l’école2667,00 €0,00 €Chèque 30,50 € · Espèces 36,50 €',
    );
    const orders = await client.call('orders.totals', { jobId: job.id });
    expect(orders.school).toMatchObject({ orders: 2, items: 6, totalCents: 6700 });

    await page.screenshot({ path: screenshotPath('forms.png'), fullPage: true });

    // A lost form: its code is revoked after a confirmation, with a reason.
    await page.getByRole('tab', { name: 'Codes d’accès' }).click();
    await page.getByRole('searchbox', { name: 'Filtrer' }).fill('jules');
    await expect.poll(() => page.getByTestId('code-row').count()).toBe(1);
    const julesCode = (await page.getByTestId('code-row').locator('td').first().textContent())!;
    await page.getByRole('button', { name: `Révoquer le code ${julesCode}` }).click();
    await page.keyboard.type('bon perdu');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: `Code ${julesCode} révoqué` })
          .count(),
      )
      .toBe(1);
    // The row follows once the list is loaded again (the notice may come first).
    await expect.poll(() => page.getByTestId('code-row').textContent()).toContain('Révoqué le');
    await page.getByRole('searchbox', { name: 'Filtrer' }).fill('');
    await page.screenshot({ path: screenshotPath('forms-codes.png'), fullPage: true });
    const after = await client.call('codes.list', { jobId: job.id });
    expect(after.find((c) => c.printed === julesCode)!.revokedAt).not.toBeNull();

    // The treasurer's CSV, written into the job's exports and offered to open.
    await page.getByRole('tab', { name: 'Comptabilité' }).click();
    await page.getByTestId('export-csv').click();
    await expect
      .poll(() => page.getByTestId('export-written').textContent())
      .toMatch(/^Fichier écrit : Liste des bons de commande\.csv \(\d+ lignes\)\./);
    await page.screenshot({ path: screenshotPath('forms-exports.png'), fullPage: true });
    const csvHref = await page.getByTestId('export-written').getByRole('link').getAttribute('href');
    const csv = await page.request.get(new URL(csvHref!, host.url).toString());
    expect(csv.status()).toBe(200);
    expect((await csv.text()).replace(/^\uFEFF/, '')).toMatch(/^Classe;Élève;Code;/);
    expect(errors).toEqual([]);
  }, 120_000);
});
