/**
 * The order book screen (« Commandes ») in the real UI in Chromium, over a test core publishing to
 * a real sandbox platform: paper forms typed in, families ordering on their gallery page; the sync
 * started from the screen (first with no platform set up, said in words), the online orders in the
 * book as online and paid, the filters by class, status and channel with a true count, an order
 * held and left out of the production checks, a family that ordered on paper and online kept
 * both, an online order refunded with its reason (a missing reason refused in words), two paper
 * orders selected and marked paid from the keyboard, a free reprint linked to its first order. Screenshots at each step in
 * test-output/e2e/order-book-*.png.
 */
import { type Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { publishSchool } from '../fixtures/publish-school';
import { orderOnline, recordPaperOrders } from '../helpers/family-order';
import { e2eEnabled, screenshotPath } from './harness';
import { useInProcessHosts } from './in-process-hosts';

const inProcess = useInProcessHosts();

/** The rendered rows' cells, in list order (the virtualizer renders them so): [number, child, class, channel, status]. */
async function rows(page: Page): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await page.getByTestId('order-row').all()) {
    const cells: string[] = [];
    for (const id of ['order-number', 'order-child', 'order-class', 'order-channel', 'order-status'])
      cells.push(((await row.getByTestId(id).textContent()) ?? '').trim());
    out.push(cells);
  }
  return out;
}

