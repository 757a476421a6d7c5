/**
 * The family page on a phone, after a real season's steps in the app: the school published from
 * the « Publication » screen, then one child's online consent withdrawn and their gallery taken
 * down with « Retirer de la plateforme maintenant ». At 375 pixels wide in Chromium: the code form
 * is French, labelled, keyboard-reachable with a visible focus, readable (contrast, no sideways
 * scroll, large targets); a family's code opens its photos; the withdrawn child's code says kindly
 * that the gallery is not online and whom to ask. Screenshots of each in test-output/e2e/.
 */
import type { Browser, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { formatCode } from '../../src/shared/domain/access-code';
import { giveConsent } from '../fixtures/consent';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { openSeedCore, seedLabeledJob } from './seed-labeled-job';

const { setup } = useE2E();

/** The little of the DOM these checks read in the page (the tests compile without the DOM library). */
interface DomElement {
  parentElement: DomElement | null;
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  activeElement: unknown;
};
declare function getComputedStyle(el: DomElement): {
  color: string;
  backgroundColor: string;
  outlineStyle: string;
};
const SCHOOL = 'École Marie Curie';
const ASSOCIATION = 'APE de l’école Marie Curie';

/** Text colour against the first opaque background behind it, as WCAG computes it. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((target) => {
      const el = target as unknown as DomElement;
      const rgb = (css: string) => {
        const m = /rgba?\(([^)]+)\)/.exec(css);
        const [r = 0, g = 0, b = 0, a = 1] = (m?.[1] ?? '0,0,0,0').split(',').map((x) => Number(x.trim()));
        return { r, g, b, a: m ? a : 0 };
      };
      const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
        const c = [r, g, b].map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
      };
      let node: DomElement | null = el;
      let background = { r: 255, g: 255, b: 255, a: 1 };
      while (node) {
        const bg = rgb(getComputedStyle(node).backgroundColor);
        if (bg.a > 0.99) {
          background = bg;
          break;
        }
        node = node.parentElement;
      }
      const fg = luminance(rgb(getComputedStyle(el).color));
      const bgL = luminance(background);
      return (Math.max(fg, bgL) + 0.05) / (Math.min(fg, bgL) + 0.05);
    });
}

async function expectReadableOnPhone(page: Page): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('fr');
  // Nothing wider than the phone: no sideways scrolling.
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  for (const selector of ['h1', 'main p', 'footer p'])
    expect(await contrastOf(page, selector)).toBeGreaterThanOrEqual(4.5);
}

async function phone(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
  });
  const errors: string[] = [];
  context.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  context.on('weberror', (e) => errors.push(String(e.error())));
  return { context, page: await context.newPage(), errors };
}

async function enter(page: Page, code: string): Promise<void> {
  await page.getByLabel('Code d’accès').fill(code);
  await page.getByRole('button', { name: 'Voir les photos' }).click();
  await page.waitForLoadState('load');
}

describe.skipIf(!e2eEnabled)('the family page on a phone', () => {
  it('opens a family’s photos, and tells a withdrawn family kindly whom to ask, readable at 375 px', async () => {
    const e2e = await setup();
    const shoot = await seedLabeledJob(e2e.root, SCHOOL);
    const [lea, tom] = shoot.classes[0]!.students;
    let core = await openSeedCore(e2e.root);
    try {
      const client = core.client();
      const job = await client.call('jobs.open', { path: shoot.jobPath });
      await client.call('school.update', {
        jobId: job.id,
        patch: {
          association: {
            legalName: ASSOCIATION,
            chequePayee: 'APE Marie Curie',
            contactEmail: 'ape.mariecurie@example.fr',
            contactPhone: '02 40 00 00 00',
          },
        },
      });
      for (const c of shoot.classes) for (const s of c.students) await giveConsent(client, job.id, s.id);
    } finally {
      await core.close();
    }

    // Published from the app, as a photographer does.
    let host = await e2e.restartHost();
    const { page } = e2e;
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    await page.getByRole('button', { name: /Publication/ }).click();
    const section = page.getByTestId('publish-section');
    await expect.poll(() => section.getByText(/Plateforme :/).count(), { timeout: 30_000 }).toBe(1);
    await section.getByRole('button', { name: 'Publier', exact: true }).click();
    const outcome = page.getByTestId('publish-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    await expect.poll(() => outcome.textContent()).toMatch(/http:\/\/127\.0\.0\.1:\d+\//);
    const familyUrl = /http:\/\/127\.0\.0\.1:\d+\//.exec((await outcome.textContent())!)![0];

    // Tom's parent withdraws online consent by e-mail; the studio takes his gallery down at once.
    e2e.expectConsoleErrors(/WebSocket connection to .* failed/);
    await e2e.host.stop();
    core = await openSeedCore(e2e.root);
    const { leaCode, tomCode } = await (async () => {
      try {
        const client = core.client();
        const job = await client.call('jobs.open', { path: shoot.jobPath });
        const codes = await client.call('codes.list', { jobId: job.id });
        const codeOf = (id: string) => codes.find((c) => !c.revokedAt && c.studentIds.includes(id))!.code;
        await client.call('consent.withdraw', {
          jobId: job.id,
          studentId: tom!.id,
          use: 'online_gallery',
          holder: 'parent1',
          source: 'email',
        });
        return { leaCode: codeOf(lea!.id), tomCode: codeOf(tom!.id) };
      } finally {
        await core.close();
      }
    })();
    host = await e2e.restartHost();
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    await page.getByRole('button', { name: /Publication/ }).click();
    const excluded = page.getByTestId('publish-excluded');
    await excluded.waitFor({ timeout: 30_000 });
    await excluded.getByRole('button', { name: 'Retirer de la plateforme maintenant' }).click();
    await expect
      .poll(() => page.getByTestId('publish-section').textContent(), { timeout: 30_000 })
      .toContain('a été retiré(e) de la galerie en ligne');

    // A parent's phone.
    const { context, page: mobile, errors } = await phone(page.context().browser()!);
    try {
      await mobile.goto(familyUrl);
      await expectReadableOnPhone(mobile);
      const field = mobile.getByLabel('Code d’accès');
      expect(await field.getAttribute('aria-describedby')).toContain('code-aide');
      // Keyboard first: the field is the first stop, and its focus can be seen.
      await mobile.keyboard.press('Tab');
      expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
      const outline = await field.evaluate(
        (el) => getComputedStyle(el as unknown as DomElement).outlineStyle,
      );
      expect(outline).not.toBe('none');
      const button = await mobile.getByRole('button', { name: 'Voir les photos' }).boundingBox();
      expect(button!.height).toBeGreaterThanOrEqual(44);
      expect(await contrastOf(mobile, 'button')).toBeGreaterThanOrEqual(4.5);
      await mobile.screenshot({ path: screenshotPath('family-code-375.png'), fullPage: true });

      // A typo is said at once, next to the field.
      const typo = `${leaCode.slice(0, 14)}${leaCode[14] === '2' ? '3' : '2'}`;
      await enter(mobile, formatCode(typo));
      const alert = mobile.getByRole('alert');
      expect(await alert.textContent()).toContain('faute de frappe');
      expect(await mobile.getByLabel('Code d’accès').getAttribute('aria-invalid')).toBe('true');
      expect(await contrastOf(mobile, '.erreur p')).toBeGreaterThanOrEqual(4.5);
      await mobile.screenshot({ path: screenshotPath('family-typo-375.png'), fullPage: true });

      // Léa's family, typing the code as printed, in lower case.
      await enter(mobile, formatCode(leaCode).toLowerCase());
      expect(new URL(mobile.url()).pathname).toBe('/galerie');
      await expectReadableOnPhone(mobile);
      const images = mobile.locator('ul.photos img');
      expect(await images.count()).toBeGreaterThan(0);
      for (const img of await images.all()) {
        await img.scrollIntoViewIfNeeded();
        await expect
          .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
          .toBeGreaterThan(0);
        expect((await img.boundingBox())!.width).toBeLessThanOrEqual(375);
        expect(await img.getAttribute('alt')).toMatch(/^Photo (individuelle|de classe)/);
      }
      expect(await mobile.locator('h1').textContent()).toContain(lea!.firstName);
      expect(await mobile.locator('body').textContent()).not.toContain(lea!.familyName);
      await mobile.screenshot({ path: screenshotPath('family-gallery-375.png'), fullPage: true });
      await mobile.getByRole('button', { name: 'Quitter la galerie' }).click();
      await mobile.waitForLoadState('load');

      // Tom's family, whose gallery was withdrawn.
      await enter(mobile, formatCode(tomCode));
      await mobile.getByRole('heading', { name: 'Cette galerie n’est pas en ligne' }).waitFor();
      const text = (await mobile.locator('main').textContent())!;
      expect(text).toContain(ASSOCIATION);
      expect(text).toContain('ape.mariecurie@example.fr');
      expect(text).not.toContain('Code inconnu');
      expect(await mobile.getByRole('link', { name: 'ape.mariecurie@example.fr' }).getAttribute('href')).toBe(
        'mailto:ape.mariecurie@example.fr',
      );
      await expectReadableOnPhone(mobile);
      await mobile.screenshot({ path: screenshotPath('family-withdrawn-375.png'), fullPage: true });
      // No CSP violation, no failed load, nothing remote (the typo's 400 and the withdrawn code's 410
      // are the page's own answers).
      const unexpected = errors.filter((e) => !/status of (400|410)\b/.test(e));
      expect(unexpected, unexpected.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
