/**
 * Printed photo cards end to end, in the real UI in Chromium, as a photographer works: the cards
 * printed from the roster screen (the PDF read back: every child of the class is on it), a card shoot
 * made with THIS job's codes (one child's card forgotten, a child marked « ne pas photographier »
 * holding up their card) ingested from the ingest screen, the card labels reviewed and a whole class
 * accepted in one action in the labeling screen, then the one doubtful series given to the right
 * child from the keyboard only — checked in the core: those frames carry that child's label, given
 * by a person, and nothing else changed. Screenshots at each step. The shoot has real JPEG frames,
 * so this file runs its own in-process browser host over a test core (as production.test.ts does).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { afterAll, describe, expect, it } from 'vitest';
import { CardsRepository } from '../../src/main/core/cards/cards.repository';
import { formatCardCode } from '../../src/shared/domain/cards';
import { writeCardShoot, type CardShot } from '../fixtures/card-shoot';
import { giveConsent } from '../fixtures/consent';
import { CAMERAS, addSeconds } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { pdfText, renderPdfPage } from '../helpers/pdf';
import { e2eEnabled, screenshotPath } from './harness';
import { useInProcessHosts } from './in-process-hosts';
import { IngestPage } from './pages/ingest-page';
import { LabelingPage } from './pages/labeling-page';
import { RosterPage } from './pages/roster-page';

const inProcess = useInProcessHosts();
const et = new ExifTool({ maxProcs: 1 });

afterAll(async () => {
  await et.end();
});

const CE1 = [
  ['Aïcha', 'Martin'],
  ['Hugo', 'Bernard'],
  ['Léa', 'Petit'], // her card is forgotten on the day
  ['Noé', 'Robert'],
  ['Inès', 'Richard'], // « ne pas photographier », yet her card shows up
] as const;
const CM2 = [
  ['Jules', 'Moreau'],
  ['Zoé', 'Laurent'],
] as const;

describe.skipIf(!e2eEnabled)('printed photo cards', () => {
  it('prints the cards, ingests a card shoot, accepts a class, and fixes the doubtful series from the keyboard', async () => {
    const t = await testCore();
    const client = t.core.client();
    const job = await client.call('jobs.create', {
      schoolName: 'École Louise Michel',
      town: 'Nantes',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const jobId = job.id;
    const ce1 = await client.call('classes.add', { jobId, label: 'CE1 A', level: 'CE1' });
    const cm2 = await client.call('classes.add', { jobId, label: 'CM2 B', level: 'CM2' });
    const add = async (classId: string, [firstName, familyName]: readonly [string, string]) =>
      client.call('students.add', { jobId, classId, firstName, familyName });
    const a: Awaited<ReturnType<typeof add>>[] = [];
    for (const s of CE1) a.push(await add(ce1.id, s));
    const b: Awaited<ReturnType<typeof add>>[] = [];
    for (const s of CM2) b.push(await add(cm2.id, s));
    for (const s of [...a, ...b]) await giveConsent(client, jobId, s.id);
    // Inès's parents refused any photo after the form was handed in.
    await giveConsent(client, jobId, a[4]!.id, ['photo'], 'refused');

    const host = await inProcess.host(t.core);
    const context = await inProcess.context('fr-FR');
    const errors: string[] = [];
    context.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    context.on('weberror', (e) => errors.push(String(e.error())));
    const page = await context.newPage();
    await page.goto(`${host.url}#/reportage/${jobId}`);

    // 1. The cards, printed from the roster screen's shoot-day list.
    const roster = new RosterPage(page);
    await roster.open();
    await roster.tab(/^Liste de prise de vue$/);
    await page.getByRole('button', { name: 'Imprimer les cartes de prise de vue' }).click();
    const printed = page.getByTestId('cards-pdf');
    await expect.poll(() => printed.textContent(), { timeout: 30_000 }).toContain('cartes-CE1 A.pdf');
    // In a browser, each class's PDF is a link the browser opens.
    const link = printed.getByRole('link', { name: 'cartes-CE1 A.pdf' });
    const served = await page.request.get(new URL((await link.getAttribute('href'))!, host.url).href);
    expect(served.headers()['content-type']).toBe('application/pdf');
    expect(await printed.getByRole('link', { name: 'cartes-CM2 B.pdf' }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('cards-1-print.png'), fullPage: true });
    const openJob = t.core.jobs.get(jobId);
    const pdfOf = (label: string) => path.join(openJob.dir, 'exports', 'cartes', `cartes-${label}.pdf`);
    const ce1Text = await pdfText(pdfOf('CE1 A'));
    for (const [first, family] of CE1) {
      expect(ce1Text).toContain(first);
      expect(ce1Text.toUpperCase()).toContain(family.toUpperCase());
    }
    for (const [first] of CM2) expect(ce1Text).not.toContain(first);
    // The first sheet as it prints, to be looked at.
    writeFileSync(screenshotPath('cards-1-pdf-page-1.png'), await renderPdfPage(pdfOf('CE1 A'), 1, 80));
    expect(await pdfText(pdfOf('CM2 B'))).toContain('Zoé');

    // 2. A card shoot with this job's codes: Léa's card forgotten (her frames follow Hugo's after a
    // pause), Inès's card photographed although she must not be. Camera A, 1400 px frames.
    const repo = new CardsRepository(openJob.db);
    const key = repo.settings()!.jobKey;
    const codes = repo.codes();
    const codeOf = (studentId: string) =>
      formatCardCode(key, 'student', codes.find((c) => c.studentId === studentId)!.token);
    const classCode = (classId: string) =>
      formatCardCode(key, 'class', codes.find((c) => c.kind === 'class' && c.classId === classId)!.token);
    const shots: CardShot[] = [];
    let seed = 1;
    let time = '2026-10-06T09:00:00.000';
    const series = (code: string | null, portraits: number) => {
      if (code)
        shots.push({ trueTime: time, codes: [code], look: { fraction: 0.2, angle: 6 }, seed: seed++ });
      for (let i = 0; i < portraits; i += 1)
        shots.push({ trueTime: addSeconds(time, 3 + 2 * i), seed: seed++ });
      time = addSeconds(time, 30);
    };
    series(classCode(ce1.id), 1);
    series(codeOf(a[0]!.id), 2);
    series(codeOf(a[1]!.id), 2);
    series(null, 2); // Léa
    series(codeOf(a[3]!.id), 2);
    series(codeOf(a[4]!.id), 1); // Inès
    time = '2026-10-06T09:20:00.000';
    series(classCode(cm2.id), 1);
    series(codeOf(b[0]!.id), 2);
    series(codeOf(b[1]!.id), 2);
    const cardDir = path.join(t.root, 'card', 'EOS_DIGITAL');
    const files = await writeCardShoot(cardDir, CAMERAS.a, shots, et, { width: 1400, height: 933 });

    const ingest = new IngestPage(page);
    await ingest.open();
    await ingest.typeSource(cardDir);
    await expect
      .poll(() => ingest.scanSummary().textContent())
      .toContain(`${shots.length} nouveaux fichiers à importer`);
    await expect.poll(() => ingest.startButton().isEnabled()).toBe(true);
    await ingest.startButton().click();
    await expect
      .poll(() => ingest.verdict().textContent(), { timeout: 60_000 })
      .toContain('Carte 1 (boîtier A) copiée et vérifiée — peut être formatée.');
    await t.core.tasks.idle(jobId);
    await expect.poll(() => ingest.photoCount().textContent()).toBe(String(shots.length));
    // Body A's row counts every photo of the card once the ingest is over.
    await expect
      .poll(() => ingest.cameraRows().first().locator('td').nth(2).textContent())
      .toBe(String(shots.length));
    // The verdict says how many cards were read on the card's photos, once every frame is examined.
    const cardFrames = shots.filter((s) => s.codes).length;
    await expect
      .poll(() => page.getByTestId('photo-cards-read').textContent())
      .toBe(`Cartes de prise de vue : ${cardFrames} lues sur ${shots.length} photos examinées.`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('cards-2-ingest.png'), fullPage: true });

    const photos = (await client.call('photos.list', { jobId })).items;
    const idOf = (i: number) => photos.find((p) => p.originalName === files[i]!.relPath)!.id;
    // Frame indexes in `shots`: 0 class card, 1 group; 2 card + 3,4 Aïcha; 5 card + 6,7 Hugo;
    // 8,9 Léa (no card); 10 card + 11,12 Noé; 13 card + 14 Inès; 15 class card, 16 group;
    // 17 card + 18,19 Jules; 20 card + 21,22 Zoé.
    const lea = [8, 9].map(idOf);
    const ines = [14].map(idOf);

    // 3. The labeling screen: what the cards propose per class, and the doubtful series.
    const labeling = new LabelingPage(page);
    await labeling.open();
    const panel = page.getByTestId('cards-panel');
    await panel.waitFor();
    const doubts = page.getByTestId('cards-doubts');
    await doubts.waitFor();
    const missing = page.getByTestId('cards-doubt-missing_card');
    await expect.poll(() => missing.textContent()).toContain('Hugo Bernard');
    expect(await missing.textContent()).toContain('Léa Petit');
    // Inès's card: flagged at once, her frame held back.
    const held = page.getByTestId('cards-doubt-do_not_photograph');
    await expect.poll(() => held.textContent()).toContain('Inès Richard');
    expect(await held.textContent()).toContain('1 photo retenue jusqu’à décision');
    const classLines = page.getByTestId('cards-class');
    expect(await classLines.allTextContents()).toEqual([
      expect.stringContaining('CE1 A : 7 photos pour 3 élèves, 7 à accepter'),
      expect.stringContaining('CM2 B : 5 photos pour 2 élèves, 5 à accepter'),
    ]);
    // Card frames are nobody's photo: captioned as cards, not « sans élève ».
    await expect.poll(() => page.locator('.thumb__names--card').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('cards-3-review.png'), fullPage: true });

    // A whole class's card labels in one action.
    await panel.getByRole('button', { name: 'Accepter les étiquettes des cartes (CE1 A)' }).click();
    await expect
      .poll(() => panel.getByRole('status').first().locator('.alert__body').textContent())
      .toBe('7 photos étiquetées par carte. Ctrl+Z annule.');
    await expect
      .poll(() => classLines.first().textContent())
      .toBe('CE1 A : 7 photos pour 3 élèves, rien à accepter');
    // Labels a card gave are shown as such on the grid.
    await expect.poll(() => page.locator('.thumb__badge', { hasText: /^Carte$/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('cards-4-accepted.png'), fullPage: true });
    const labelsOf = async () =>
      new Map((await client.call('labels.list', { jobId })).map((l) => [l.photoId, l]));
    const afterAccept = await labelsOf();
    const who = (labels: typeof afterAccept, id: string) => labels.get(id)?.studentIds ?? [];
    for (const [i, s] of [
      [3, a[0]],
      [4, a[0]],
      [6, a[1]],
      [7, a[1]],
      [11, a[3]],
      [12, a[3]],
    ] as const) {
      expect(who(afterAccept, idOf(i))).toEqual([s!.id]);
      expect(afterAccept.get(idOf(i))!.cardStudentIds).toEqual([s!.id]);
    }
    expect(afterAccept.get(idOf(1))?.mark).toBe('class');
    for (const id of [...lea, ...ines]) expect(who(afterAccept, id)).toEqual([]);
    // The other class is not accepted yet.
    for (const i of [18, 19, 21, 22]) expect(who(afterAccept, idOf(i))).toEqual([]);

    // 4. The doubtful series, from the keyboard only: Tab to it, O shows its frames in the grid, Tab
    // back to it, Entrée gives it to the child proposed.
    // A string, evaluated in the page: the Node-side tsconfig has no DOM types.
    const focused = () =>
      page.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`);
    const tabTo = async (testId: string) => {
      for (let i = 0; i < 40; i += 1) {
        if ((await focused()) === testId) return i;
        await page.keyboard.press('Tab');
      }
      throw new Error(`${testId} not reachable with Tab`);
    };
    await labeling.workspace().focus();
    const tabs = await tabTo('cards-doubt-missing_card');
    // From the grid, past the checks and the class lines: a few presses, not a walk through the page.
    expect(tabs).toBeLessThanOrEqual(15);
    await page.keyboard.press('o');
    await expect.poll(() => labeling.currentBurst().locator(`[data-photo="${lea[0]}"]`).count()).toBe(1);
    expect(await focused()).toBe('labeling-workspace');
    await tabTo('cards-doubt-missing_card');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => panel.getByRole('status').first().locator('.alert__body').textContent())
      .toBe('2 photos données à Léa Petit.');
    // The doubt is settled and leaves the list; the focus moves on to the next one.
    await expect.poll(() => missing.count()).toBe(0);
    await expect.poll(focused).toBe('cards-doubt-do_not_photograph');
    await expect.poll(() => labeling.currentBurst().textContent()).toContain('Léa Petit');
    await page.screenshot({ path: screenshotPath('cards-5-fixed.png'), fullPage: true });
    const afterFix = await labelsOf();
    for (const id of lea) {
      expect(who(afterFix, id)).toEqual([a[2]!.id]);
      expect(afterFix.get(id)!.cardStudentIds).toEqual([]); // a person's label
    }
    for (const p of photos)
      if (!lea.includes(p.id)) expect(afterFix.get(p.id)).toEqual(afterAccept.get(p.id));
    // Inès stays held back until a person decides.
    for (const id of ines) expect(who(afterFix, id)).toEqual([]);
    expect(await held.count()).toBe(1);

    // The same panel in English (French first, English second: every string has both).
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => held.textContent()).toContain('1 photo held back until a decision');
    expect(await classLines.first().textContent()).toBe('CE1 A: 7 photos for 3 students, nothing to accept');
    expect(await panel.getByRole('status').first().locator('.alert__body').textContent()).toBe(
      '2 photos given to Léa Petit.',
    );
    await page.screenshot({ path: screenshotPath('cards-6-english.png'), fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
