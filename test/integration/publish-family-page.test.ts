import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/lib/logger';
import { UploadEngine } from '../../src/main/core/publish/upload-engine';
import { clientFor, FAST_RETRY, testPlatform } from '../helpers/platform';
import { generateSchool, type GeneratedStudent } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';
import { launchChromium, withChromium } from '../helpers/chromium';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function enterCode(page: Page, url: string, code: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Code d’accès').fill(code);
  await page.getByRole('button', { name: 'Voir les photos' }).click();
  await page.waitForLoadState('load');
}

/** SHA-256 of every image the page shows, fetched with the page's own session; each must have rendered. */
async function shownImages(page: Page): Promise<string[]> {
  const images = page.locator('ul.photos img');
  const out: string[] = [];
  for (const img of await images.all()) {
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    const src = await img.getAttribute('src');
    const body = await page.request.get(new URL(src!, page.url()).toString());
    out.push(
      createHash('sha256')
        .update(await body.body())
        .digest('hex'),
    );
  }
  return out.sort();
}

const expected = (s: GeneratedStudent) => [...s.photos, ...s.classPhotos].sort();

describe('the family page in Chromium', withChromium, () => {
  it('shows a code’s own photos and class photo only, refuses wrong codes and holds back the browser that typed them, not its neighbours', async () => {
    const lines: string[] = [];
    const platform = await testPlatform({ logger: createLogger((l) => lines.push(l), 'debug') });
    const school = await generateSchool(tempDir(), { classes: 2, studentsPerClass: 2, content: 'jpeg' });
    await new UploadEngine(clientFor(platform)).publish(school.input, { retry: FAST_RETRY });
    const [alice, , , zoe] = school.students;

    const first = await browser.newContext();
    const page = await first.newPage();
    await enterCode(page, platform.url, alice!.accessCode.toLowerCase());
    expect(new URL(page.url()).pathname).toBe('/galerie');
    expect(await shownImages(page)).toEqual(expected(alice!));
    expect(await page.locator('li[data-kind="class"]').count()).toBe(1);
    // Image addresses are opaque and bound to the session: another browser gets nothing from them.
    const src = await page.locator('ul.photos img').first().getAttribute('src');
    expect(src).not.toContain(alice!.photos[0]!.slice(0, 12));
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    const stolen = await strangerPage.request.get(`${platform.url}${src}`);
    expect(stolen.status()).toBe(404);
    await stranger.close();
    await first.close();

    const second = await browser.newContext();
    const other = await second.newPage();
    await enterCode(other, platform.url, zoe!.accessCode);
    expect(await shownImages(other)).toEqual(expected(zoe!));

    const wrong = 'ZZZZ-9999';
    await enterCode(other, platform.url, wrong);
    await expect.poll(() => other.getByRole('alert').textContent()).toContain('Code inconnu');
    for (let i = 0; i < 4; i++) await enterCode(other, platform.url, `WRNG-000${i}`);
    // This browser is held back after its 5 wrong codes, even with a right code…
    await enterCode(other, platform.url, alice!.accessCode);
    expect(await other.getByRole('alert').textContent()).toContain('Trop de codes erronés sur cet appareil');
    expect(new URL(other.url()).pathname).not.toBe('/galerie');
    await second.close();
    // …but not another family's browser on the same network: its right code opens its gallery.
    const neighbour = await browser.newContext();
    const next = await neighbour.newPage();
    await enterCode(next, platform.url, alice!.accessCode);
    expect(new URL(next.url()).pathname).toBe('/galerie');
    expect(await shownImages(next)).toEqual(expected(alice!));
    await neighbour.close();

    const logged = lines.join('\n');
    expect(logged).toContain('wrong access code');
    expect(logged).toContain('too many wrong codes');
    expect(logged).not.toContain(wrong);
    expect(logged).not.toContain(alice!.accessCode);
  });
});
