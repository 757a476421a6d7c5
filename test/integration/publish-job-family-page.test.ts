/**
 * The whole chain in a browser: a labeled school published through the core (consent gate, web
 * copies, codes from the order forms) to the sandbox, then the family page in Chromium with one
 * student's printed code (exactly their photos and their class photo), another student's code, a
 * code whose family refused online display, and a wrong code.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCode } from '../../src/shared/domain/access-code';
import { publishSchool, type PublishSchool } from '../fixtures/publish-school';
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

/** SHA-256 of every image the page shows, each rendered and fetched with the page's own session. */
async function shownImages(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const img of await page.locator('ul.photos img').all()) {
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    const body = await page.request.get(new URL((await img.getAttribute('src'))!, page.url()).toString());
    out.push(
      createHash('sha256')
        .update(await body.body())
        .digest('hex'),
    );
  }
  return out.sort();
}

/** The web copies the studio made for these photos. */
function webShas(s: PublishSchool, classIndex: number, studentIndexes: readonly (number | null)[]): string[] {
  const dir = path.join(s.jobDir, 'cache', 'web');
  const ids = s.photos
    .filter((p) => p.classIndex === classIndex && studentIndexes.includes(p.studentIndex))
    .map((p) => p.id);
  return readdirSync(dir)
    .filter((n) => ids.some((id) => n.startsWith(`${id}-`)))
    .map((n) =>
      createHash('sha256')
        .update(readFileSync(path.join(dir, n)))
        .digest('hex'),
    )
    .sort();
}

describe('a published job’s family page in Chromium', withChromium, () => {
  it('shows one code exactly its student’s photos and class photo, another code its own, and refuses the rest', async () => {
    const s = await publishSchool({ classes: 2, studentsPerClass: 3, withhold: [[1, 2]] });
    await s.client.call('publish.start', { jobId: s.jobId });
    await s.core.tasks.idle(s.jobId);
    const history = await s.client.call('publish.history', { jobId: s.jobId });
    expect(history[0]).toMatchObject({ kind: 'published', version: 1 });

    const context = await browser.newContext();
    const page = await context.newPage();
    const zoe = s.classes[0]!.students[0]!;
    // Typed as printed on the form (groups of five), in lower case.
    await enterCode(page, s.platform.url, formatCode(await s.codeOf(zoe.id)).toLowerCase());
    expect(new URL(page.url()).pathname).toBe('/galerie');
    expect(await page.locator('body').textContent()).toContain(zoe.firstName);
    expect(await page.locator('body').textContent()).not.toContain(zoe.familyName);
    expect(await shownImages(page)).toEqual(webShas(s, 0, [0, null]));
    expect(await page.locator('li[data-kind="class"]').count()).toBe(1);

    const other = s.classes[1]!.students[0]!;
    await enterCode(page, s.platform.url, await s.codeOf(other.id));
    expect(new URL(page.url()).pathname).toBe('/galerie');
    // Their class photo is held back (a classmate refused online display): portraits only.
    expect(await shownImages(page)).toEqual(webShas(s, 1, [0]));
    expect(await page.locator('li[data-kind="class"]').count()).toBe(0);

    const refused = s.classes[1]!.students[2]!;
    await enterCode(page, s.platform.url, await s.codeOf(refused.id));
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Code inconnu');
    await enterCode(page, s.platform.url, 'ZZZZZ-ZZZZZ-ZZZZZ');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Code inconnu');
    expect(new URL(page.url()).pathname).not.toBe('/galerie');
    await context.close();
  });
});
