/**
 * Sorting and labeling a 3-class shoot with the keyboard only, in the real UI served by the browser
 * host: sessions assigned to classes, class photos marked, every student labeled in sequence mode,
 * one mistake fixed with undo, and the checks panel empty at the end.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { seedShoot, type SeededShoot } from '../fixtures/labeling-shoot';
import { e2eEnabled, SCREENSHOT_DIR, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { LabelingPage } from './pages/labeling-page';

const { setup } = useE2E();
const SCHOOL = 'École Marie Curie';

/** A job with 3 classes of 5 students, a group photo and a 2-photo burst per student, prepared offline. */
async function prepareJob(root: string): Promise<SeededShoot> {
  const core = await createCore({
    host: 'test',
    logger: silentLogger,
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
  });
  try {
    const job = await core.client().call('jobs.create', {
      schoolName: SCHOOL,
      town: 'Nantes',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    return await seedShoot(core, job.id, { classes: 3, studentsPerClass: 5, burst: 2, images: true });
  } finally {
    await core.close();
  }
}

describe.skipIf(!e2eEnabled)('labeling', () => {
  it('sorts and labels a 3-class shoot from the keyboard, fixes a mistake with undo, and ends with no check left', async () => {
    const e2e = await setup();
    const shoot = await prepareJob(e2e.root);
    const host = await e2e.restartHost();
    const { page } = e2e;
    await new HomePage(page).openRecentByKeyboard(host.url, SCHOOL);
    const labeling = new LabelingPage(page);
    await labeling.open();
    await expect.poll(() => labeling.sessions().count()).toBe(3);

    // Each session to its class, with the keyboard on the class picker.
    for (let i = 0; i < 3; i += 1) {
      await labeling.classPicker(i + 1).focus();
      // Typing on a focused picker selects the class whose label starts with what is typed.
      await page.keyboard.type(shoot.classes[i]!.label);
      await expect.poll(() => labeling.classPicker(i + 1).inputValue()).toBe(shoot.classes[i]!.id);
    }

    const name = (c: number, s: number) => {
      const st = shoot.classes[c]!.students[s]!;
      return `${st.firstName} ${st.displayName}`;
    };

    await labeling.workspace().focus();
    for (let c = 0; c < 3; c += 1) {
      if (c > 0) await labeling.press('PageDown');
      await expect.poll(() => labeling.currentBurst().textContent()).toContain('sans élève');
      // The first burst is the group photo: marked as class photo.
      await labeling.press('1');
      // Marked, the group photo needs no student: the next burst is current at once.
      await expect.poll(() => labeling.currentBurst().locator('.burst__number').textContent()).toBe('2');
      expect(await page.locator('.burst', { hasText: 'Photo de classe' }).count()).toBeGreaterThan(0);
      for (let s = 0; s < 5; s += 1) {
        await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(c, s)}`);
        if (c === 1 && s === 2) {
          // A mistake: another student of the class typed for this burst, then undone; the right
          // student is proposed again on the same burst.
          const wrong = shoot.classes[1]!.students[4]!;
          await page.keyboard.type(wrong.firstName.slice(0, 3));
          await expect.poll(() => labeling.picker().getAttribute('aria-expanded')).toBe('true');
          expect(
            await page.evaluate(
              'document.activeElement === document.querySelector("[role=combobox][type=search]")',
            ),
          ).toBe(true);
          await labeling.press('Enter');
          const wrongName = name(1, 4);
          await expect.poll(() => page.locator('.burst', { hasText: wrongName }).count()).toBe(1);
          await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(c, s)}`);
          await labeling.press('Control+z');
          await expect.poll(() => page.locator('.burst', { hasText: wrongName }).count()).toBe(0);
          // Back on the burst that was mislabeled, ready for the right name.
          await expect
            .poll(() => labeling.currentBurst().locator('.burst__number').textContent())
            .toBe(String(s + 2));
          await expect.poll(() => labeling.currentBurst().textContent()).toContain('sans élève');
        }
        if (c === 1 && s === 3) {
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling.png') });
        }
        await labeling.press('Enter');
      }
      await expect
        .poll(() => labeling.proposal().textContent())
        .toBe('Tous les élèves de la classe ont une photo.');
    }

    await expect
      .poll(() => labeling.checks().textContent(), { timeout: 10_000 })
      .toContain('Rien à corriger.');
    expect(await page.locator('.thumb__names--none').count()).toBe(0);

    // The loupe: a large preview of the current burst's photos, ← → inside, Escape to close.
    await labeling.workspace().focus();
    await labeling.press('ArrowLeft');
    await labeling.press(' ');
    await expect.poll(() => page.getByRole('dialog', { name: 'Aperçu de la photo 1 sur 2' }).count()).toBe(1);
    await labeling.press('ArrowRight');
    await expect.poll(() => page.getByRole('dialog', { name: 'Aperçu de la photo 2 sur 2' }).count()).toBe(1);
    await labeling.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // Every shortcut on screen with "?".
    await labeling.press('?');
    const sheet = page.getByRole('dialog', { name: 'Raccourcis clavier' });
    await expect.poll(() => sheet.count()).toBe(1);
    expect(await sheet.textContent()).toContain('Élève absent');
    await labeling.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  }, 120_000);
});
