/**
 * Proofing from the keyboard in the real UI served by the browser host: poses chosen and reordered,
 * stars, a rotation and a crop, then checked in the core the forms and the gallery read.
 */
import { describe, expect, it } from 'vitest';
import { openSeedCore, seedLabeledJob } from './seed-labeled-job';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { ProofingPage } from './pages/proofing-page';

const { setup } = useE2E();
const SCHOOL = 'École Marie Curie';

describe.skipIf(!e2eEnabled)('proofing', () => {
  it('chooses poses, stars, a rotation and a crop with the keyboard, and the core keeps them', async () => {
    const e2e = await setup();
    const shoot = await seedLabeledJob(e2e.root, SCHOOL);
    const host = await e2e.restartHost();
    const { page } = e2e;
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    const proofing = new ProofingPage(page);
    await proofing.open();
    const first = shoot.classes[0]!.students[0]!;
    await expect
      .poll(() => proofing.student().textContent())
      .toBe(`Photos de ${first.firstName} ${first.displayName}`);
    // By default every photo of the student is offered, in capture order.
    await expect.poll(() => proofing.cards().count()).toBe(3);
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('Pose 1 · Favorite');
    expect(await page.getByRole('heading', { name: 'Raccourcis clavier' }).count()).toBe(1);

    await proofing.workspace().focus();
    // Five stars on the third photo: it becomes the favorite of the default choice.
    await proofing.press('ArrowRight');
    await proofing.press('ArrowRight');
    await proofing.press('5');
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('Pose 1 · Favorite');
    expect(await proofing.currentPhoto().getByRole('img', { name: '5 étoiles sur 5' }).count()).toBe(1);
    // The second photo withdrawn (Space), the first made the favorite (F).
    await proofing.press('ArrowLeft');
    await proofing.press(' ');
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('—');
    await proofing.press('ArrowLeft');
    await proofing.press('f');
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('Pose 1 · Favorite');
    await expect.poll(() => proofing.cards().nth(2).textContent()).toContain('Pose 2');
    await expect
      .poll(() => page.locator('.proof-students__item[aria-current="true"]').textContent())
      .toContain('2 poses · choix manuel');
    // Turned a quarter to the right.
    await proofing.press('r');
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('Tournée de 90°');

    // A 13×18 crop, shrunk and nudged with the keyboard, saved with Enter.
    await proofing.press('c');
    await proofing.cropEditor().waitFor();
    await proofing.cropFrame().waitFor();
    await expect.poll(() => page.getByRole('dialog', { name: /Recadrage 13×18/ }).count()).toBe(1);
    for (let i = 0; i < 4; i += 1) await proofing.press('-');
    await proofing.press('ArrowDown');
    await proofing.press('Shift+ArrowUp');
    await page.screenshot({ path: screenshotPath('proofing-crop.png') });
    await proofing.press('Enter');
    await expect.poll(() => proofing.cropEditor().count()).toBe(0);
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('Recadrée : 13×18');

    // Next format (T): a 15×20 crop, this time dragged with the mouse to the top of the photo.
    await proofing.press('t');
    await proofing.press('c');
    await expect.poll(() => page.getByRole('dialog', { name: /Recadrage 15×20/ }).count()).toBe(1);
    await proofing.cropFrame().waitFor();
    const box = (await proofing.cropFrame().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 60, { steps: 6 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => proofing.cropEditor().count()).toBe(0);
    await expect.poll(() => proofing.currentPhoto().textContent()).toContain('Recadrée : 13×18, 15×20');
    await proofing.workspace().focus();
    await page.screenshot({ path: screenshotPath('proofing.png') });

    // Next student: the defaults are untouched.
    await proofing.press('ArrowDown');
    const second = shoot.classes[0]!.students[1]!;
    await expect
      .poll(() => proofing.student().textContent())
      .toBe(`Photos de ${second.firstName} ${second.displayName}`);
    await proofing.press('4');
    await expect
      .poll(() => proofing.currentPhoto().getByRole('img', { name: '4 étoiles sur 5' }).count())
      .toBe(1);

    // The page goes first: a page left open would log its reconnection attempts to the stopped host.
    await page.close();
    await e2e.host.stop();
    const core = await openSeedCore(e2e.root);
    try {
      const job = await core.client().call('jobs.open', { path: shoot.jobPath });
      const overview = await core.client().call('proofing.get', { jobId: job.id });
      const ids = shoot.photos.filter((p) => p.classIndex === 0 && p.studentIndex === 0).map((p) => p.id);
      const mine = overview.students.find((s) => s.studentId === first.id)!;
      expect(mine.poses).toEqual([ids[0], ids[2]]);
      expect(mine.chosen).toBe(true);
      const photo = overview.photos.find((p) => p.photoId === ids[0])!;
      expect(photo.rotation).toBe(90);
      expect(photo.crops.map((c) => c.ratio)).toEqual(['13x18', '15x20']);
      const rect = photo.crops[0]!.rect;
      // Dragged up as far as it goes.
      expect(photo.crops[1]!.rect.y).toBeCloseTo(0, 3);
      // Shrunk from the full height of the (now portrait) photo, and moved up from the centre.
      expect(rect.h).toBeLessThan(0.9);
      expect(rect.y + rect.h / 2).toBeLessThan(0.45);
      expect(overview.photos.find((p) => p.photoId === ids[2])!.stars).toBe(5);
    } finally {
      await core.close();
    }
  }, 120_000);
});
