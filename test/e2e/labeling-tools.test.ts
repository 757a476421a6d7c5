/**
 * The labeling screen's tools beyond sequence mode, driven in the real UI served by the browser
 * host: sessions assigned to classes by drag and drop, sessions and bursts split and joined at a
 * photo from the keyboard, photo-by-photo selection with the mouse and the keyboard, an absent
 * student kept across a reload, the "à trier" pile labeled, the whole-shoot view, the loupe's
 * filmstrip, consent badges, and the XMP export run as a task.
 */
import { mkdirSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { cachePaths } from '../../src/main/core/ingest/derivatives';
import { silentLogger } from '../../src/main/lib/logger';
import { seedShoot, type SeededShoot } from '../fixtures/labeling-shoot';
import { e2eEnabled, SCREENSHOT_DIR, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { LabelingPage } from './pages/labeling-page';

const { setup } = useE2E();
const SCHOOL = 'École Jean Jaurès';
const ASIDE = ['x900001', 'x900002', 'x900003'];

/** 2 classes of 4 students (3-photo bursts), a "do not photograph" student, and 3 photos without a capture time. */
async function prepareJob(root: string): Promise<SeededShoot> {
  const core = await createCore({
    host: 'test',
    logger: silentLogger,
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
  });
  try {
    const client = core.client();
    const job = await client.call('jobs.create', {
      schoolName: SCHOOL,
      town: 'Rennes',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const shoot = await seedShoot(core, job.id, { classes: 2, studentsPerClass: 4, burst: 3, images: true });
    await client.call('consent.record', {
      jobId: job.id,
      studentId: shoot.classes[0]!.students[3]!.id,
      use: 'photo',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-09-20',
      source: 'paper_form',
    });
    const open = core.jobs.get(job.id);
    const insert = open.db.prepare(
      `INSERT INTO photo (id, sha256, file_name, original_name, size, kind, captured_at, capture_ms, capture_source, camera_id, width, height, has_thumb, has_preview, ingested_at)
       VALUES (?, ?, ?, ?, 1000, 'jpeg', NULL, NULL, 'file', NULL, 96, 64, 1, 1, ?)`,
    );
    for (const id of ASIDE) {
      insert.run(id, id, `${id}.JPG`, `${id}.JPG`, new Date().toISOString());
      const paths = cachePaths(open.dir, id);
      for (const [file, width] of [
        [paths.thumb, 240],
        [paths.preview, 960],
      ] as const) {
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await sharp({
          create: { width, height: width / 1.5, channels: 3, background: { r: 200, g: 190, b: 160 } },
        })
          .jpeg({ quality: 70 })
          .toFile(file);
      }
    }
    return shoot;
  } finally {
    await core.close();
  }
}

describe.skipIf(!e2eEnabled)('labeling tools', () => {
  it('drags sessions to classes, splits and joins at a photo, selects photos, keeps absents, sorts the pile, exports XMP', async () => {
    const e2e = await setup();
    const shoot = await prepareJob(e2e.root);
    const host = await e2e.restartHost();
    const { page } = e2e;
    const name = (c: number, s: number) => {
      const st = shoot.classes[c]!.students[s]!;
      return `${st.firstName} ${st.displayName}`;
    };
    const openLabeling = async () => {
      await page.goto(host.url);
      const home = new HomePage(page);
      await home.waitUntilLoaded();
      await home.openRecent(SCHOOL);
      const labeling = new LabelingPage(page);
      await labeling.open();
      return labeling;
    };
    const labeling = await openLabeling();
    await expect.poll(() => labeling.sessions().count()).toBe(2);
    const sequenceBar = page.locator('.sequence-bar');

    // Drag and drop: each session onto its class in the class list.
    for (let i = 0; i < 2; i += 1) {
      await labeling
        .sessions()
        .nth(i)
        .dragTo(page.locator(`[data-testid=class-drop][data-class="${shoot.classes[i]!.id}"]`));
      await expect.poll(() => labeling.classPicker(i + 1).inputValue()).toBe(shoot.classes[i]!.id);
    }

    // Join session 2 to session 1 at the keyboard, then cut it again at the same photo.
    await labeling.sessions().nth(1).getByRole('button').first().click();
    await expect.poll(() => sequenceBar.textContent()).toContain('Séance 2');
    await labeling.workspace().focus();
    await labeling.press('Control+Alt+j');
    await expect.poll(() => labeling.sessions().count()).toBe(1);
    await expect.poll(() => sequenceBar.textContent()).toContain('Séance 1');
    // Undone, the join gives the two sessions back, on the session where the cut was.
    await labeling.press('Control+z');
    await expect.poll(() => labeling.sessions().count()).toBe(2);
    await expect.poll(() => sequenceBar.textContent()).toContain('Séance 2');
    await labeling.press('Control+Alt+j');
    await expect.poll(() => labeling.sessions().count()).toBe(1);
    await labeling.press('Control+Alt+k');
    await expect.poll(() => labeling.sessions().count()).toBe(2);
    await expect.poll(() => sequenceBar.textContent()).toContain('Séance 2');
    await expect.poll(() => labeling.classPicker(1).inputValue()).toBe(shoot.classes[0]!.id);
    await expect.poll(() => labeling.classPicker(2).inputValue()).toBe(shoot.classes[1]!.id);

    // Cut a burst at its second photo, then join it back.
    await labeling.press('PageUp');
    await expect.poll(() => sequenceBar.textContent()).toContain('Rafale 1 sur 5');
    await labeling.press('ArrowRight');
    await labeling.press('Control+ArrowRight');
    await labeling.press('Control+k');
    await expect.poll(() => sequenceBar.textContent()).toContain('Rafale 3 sur 6');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Rafale coupée');
    await labeling.press('Control+j');
    await expect.poll(() => sequenceBar.textContent()).toContain('Rafale 2 sur 5');

    // Selection with the mouse: a click, a shift-click range, a ctrl-click taken out.
    const burst2 = labeling.currentBurst().getByTestId('photo');
    await burst2.nth(0).click();
    await burst2.nth(2).click({ modifiers: ['Shift'] });
    await expect.poll(() => labeling.target().textContent()).toContain('3 photos sélectionnées');
    await burst2.nth(1).click({ modifiers: ['Control'] });
    await expect.poll(() => labeling.target().textContent()).toContain('2 photos sélectionnées');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-selection.png') });
    // Labeled where they are: photos 1 and 3 get the student, photo 2 stays without one.
    await page.keyboard.type(shoot.classes[0]!.students[0]!.firstName.slice(0, 3));
    await labeling.press('Enter');
    await expect.poll(() => burst2.nth(0).textContent()).toContain(name(0, 0));
    await expect.poll(() => burst2.nth(2).textContent()).toContain(name(0, 0));
    expect(await burst2.nth(1).textContent()).toContain('sans élève');
    await expect.poll(() => labeling.target().textContent()).toContain('Toute la rafale (3 photos)');
    // With the keyboard: Shift+→ extends from the photo the keyboard is on; the mark goes to the selection.
    await labeling.workspace().focus();
    await labeling.press('Control+ArrowRight');
    await labeling.press('Shift+ArrowLeft');
    await expect.poll(() => labeling.target().textContent()).toContain('2 photos sélectionnées');
    await labeling.press('3');
    await expect.poll(() => burst2.nth(1).textContent()).toContain('Fratrie');
    await expect.poll(() => burst2.nth(2).textContent()).toContain('Fratrie');
    expect(await burst2.nth(0).textContent()).not.toContain('Fratrie');

    // The student refused to be photographed: labeled only once confirmed, then the badge shows on their photos.
    await labeling.press('ArrowRight');
    await labeling.press('ArrowRight');
    await labeling.press('ArrowRight');
    await page.keyboard.type(shoot.classes[0]!.students[3]!.firstName.slice(0, 3));
    await labeling.press('Enter');
    await labeling.consentConfirm().getByRole('button', { name: 'Identifier quand même' }).click();
    await expect
      .poll(() =>
        page
          .locator('.burst', { hasText: name(0, 3) })
          .first()
          .textContent(),
      )
      .toContain('Ne pas photographier');

    // An absent student ("-"): the next one is proposed, and it is still so after a reload.
    await labeling.workspace().focus();
    await labeling.press('Home');
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(0, 1)}`);
    await labeling.press('-');
    await expect.poll(() => labeling.proposal().textContent()).toBe(`Proposé : ${name(0, 2)}`);
    await expect.poll(() => page.getByTestId('absent-student').textContent()).toContain(name(0, 1));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-tools.png') });

    const again = await openLabeling();
    await expect.poll(() => again.proposal().textContent()).toBe(`Proposé : ${name(0, 2)}`);
    await expect.poll(() => page.getByTestId('absent-student').count()).toBe(1);

    // A check about photos opens the first of them, on its burst.
    await again
      .checks()
      .getByRole('button', { name: /À ne pas photographier/ })
      .click();
    await expect.poll(() => again.currentBurst().textContent()).toContain(name(0, 3));
    await again.press('Home');

    // The loupe shows a filmstrip of the session under the photo.
    await again.workspace().focus();
    await again.press(' ');
    const loupe = page.getByRole('dialog', { name: /Aperçu de la photo 1 sur/ });
    await expect.poll(() => loupe.count()).toBe(1);
    await expect.poll(() => loupe.getByRole('list', { name: 'Pellicule de la séance' }).count()).toBe(1);
    expect(await loupe.locator('.filmstrip__frame').count()).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-loupe.png') });
    await again.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // The "à trier" pile: after the last session; scoped to a class, labeled and marked.
    await again.workspace().focus();
    await again.press('PageDown');
    await again.press('PageDown');
    await expect.poll(() => page.locator('.sequence-bar').textContent()).toContain('À trier');
    await expect.poll(() => page.locator('.sequence-bar').textContent()).toContain('Photo 1 sur 3');
    await page.getByRole('combobox', { name: 'Classe proposée pour la pile à trier' }).selectOption({
      label: shoot.classes[1]!.label,
    });
    await again.workspace().focus();
    await expect.poll(() => again.proposal().textContent()).toBe(`Proposé : ${name(1, 0)}`);
    await again.press('Enter');
    await expect.poll(() => page.locator('[data-photo="x900001"]').textContent()).toContain(name(1, 0));
    await expect.poll(() => page.locator('.sequence-bar').textContent()).toContain('Photo 2 sur 3');
    await again.press('4');
    await expect.poll(() => page.locator('[data-photo="x900002"]').textContent()).toContain('Écartée');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-pile.png') });

    // The whole shoot in one grid; a photo opens in its session.
    await again.press('Control+g');
    const all = page.getByRole('grid', { name: 'Tout le reportage' });
    await expect.poll(() => all.count()).toBe(1);
    await expect.poll(() => page.locator('.job-grid__summary').textContent()).toContain('29 photos');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-all.png') });
    // From the keyboard: Tab into the grid, End to the last photo (the pile comes last), ← and Enter.
    await page.keyboard.press('Tab');
    await again.press('End');
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("data-cell")'))
      .toBe('x900003');
    await again.press('ArrowLeft');
    await again.press('ArrowLeft');
    await again.press('Enter');
    await expect.poll(() => page.locator('.sequence-bar').textContent()).toContain('À trier');
    await expect.poll(() => again.currentBurst().locator('[data-photo="x900001"]').count()).toBe(1);

    // Every new shortcut is on the cheat sheet.
    await again.workspace().focus();
    await again.press('?');
    const sheet = page.getByRole('dialog', { name: 'Raccourcis clavier' });
    await expect.poll(() => sheet.count()).toBe(1);
    for (const label of [
      'Nouvelle rafale à partir de cette photo',
      'Nouvelle séance à partir de cette photo',
      'Joindre la séance à la précédente',
      'Étendre la sélection photo par photo',
      'Glisser une séance sur une classe',
    ])
      expect(await sheet.textContent()).toContain(label);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labeling-shortcuts.png') });
    await again.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // "Exporter les XMP": a task, followed in the tasks panel to its end.
    await page.getByRole('button', { name: 'Exporter les XMP' }).click();
    await expect
      .poll(() => page.locator('.labeling__side').textContent(), { timeout: 30_000 })
      .toMatch(/Export des XMP[\s\S]*Terminé/);
  }, 150_000);
});
