/**
 * Every screen of the app as a studio user sees it, in French then in English, on a labeled, proofed
 * and published school with paper and online orders: the shoots list and the new-shoot form with the
 * studio settings, then each step of the shoot and its tabs (the student's card and data panel, the
 * consent grid, the labeling cheat sheet, an order's detail). Each screen is screenshotted
 * (test-output/e2e/tour-<nn>-<screen>-<lang>.png) and its visible words checked: no word of the other
 * language, French dates and amounts, no internal id shown. The language is switched on a job
 * screen, so what the core worded must follow it without a reload.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { publishSchool } from '../fixtures/publish-school';
import { orderOnline, recordPaperOrders } from '../helpers/family-order';
import { e2eEnabled, SCREENSHOT_DIR, screenshotPath } from './harness';
import { useInProcessHosts } from './in-process-hosts';

const inProcess = useInProcessHosts();

type Lang = 'fr' | 'en';

/** The visible text of the app, as the user reads it. */
const textOf = (page: Page) => page.locator('.app').innerText();

/** Text with its no-break spaces as plain ones (« 12,50 € » is written with one before €). */
const flat = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** What the school and the studio typed (names, price list): their words, in whatever language. */
const DATA = [
  /Coopérative scolaire OCCE de l’école Jules Ferry/g,
  /École Jules Ferry|OCCE Coop Jules Ferry/g,
  /Pochette complète|Photo de (?:classe|fratrie) \d+×\d+|Tirage \d+×\d+/g,
  // The kinds of school and association, with their French names beside the English.
  /\((?:élémentaire|collège|lycée)\)|Maison des lycéens/g,
];
/** Words of the other language, on a line of the UI. */
const OTHER_LANGUAGE: Record<Lang, RegExp> = {
  fr: /\b(the|and|with|without|orders?|students?|cancel|save|loading|none|online|photos? of)\b/i,
  en: /[«»]|\b(le|la|les|des|une|pour|avec|sans|aucun|aucune|commandes?|élèves?|classe|enregistrer|annuler|entrée|échap|maj|espace|suppr|glisser|laboratoire)\b/i,
};

/** The lines of a screen that a French or English reader would stumble on, with why. */
function stumbles(text: string, lang: Lang): string[] {
  let plain = text;
  for (const d of DATA) plain = plain.replace(d, '');
  return plain.split('\n').flatMap((line) => {
    const why: string[] = [];
    if (OTHER_LANGUAGE[lang].test(line)) why.push('other language');
    if (/\b\d{4}-\d{2}-\d{2}\b/.test(line)) why.push('ISO date');
    if (lang === 'fr' && /€\d|€[\u00a0\u202f]\d|\d\.\d{2}\s?€/.test(line)) why.push('amount not « 12,50 € »');
    if (/\{\w+[,}]|undefined|NaN|\bnull\b|\(s\)|[0-9a-f]{8}-[0-9a-f]{4}-/.test(line)) why.push('raw value');
    if (/^\s*·/.test(line)) why.push('stray separator');
    return why.length > 0 ? [`${why.join(', ')}: ${line}`] : [];
  });
}

