/**
 * From a labeled, proofed job with paper and online orders to a production folder, in the real UI
 * in Chromium: the checks (a missing crop accepted in one click), the run with its progress, the
 * result per format, the packing documents, and an envelope marked packed by typing its label's
 * number as a scanner does. Screenshots at each step. The job has real JPEG originals, so this file
 * runs its own in-process browser host over a test core.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedProductionJob } from '../fixtures/production-job';
import { testCore } from '../helpers/core';
import { e2eEnabled, screenshotPath } from './harness';
import { useInProcessHosts } from './in-process-hosts';

const inProcess = useInProcessHosts();

describe.skipIf(!e2eEnabled)('production', () => {
  it('goes from paper and online orders to a lab folder, packing documents and a scanned envelope', async () => {
    const t = await testCore();
    const client = t.core.client();
    const j = await seedProductionJob(t.core);
    const [s0, s1] = j.classes[0]!.students;
    await client.call('orders.record', {
      jobId: j.jobId,
      query: `${s0!.firstName} ${s0!.displayName}`,
      lines: [
        { ref: 'P', pose: 1, quantity: 1 },
        { ref: 'N', pose: 3, quantity: 1 },
      ],
      paymentMethod: 'cheque',
    });
    // An online order as the sync records it: paid on the platform.
    t.core.orders.add(t.core.jobs.get(j.jobId), {
      channel: 'online',
      code: null,
      studentIds: [s1!.id],
      classLabel: j.classes[0]!.label,
      status: 'paid',
      paymentMethod: 'online',
      paymentRef: 'PAY-1',
      note: '',
      lines: [{ ref: 'T3', label: 'Tirage 18×24', pose: 2, quantity: 1, unitCents: 1050, totalCents: 1050 }],
      platformOrderId: 'plat-1',
    });
    const host = await inProcess.host(t.core);
    const context = await inProcess.context('fr-FR');
    const page = await context.newPage();
    await page.goto(`${host.url}#/reportage/${j.jobId}`);
    await page.getByRole('button', { name: /Production/ }).click();
    const panel = page.getByTestId('production-panel');
    await panel.waitFor();

    // The checks: no crop stored yet for the ordered ratios; accepting one removes it.
    const checks = page.getByTestId('production-checks');
    await checks.waitFor();
    await page.screenshot({ path: screenshotPath('production-1-checks.png'), fullPage: true });
    const crops = checks.getByRole('button', { name: 'Accepter le recadrage centré' });
    const before = await crops.count();
    expect(before).toBeGreaterThan(0);
    await crops.first().click();
    await expect.poll(() => crops.count()).toBe(before - 1);

    // The run: a task, then the result per format.
    await page.getByTestId('production-start').click();
    const result = page.getByTestId('production-result');
    await result.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('production-orders').textContent()).toBe('2');
    expect(await page.getByTestId('production-problems-count').textContent()).toBe('0');
    expect(await result.textContent()).toContain('18×24');
    // The digital file of pose 3 (an upright sRGB JPEG) is the camera's own, said so.
    expect(await page.getByTestId('production-as-shot').textContent()).toBe(
      '1 fichier numérique est le JPEG de l’appareil, sans recompression (métadonnées retirées).',
    );
    await page.screenshot({ path: screenshotPath('production-2-result.png'), fullPage: true });
    const folder = (await page.getByTestId('production-folder').textContent())!.replace(/^Dossier : /, '');
    const manifest = await fsp.readFile(path.join(folder, 'manifeste.csv'), 'utf8');
    expect(manifest).toContain('tirages/18x24/');

    // Packing documents, then an envelope marked packed by its label's number (a scanner types it, then Entrée).
    await page.getByTestId('production-documents').click();
    const files = page.getByTestId('production-documents-files');
    await files.waitFor();
    expect(await files.textContent()).toContain('etiquettes.pdf');
    const bookOf = () => t.core.orders.list(t.core.jobs.get(j.jobId));
    const number = bookOf().find((o) => o.channel === 'online')!.number;
    await page.getByTestId('production-scan').fill(number);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('production-scan-done').textContent()).toContain(number);
    await page.screenshot({ path: screenshotPath('production-3-packed.png'), fullPage: true });
    expect(bookOf().find((o) => o.number === number)!.status).toBe('packed');
    // A number no run made is refused in words, the field keeps the focus for the next scan.
    await page.getByTestId('production-scan').fill('ZZ-404');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.textContent()).toContain('« ZZ-404 »');
    await context.close();
  });
});
