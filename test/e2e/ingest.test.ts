/**
 * Card ingest through the real UI: a generated camera card (a dozen JPEGs and one truncated file),
 * typed as a path in the browser host, copied and verified with live progress, the verdict in words,
 * the grid filled with real thumbnails, the broken file named with its reason, and the same card
 * offered again bringing nothing new. Also: a card appearing under a watched mount root is offered.
 */
import { execFileSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAMERAS, generateCard, schoolDay } from '../fixtures/shoot-generator';
import { tempDir } from '../helpers/temp-dir';
import { e2eEnabled, screenshotPath, useE2E } from './harness';
import { HomePage } from './pages/home-page';
import { IngestPage } from './pages/ingest-page';
import { JobPage } from './pages/job-page';

const { setup } = useE2E();

async function makeCard(dir: string): Promise<string> {
  const shots = schoolDay({ classes: 2, studentsPerClass: 5, burst: 1, width: 160, height: 120 });
  const card = await generateCard(dir, { camera: CAMERAS.a, shots });
  const first = await fsp.readFile(path.join(dir, card.files[0]!.relPath));
  // A file the card lost half of (pulled out while the camera was writing).
  await fsp.writeFile(
    path.join(dir, 'DCIM/100CANON/IMG_0999.JPG'),
    first.subarray(0, Math.floor(first.length / 3)),
  );
  return dir;
}

/**
 * Puts one photo at the bottom of folders nested deeper than the system's path limit (as copied from
 * a server): it cannot be copied, so the card must not be declared safe. Returns the folder to remove
 * with `rm` (Node cannot remove a tree that deep).
 */
function addTooDeepPhoto(cardDir: string, photo: string): string {
  const segment = 'x'.repeat(200);
  const parent = path.join(cardDir, 'DCIM', '100CANON');
  execFileSync('bash', [
    '-c',
    'cd "$1" && for i in $(seq 24); do mkdir "$2" && cd "$2"; done && cp "$3" IMG_9999.JPG',
    'bash',
    parent,
    segment,
    photo,
  ]);
  return path.join(parent, segment);
}

async function openNewJob(e2e: Awaited<ReturnType<typeof setup>>, school: string): Promise<void> {
  await e2e.page.goto(e2e.host.url);
  const home = new HomePage(e2e.page);
  await home.waitUntilLoaded();
  await home.fillNewJob({ school, town: 'Lyon' });
  await home.submit();
  await expect.poll(() => new JobPage(e2e.page).title().textContent()).toBe(school);
}

