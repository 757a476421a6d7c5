/** The whole create-and-return flow works from the keyboard alone, with a visible focus at every step. */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { e2eEnabled, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';

const { setup } = useE2E();

interface Focused {
  tag: string;
  label: string;
  outline: string;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate<Focused>(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const label = el.labels && el.labels[0] ? el.labels[0].textContent : (el.getAttribute('aria-label') || el.textContent);
    return { tag: el.tagName, label: (label || '').trim(), outline: style.outlineStyle + ' ' + style.outlineWidth };
  })()`);
}

/** Presses Tab until the focused element's label matches; fails after `max` presses. */
async function tabTo(page: Page, label: RegExp, max = 15): Promise<Focused> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    // Past the last control the page itself holds the focus for one Tab; its text contains every label.
    if (now.tag !== 'BODY' && label.test(now.label)) return now;
  }
  throw new Error(`no focusable element labelled ${String(label)} within ${max} Tab presses`);
}

describe.skipIf(!e2eEnabled)('keyboard', () => {
  it('creates a job and comes back to the list without a mouse, focus always visible', async () => {
    const { page, host } = await setup();
    await page.goto(host.url);
    const home = new HomePage(page);
    await home.waitUntilLoaded();

    const school = await tabTo(page, /^École$/);
    expect(school.outline).not.toMatch(/^none/);
    await page.keyboard.type('École Louis Pergaud');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toMatch(/^Commune/);
    await page.keyboard.type('Besançon');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toBe('Année scolaire');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toMatch(/^Date de prise de vue/);
    await page.keyboard.press('Enter');

    const job = new JobPage(page);
    await expect.poll(() => job.title().textContent()).toBe('École Louis Pergaud');
    // The new screen takes the focus on its title, so screen readers announce where the user is.
    await expect.poll(async () => (await focused(page)).label).toBe('École Louis Pergaud');

    const back = await tabTo(page, /Tous les reportages/);
    expect(back.outline).not.toMatch(/^none/);
    await page.keyboard.press('Enter');
    await expect.poll(() => home.heading().textContent()).toBe('Reportages');
    await expect.poll(() => home.recentJobs().count()).toBe(1);

    const open = await tabTo(page, /^Ouvrir « École Louis Pergaud »/);
    expect(open.outline).not.toMatch(/^none/);
    await page.keyboard.press('Enter');
    await expect.poll(() => job.title().textContent()).toBe('École Louis Pergaud');
  });
});