describe.skipIf(!e2eEnabled)('screens tour', () => {
  it('shows every screen in French, then in English, in the words of the language chosen', async () => {
    const s = await publishSchool({ classes: 2, studentsPerClass: 3 });
    const { client, jobId } = s;
    const sessions = await client.call('sessions.list', { jobId });
    for (const [i, session] of sessions.sessions.entries())
      await client.call('sessions.assignClass', { jobId, sessionId: session.id, classId: s.classes[i]!.id });
    for (const c of s.classes) {
      for (const st of c.students) {
        const poses = s.photos
          .filter((p) => p.classIndex === s.classes.indexOf(c) && p.studentIndex === c.students.indexOf(st))
          .map((p) => p.id);
        await client.call('proofing.setPoses', { jobId, studentId: st.id, photoIds: poses });
      }
      const classPhoto = s.photos.find(
        (p) => p.classIndex === s.classes.indexOf(c) && p.studentIndex === null,
      );
      await client.call('proofing.pickClassPhoto', { jobId, classId: c.id, photoId: classPhoto!.id });
    }
    await client.call('forms.build', { jobId });
    await client.call('shootList.pdf', { jobId });
    await client.call('publish.start', { jobId });
    await s.core.tasks.idle(jobId);
    const [lea, tom] = s.classes[0]!.students;
    const [, jade] = s.classes[1]!.students;
    await recordPaperOrders(s, [
      [lea!, 'cheque'],
      [tom!, 'cash'],
    ]);
    await orderOnline(s, jade!.id, { q_P_1: '1', q_T1_1: '2' });
    await client.call('orders.sync', { jobId });
    await s.core.tasks.idle(jobId);

    const host = await inProcess.host(s.core);
    const { page, errors } = await inProcess.page('en-US');

    // Screens are numbered in visiting order: a former tour's files would mix with this one's.
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const f of readdirSync(SCREENSHOT_DIR, { withFileTypes: true }))
      if (f.isFile() && f.name.startsWith('tour-')) rmSync(path.join(SCREENSHOT_DIR, f.name));
    const texts: Record<string, string> = {};
    let n = 0;
    const shot = async (name: string, lang: Lang) => {
      n += 1;
      await page.waitForTimeout(150);
      const text = await textOf(page);
      texts[`${name}-${lang}`] = text;
      expect.soft(stumbles(text, lang), `${name} (${lang})`).toEqual([]);
      const file = screenshotPath(`tour-${String(n).padStart(2, '0')}-${name}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      writeFileSync(file.replace(/\.png$/, '.txt'), text);
    };
    const step = async (alt: number) => {
      await page.keyboard.press(`Alt+${alt}`);
      await page.locator('.job-main h1, .job-main h2').first().waitFor();
    };
    const tab = async (fr: string, en: string, lang: Lang) => {
      await page.getByRole('tab', { name: lang === 'fr' ? fr : en, exact: true }).click();
    };

    /**
     * The checks in the reader's language, the missing crops of one format on one line naming its
     * orders (with one button for them all); the scan's example an order number.
     */
    const expectProductionWords = async (lang: Lang) => {
      const checks = await page.getByTestId('production-checks').innerText();
      expect(checks).toMatch(
        lang === 'fr'
          ? /Aucun recadrage 20×30 pour (une photo commandée|\d+ photos commandées) \(C\d{5}(, C\d{5})+\) : un recadrage centré sera utilisé\./
          : /No 20×30 crop for (an ordered photo|\d+ ordered photos) \(C\d{5}(, C\d{5})+\): a centred crop will be used\./,
      );
      const lines = await page.getByTestId('production-checks').locator('li').allInnerTexts();
      for (const format of ['18×24', '13×18', '6×9', '20×30'])
        expect(lines.filter((l) => l.includes(` ${format} `))).toHaveLength(1);
      expect(await page.getByTestId('production-scan').getAttribute('placeholder')).toBe(
        lang === 'fr' ? 'ex. C00001' : 'e.g. C00001',
      );
      expect(await page.getByTestId('production-profile').innerText()).toContain(
        lang === 'fr'
          ? 'Laboratoire — 300 ppi, un dossier par format'
          : 'Lab — 300 ppi, one folder per format',
      );
    };

    const tour = async (lang: Lang) => {
      const L = (fr: string, en: string) => (lang === 'fr' ? fr : en);
      await step(0);
      await page.getByTestId('audit-panel').locator('summary').click();
      await page.getByTestId('audit-panel').locator('tbody tr').first().waitFor();
      await shot('overview', lang);
      // A finished task with no count says when it ended, without a separator before it.
      for (const meta of await page.getByTestId('task-finished').locator('.task__line--meta').allInnerTexts())
        expect(meta).toMatch(
          lang === 'fr' ? /^(\d+ sur \d+ · )?terminé le / : /^(\d+ of \d+ · )?finished on /,
        );
      await step(1);
      await shot('school', lang);

      await step(2);
      await page.getByTestId('student-row').first().waitFor();
      await shot('roster-classes', lang);
      await page
        .getByRole('button', {
          name: `${L('Ouvrir la fiche de', 'Open the details of')} ${lea!.displayName} ${lea!.firstName}`,
        })
        .click();
      await page.getByTestId('student-data-panel').waitFor();
      await shot('roster-student', lang);
      await page.getByTestId('student-data-panel').scrollIntoViewIfNeeded();
      await shot('student-data', lang);
      await page.keyboard.press('Escape');
      await tab('Consentements', 'Consent', lang);
      await page.getByTestId('consent-grid').waitFor();
      await shot('roster-consent-grid', lang);
      await tab('Importer une liste', 'Import a roster', lang);
      await shot('roster-import', lang);
      await tab('Liste de prise de vue', 'Shoot-day list', lang);
      await shot('roster-shoot-list', lang);

      await step(3);
      await shot('ingest', lang);

      await step(4);
      await page.getByTestId('labeling-workspace').waitFor();
      await shot('labeling', lang);
      await page.getByTestId('labeling-workspace').focus();
      await page.keyboard.press('?');
      const sheet = page.getByRole('dialog');
      await sheet.waitFor();
      await shot('cheat-sheet', lang);
      // Key names that are words are the reader's: Entrée and Échap in French, Enter and Esc in English.
      const keys = await sheet.locator('kbd').allTextContents();
      expect(keys).toEqual(
        expect.arrayContaining(
          lang === 'fr'
            ? ['Entrée', 'Début Fin', 'Maj+← Maj+→', 'Échap', 'Espace', 'Suppr']
            : ['Enter', 'Home End', 'Shift+← Shift+→', 'Esc', 'Space', 'Delete'],
        ),
      );
      await page.keyboard.press('Escape');

      await step(5);
      await page.getByTestId('proofing-workspace').waitFor();
      await shot('proofing', lang);

      await step(6);
      await shot('forms-settings', lang);
      await tab('Produire les bons', 'Produce forms', lang);
      await shot('forms-build', lang);
      await tab('Codes d’accès', 'Access codes', lang);
      await shot('forms-codes', lang);
      await tab('Saisie des retours', 'Returned forms', lang);
      await page.getByTestId('totals-school').waitFor();
      await shot('forms-entry', lang);
      // The totals count the book's online order too, by its name (it used to blank the screen).
      expect(flat(await page.getByTestId('totals-school').innerText())).toContain(
        L('En ligne 32,00 €', 'Online €32.00'),
      );
      expect(await page.getByTestId('order-totals').locator('thead').innerText()).toContain(
        L('Commandes', 'Orders'),
      );
      expect(await page.getByTestId('orders-table').innerText()).toContain(
        L('Chèque n° 1234567', 'Cheque no. 1234567'),
      );
      await tab('Comptabilité', 'Bookkeeping', lang);
      await shot('forms-exports', lang);

      await step(7);
      await page.getByTestId('publish-history').waitFor();
      await shot('publish', lang);

      await step(8);
      await page.getByTestId('order-row').first().waitFor();
      await shot('orders', lang);
      await page.getByTestId('order-row').first().click();
      await page.getByTestId('order-detail').waitFor();
      await shot('order-detail', lang);

      await step(9);
      await page
        .locator('[data-testid="production-checks"], [data-testid="production-checks-ok"]')
        .first()
        .waitFor();
      await shot('production', lang);
      await expectProductionWords(lang);
    };

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Reportages', exact: true }).waitFor();
    await page.getByText('École Jules Ferry').first().waitFor();
    const openSettings = async () => {
      for (const id of ['platform-settings', 'about']) await page.getByTestId(id).locator('summary').click();
      await page.getByTestId('platform-settings').locator('input').first().waitFor();
    };
    await openSettings();
    await shot('home', 'fr');
    await page.goto(`${host.url}#/reportage/${jobId}`);
    await page.getByTestId('job-title').waitFor();
    await tour('fr');
    // The language changed on a job screen, without a reload.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.locator('html[lang="en"]').waitFor();
    await expect.poll(() => page.getByTestId('production-checks').innerText()).toContain('No 18×24 crop');
    await shot('production-switched', 'en');
    await expectProductionWords('en');
    await tour('en');
    await page.locator('.brand').click();
    await page.getByRole('heading', { name: 'Shoots', exact: true }).waitFor();
    await openSettings();
    await shot('home', 'en');

    expect(errors).toEqual([]);
    expect(Object.keys(texts).length).toBeGreaterThan(40);
    await page.context().close();
  });
});