describe.skipIf(!e2eEnabled)('card ingest in the browser', () => {
  it('ingests a card typed as a path: progress, verdict, thumbnails, the broken file, then nothing new', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const cardDir = await makeCard(path.join(e2e.root, 'card', 'EOS_DIGITAL'));
    await openNewJob(e2e, 'École Louis Pasteur');

    const ingest = new IngestPage(page);
    await ingest.open();
    await ingest.typeSource(cardDir);
    const backup = path.join(e2e.root, 'backup-drive');
    await fsp.mkdir(backup);
    await ingest.backupField().fill(backup);
    await expect.poll(() => ingest.scanSummary().textContent()).toContain('13 nouveaux fichiers à importer');
    await expect.poll(() => ingest.startButton().isEnabled()).toBe(true);
    await ingest.startButton().click();

    // Progress, caught while it runs when the machine is slow enough; the verdict in any case.
    await ingest.progress().or(ingest.verdict()).first().waitFor();
    await page.screenshot({ path: screenshotPath('ingest-progress.png') });
    await expect
      .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
      .toContain('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');

    // The truncated file was copied and verified like any other, and is named with its reason.
    await expect.poll(() => ingest.unreadableFiles().count(), { timeout: 60_000 }).toBe(1);
    const unreadable = (await ingest.unreadableFiles().first().textContent()) ?? '';
    expect(unreadable).toContain('DCIM/100CANON/IMG_0999.JPG');
    expect(unreadable).toMatch(/endommagée ou tronquée/);
    expect(await ingest.verdict().textContent()).toContain('13 fichiers vérifiés');

    // The grid shows every photo, real thumbnails decoded from the media route, the broken one flagged.
    await expect.poll(() => ingest.photoCount().textContent()).toBe('13');
    await expect.poll(() => ingest.loadedThumbnails(), { timeout: 30_000 }).toBe(12);
    await expect.poll(() => page.locator('.photo-badge--error').count()).toBe(1);

    // Every file also went to the backup folder, which the studio now remembers.
    const backedUp = (await fsp.readdir(backup, { recursive: true, withFileTypes: true })).filter((d) =>
      d.isFile(),
    );
    expect(backedUp.filter((d) => d.name.endsWith('.JPG')).length).toBe(13);

    // The same card again: nothing to import.
    await expect.poll(() => ingest.nothingNew().count()).toBe(1);
    expect(await ingest.startButton().count()).toBe(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('ingest-done.png'), fullPage: true });

    await page.getByRole('button', { name: 'Vue d’ensemble' }).click();
    await ingest.open();
    await expect.poll(() => ingest.backupField().inputValue()).toBe(backup);

    // A camera clock set 1 min 35 s late: every capture time shown moves by that much.
    const before = await ingest.cellTimes();
    expect(before[0]).toBe('08:45:00');
    await ingest.setOffset('A', '+1 min 35 s');
    await expect.poll(async () => (await ingest.cellTimes())[0]).toBe('08:46:35');
    expect(await ingest.cameraRows().first().locator('input').inputValue()).toBe('+1 min 35 s');
  });

  it('shows the red “ne pas formater” verdict naming the one file that could not be copied', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const cardDir = await makeCard(path.join(e2e.root, 'card', 'EOS_DIGITAL'));
    const deep = addTooDeepPhoto(cardDir, path.join(cardDir, 'DCIM/100CANON/IMG_0999.JPG'));
    try {
      await openNewJob(e2e, 'École Simone Veil');
      const ingest = new IngestPage(page);
      await ingest.open();
      await ingest.typeSource(cardDir);
      await expect
        .poll(() => ingest.scanSummary().textContent())
        .toContain('14 nouveaux fichiers à importer');
      await expect.poll(() => ingest.startButton().isEnabled()).toBe(true);
      await ingest.startButton().click();

      await expect
        .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
        .toContain('Carte 1 (boîtier A) : NE PAS FORMATER — 1 fichier non copié ou non vérifié.');
      // Red, announced as an alert, and the file named with what to do.
      expect(await ingest.verdict().getAttribute('class')).toContain('verdict--unsafe');
      expect(await ingest.verdict().getAttribute('role')).toBe('alert');
      const failed = page.getByTestId('failed-files').getByRole('listitem');
      await expect.poll(() => failed.count()).toBe(1);
      const line = (await failed.first().textContent()) ?? '';
      expect(line).toContain('DCIM/100CANON/xxxxxxxx');
      expect(line).toContain('nom ou chemin trop long pour le système');
      expect(line).toContain('copiez-le à la main avant de formater la carte');
      // Every other file was copied and verified all the same.
      await expect
        .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
        .toContain('13 fichiers vérifiés');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath('ingest-unsafe.png'), fullPage: true });
    } finally {
      execFileSync('rm', ['-rf', deep]);
    }
  });

  it('checks the copies of a card inserted again, makes a deleted original again from it and says so', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const shots = schoolDay({ classes: 1, studentsPerClass: 3, burst: 1, width: 160, height: 120 });
    const cardDir = path.join(e2e.root, 'card', 'EOS_DIGITAL');
    await generateCard(cardDir, { camera: CAMERAS.a, shots });
    await openNewJob(e2e, 'École Marie Curie');
    const ingest = new IngestPage(page);
    await ingest.open();
    await ingest.typeSource(cardDir);
    await ingest.startButton().click();
    await expect
      .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
      .toContain('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');
    await expect.poll(() => ingest.nothingNew().count(), { timeout: 60_000 }).toBe(1);

    // One original goes missing from the job folder (deleted by hand, a bad disk…).
    const jobDir = path.join(e2e.root, 'library', (await fsp.readdir(path.join(e2e.root, 'library')))[0]!);
    const originals = path.join(jobDir, 'originals');
    const victim = (await fsp.readdir(originals)).filter((n) => n.endsWith('.JPG')).sort()[1]!;
    await fsp.rm(path.join(originals, victim));

    // Nothing new on the card, but its copies can (and must) be checked before formatting it.
    expect(await ingest.nothingNew().textContent()).toContain('contrôlez que leurs copies sont toujours là');
    await ingest.recheckButton().click();
    await expect
      .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
      .toContain(
        'Carte 1 (boîtier A) copiée et vérifiée — peut être formatée. 1 copie manquante ou endommagée refaite depuis la carte et vérifiée.',
      );
    await expect.poll(() => ingest.repairedFiles().count()).toBe(1);
    const line = (await ingest.repairedFiles().first().textContent()) ?? '';
    expect(line).toMatch(/^DCIM\/100CANON\/IMG_\d{4}\.JPG/);
    expect(line).toContain(`copie absente de « ${originals} » : refaite depuis la carte et vérifiée`);
    expect((await fsp.readdir(originals)).includes(victim)).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('ingest-repaired.png'), fullPage: true });
  });

  it('aligns a second camera on two photos of the same moment picked in the grid', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const shots = schoolDay({ classes: 1, studentsPerClass: 2, burst: 1, width: 120, height: 90 });
    const cardA = path.join(e2e.root, 'cards', 'A');
    const cardB = path.join(e2e.root, 'cards', 'B');
    await generateCard(cardA, { camera: CAMERAS.a, shots });
    // Body B's clock is 1 min 35 s fast; it photographed the same moments.
    await generateCard(cardB, {
      camera: CAMERAS.b,
      shots: shots.map((x) => ({ ...x, seed: (x.seed ?? 0) + 1000 })),
    });
    await openNewJob(e2e, 'École Jean Jaurès');
    const ingest = new IngestPage(page);
    await ingest.open();
    for (const [dir, label] of [
      [cardA, 'Carte 1 (boîtier A)'],
      [cardB, 'Carte 2 (boîtier B)'],
    ] as const) {
      await ingest.typeSource(dir);
      await ingest.startButton().click();
      await expect.poll(() => ingest.verdict().textContent(), { timeout: 60_000 }).toContain(label);
      await expect.poll(() => ingest.nothingNew().count(), { timeout: 60_000 }).toBe(1);
    }
    await expect
      .poll(() => ingest.cellTimes())
      .toEqual(['08:45:00', '08:46:35', '08:47:00', '08:47:40', '08:48:35', '08:49:15']);

    await page.getByRole('button', { name: 'Aligner sur deux photos' }).click();
    await ingest.cells().filter({ hasText: '08:45:00' }).click();
    await ingest.cells().filter({ hasText: '08:46:35' }).click();
    await page.getByRole('button', { name: 'Aligner ce boîtier' }).click();

    await expect
      .poll(() => ingest.cellTimes())
      .toEqual(['08:45:00', '08:45:00', '08:47:00', '08:47:00', '08:47:40', '08:47:40']);
    await expect
      .poll(() => page.getByLabel('Décalage d’horloge du boîtier B').inputValue())
      .toBe('−1 min 35 s');
  });

  it('offers a card inserted under a watched mount root with a banner, and imports it from there', async () => {
    const mountRoot = tempDir('preau-e2e-mnt-');
    process.env.PREAU_MOUNT_ROOTS = mountRoot;
    try {
      const e2e = await setup();
      const { page } = e2e;
      await openNewJob(e2e, 'École Marie Curie');
      const ingest = new IngestPage(page);
      expect(await ingest.banner().count()).toBe(0);

      // Written elsewhere, then mounted in one step, as a card appears to the system.
      const staged = await makeCard(path.join(e2e.root, 'staged', 'EOS_DIGITAL'));
      await fsp.rename(staged, path.join(mountRoot, 'EOS_DIGITAL'));
      await expect
        .poll(() => ingest.banner().textContent(), { timeout: 15_000 })
        .toContain('Nouvelle carte détectée : « EOS_DIGITAL » — 13 fichiers');
      await ingest.banner().getByRole('button', { name: 'Importer' }).click();
      expect(await ingest.sourceField().inputValue()).toBe(path.join(mountRoot, 'EOS_DIGITAL'));
      expect(await ingest.banner().count()).toBe(0);
      await expect
        .poll(() => ingest.scanSummary().textContent())
        .toContain('13 nouveaux fichiers à importer');
    } finally {
      delete process.env.PREAU_MOUNT_ROOTS;
    }
  });
});