describe.skipIf(!e2eEnabled)('order book', () => {
  it('syncs online orders from the screen, filters, holds, keeps both of a double order, refunds and marks paid', async () => {
    const s = await publishSchool({ classes: 2, studentsPerClass: 3 });
    const { client, jobId } = s;
    await client.call('forms.build', { jobId });
    await client.call('publish.start', { jobId });
    await s.core.tasks.idle(jobId);
    const [lea, tom] = s.classes[0]!.students;
    const [noe, jade] = s.classes[1]!.students;
    await recordPaperOrders(s, [
      [lea!, 'cheque'],
      [tom!, 'cash'],
      [noe!, 'cheque'],
    ]);
    // Léa's family also orders online (a double order); Jade's orders online only.
    await orderOnline(s, lea!.id, { q_P_2: '1' });
    await orderOnline(s, jade!.id, { q_P_1: '1', q_T1_1: '2' });

    const host = await inProcess.host(s.core);
    const context = await inProcess.context('fr-FR');
    const page = await context.newPage();
    await page.goto(`${host.url}#/reportage/${jobId}`);
    await page.getByTestId('job-title').waitFor();
    // Alt+8: « Commandes », between publishing and production.
    await page.keyboard.press('Alt+8');
    const current = page.locator('.job-nav [aria-current="page"] .job-nav__label');
    await expect.poll(() => current.textContent()).toBe('Commandes');
    const count = page.getByTestId('orders-count');
    await expect.poll(() => count.textContent()).toBe('3 commandes');
    expect((await rows(page)).map((r) => r[3])).toEqual([
      'Papier — Chèque',
      'Papier — Espèces',
      'Papier — Chèque',
    ]);

    // No platform set up: said in words, pointing to the settings.
    s.target.on = false;
    await page.getByTestId('orders-sync').click();
    const noPlatform = page.getByTestId('orders-sync-no-platform');
    await noPlatform.waitFor({ timeout: 20_000 });
    expect(await noPlatform.textContent()).toContain('Plateforme de vente');
    expect(await noPlatform.textContent()).not.toMatch(/Error|at \w+ \(/);
    await page.screenshot({ path: screenshotPath('order-book-1-no-platform.png'), fullPage: true });

    // With the platform: the two online orders arrive, online and paid.
    s.target.on = true;
    await page.getByTestId('orders-sync').click();
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe('5 commandes');
    await expect
      .poll(() => page.getByTestId('orders-sync-done').textContent())
      .toContain('2 nouvelles commandes');
    const book = await client.call('orders.book', { jobId });
    const numberOf = (studentId: string, channel: 'paper' | 'online') =>
      book.find((o) => o.studentIds.includes(studentId) && o.channel === channel)!.number;
    const jadeRow = (await rows(page)).find((r) => r[0] === numberOf(jade!.id, 'online'))!;
    expect(jadeRow.slice(2, 4)).toEqual(['CE1 B', 'En ligne']);
    expect(jadeRow[4]).toBe('Payée');
    const double = page.getByTestId('orders-double');
    expect(await double.count()).toBe(1);
    expect(await double.textContent()).toContain(numberOf(lea!.id, 'paper'));
    expect(await double.textContent()).toContain(numberOf(lea!.id, 'online'));
    await page.screenshot({ path: screenshotPath('order-book-2-synced.png'), fullPage: true });

    // Filters: by class, then paid in that class, then online only; the count says so.
    await page.getByTestId('orders-filter-class').selectOption('CE1 B');
    await expect.poll(() => count.textContent()).toBe('2 commandes sur 5');
    expect((await rows(page)).map((r) => r[1])).toEqual([
      `${noe!.firstName} ${noe!.displayName}`,
      `${jade!.firstName} ${jade!.displayName}`,
    ]);
    await page.getByTestId('orders-filter-status').selectOption('paid');
    await expect.poll(() => count.textContent()).toBe('1 commande sur 5');
    expect((await rows(page)).map((r) => r[0])).toEqual([numberOf(jade!.id, 'online')]);
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.getByTestId('orders-filter-channel').selectOption('online');
    await expect.poll(() => count.textContent()).toBe('2 commandes sur 5');
    expect((await rows(page)).every((r) => r[3] === 'En ligne' && r[4]!.startsWith('Payée'))).toBe(true);
    // The search ignores case and accents (« aicha » finds « Aïcha »).
    await page.getByTestId('orders-search').fill(
      jade!.firstName
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase(),
    );
    await expect.poll(() => count.textContent()).toBe('1 commande sur 5');
    await page.screenshot({ path: screenshotPath('order-book-3-filtered.png'), fullPage: true });
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await expect.poll(() => count.textContent()).toBe('5 commandes');

    // The production checks see Léa's two orders; once her paper one is held, production leaves it out.
    const leaPaper = numberOf(lea!.id, 'paper');
    const leaOnline = numberOf(lea!.id, 'online');
    await page.keyboard.press('Alt+9');
    const checks = page.getByTestId('production-panel');
    /** Production (Alt+9) once its checks are read: no double order for the same child left. */
    const expectNoDoubleInProduction = async () => {
      await page.keyboard.press('Alt+9');
      await page
        .locator('[data-testid="production-checks"], [data-testid="production-checks-ok"]')
        .first()
        .waitFor();
      await expect.poll(() => checks.textContent()).not.toContain('Deux commandes pour le même enfant');
    };
    await expect
      .poll(() => checks.textContent())
      .toContain(`Deux commandes pour le même enfant (${leaPaper}, ${leaOnline})`);
    await page.keyboard.press('Alt+8');
    await page.locator(`[data-testid="order-row"][data-number="${leaPaper}"]`).click();
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    await detail.getByRole('button', { name: 'Mettre en attente' }).click();
    await expect.poll(() => detail.textContent()).toContain('Indiquez le motif');
    await detail.getByTestId('order-reason').fill('chèque à encaisser');
    await detail.getByRole('button', { name: 'Mettre en attente' }).click();
    await expect
      .poll(() => page.getByTestId('orders-notice').textContent())
      .toContain('1 commande mise en attente');
    await expect
      .poll(() => detail.getByTestId('order-hold-reason').textContent())
      .toBe('En attente : chèque à encaisser');
    expect((await rows(page)).find((r) => r[0] === leaPaper)![4]).toBe('ReçueEn attentePapier et en ligne');
    await page.screenshot({ path: screenshotPath('order-book-4-held.png'), fullPage: true });
    expect(s.core.orders.ordersToProduce(s.core.jobs.get(jobId)).map((o) => o.number)).not.toContain(
      leaPaper,
    );
    await expectNoDoubleInProduction();
    await page.screenshot({
      path: screenshotPath('order-book-5-production-without-held.png'),
      fullPage: true,
    });

    // Released, then the double order decided: both kept, the banner goes.
    await page.keyboard.press('Alt+8');
    await page.locator(`[data-testid="order-row"][data-number="${leaPaper}"]`).click();
    await page.getByTestId('order-detail').getByRole('button', { name: 'Libérer' }).click();
    await expect.poll(() => page.getByTestId('orders-notice').textContent()).toContain('1 commande libérée');
    await page.getByTestId('orders-double').getByRole('button', { name: 'Garder les deux' }).click();
    await expect.poll(() => page.getByTestId('orders-double').count()).toBe(0);
    expect(await page.getByTestId('orders-notice').textContent()).toBe('Les deux commandes sont gardées.');
    expect(await page.getByTestId('orders-count').textContent()).toBe('5 commandes');
    await page.screenshot({ path: screenshotPath('order-book-6-kept-both.png'), fullPage: true });
    // Production knows the studio decided: the double is no longer asked about.
    await expectNoDoubleInProduction();
    await page.keyboard.press('Alt+8');
    await page.getByTestId('orders-count').waitFor();

    // From the keyboard: End reaches Jade's online order, Enter opens it; refunded with a reason.
    const jadeOnline = numberOf(jade!.id, 'online');
    await page.getByTestId('order-list').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('order-detail').locator('h2').textContent())
      .toBe(`Commande ${jadeOnline}`);
    await page.getByTestId('order-detail').getByRole('button', { name: 'Annuler la commande' }).click();
    expect(await page.getByLabel('Rembourser (l’argent est rendu à la famille)').isChecked()).toBe(true);
    await page.getByTestId('order-close-confirm').click();
    await expect.poll(() => page.getByTestId('order-detail').textContent()).toContain('Indiquez le motif');
    await page.getByTestId('order-reason').fill('photo floue');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('orders-notice').textContent())
      .toBe(`Commande ${jadeOnline} remboursée ; elle reste dans le carnet avec son motif.`);
    await expect.poll(async () => (await rows(page)).find((r) => r[0] === jadeOnline)![4]).toBe('Remboursée');
    expect(await page.getByTestId('order-closed-reason').textContent()).toContain('Motif : photo floue');
    expect(await page.getByTestId('order-totals-closed').textContent()).toContain(
      '1 commande annulée ou remboursée',
    );
    expect(await page.getByTestId('orders-count').textContent()).toBe('5 commandes');
    await page.screenshot({ path: screenshotPath('order-book-7-refunded.png'), fullPage: true });

    // Two paper orders selected with Space, marked paid together.
    await page.keyboard.press('Escape');
    await page.getByTestId('orders-filter-channel').selectOption('paper');
    await page.getByTestId('order-list').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await expect
      .poll(() => page.getByTestId('orders-selection').textContent())
      .toBe('2 commandes sélectionnées');
    await page.getByRole('button', { name: 'Marquer payées (2)' }).click();
    await expect
      .poll(() => page.getByTestId('orders-notice').textContent())
      .toBe('2 commandes marquées payées.');
    await expect
      .poll(async () => (await rows(page)).map((r) => r[4]!.replace('Papier et en ligne', '')))
      .toEqual(['Reçue', 'Payée', 'Payée']);
    await page.screenshot({ path: screenshotPath('order-book-8-marked-paid.png'), fullPage: true });

    // A free reprint of Tom's print: its own order at 0 €, linked both ways to the first one.
    const tomPaper = numberOf(tom!.id, 'paper');
    await page.locator(`[data-testid="order-row"][data-number="${tomPaper}"]`).click();
    await page.getByRole('button', { name: 'Réimpression gratuite…' }).click();
    await page.getByTestId('remake-quantity').first().fill('1');
    await page.getByTestId('order-reason').fill('tirage abîmé par le labo');
    await page.getByTestId('order-remake-confirm').click();
    await expect
      .poll(() => page.getByTestId('orders-notice').textContent())
      .toContain(`liée à la commande ${tomPaper}`);
    await expect.poll(() => count.textContent()).toBe('4 commandes sur 6');
    const remake = (await client.call('orders.book', { jobId })).find((o) => o.remakeOf !== null)!;
    expect(remake).toMatchObject({
      totalCents: 0,
      remakeOfNumber: tomPaper,
      statusReason: 'tirage abîmé par le labo',
    });
    const remakeRow = page.locator(`[data-testid="order-row"][data-number="${remake.number}"]`);
    expect(await remakeRow.textContent()).toContain(`réimpression de ${tomPaper}`);
    await remakeRow.click();
    await expect
      .poll(() => page.getByTestId('order-remake-of').textContent())
      .toContain(`Réimpression gratuite de la commande ${tomPaper}`);
    await page.getByRole('button', { name: `Voir la commande ${tomPaper}` }).click();
    await expect
      .poll(() => page.getByTestId('order-remakes').textContent())
      .toBe(`Réimpressions gratuites : ${remake.number}`);
    await page.screenshot({ path: screenshotPath('order-book-9-remake.png'), fullPage: true });

    const after = await client.call('orders.book', { jobId });
    expect(after).toHaveLength(6);
    expect(after.find((o) => o.number === jadeOnline)).toMatchObject({
      status: 'refunded',
      statusReason: 'photo floue',
    });
    await context.close();
  });
});
