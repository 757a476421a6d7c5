/**
 * Consent at the speed of a class, in the real UI (Chromium, browser host): a class of 25 entered
 * from the keyboard — keystrokes counted — a consent sheet imported after its dry run, and a
 * withdrawal dated by its letter, seen in the student's history and on the shoot-day list.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { schoolYearOf } from '../../src/shared/domain/job';
import { CLASS_OF_25, classOf25Csv, consentSheetXlsx } from '../fixtures/consent-class';
import { e2eEnabled, screenshotPath, useE2E, type E2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';
import { RosterPage } from './pages/roster-page';

const { setup } = useE2E();

/** dd/mm/yyyy of a day `daysAgo` before today (documents are never dated in the future). */
function frenchDate(daysAgo: number): string {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

async function classOf25(e2e: E2E): Promise<RosterPage> {
  const { page, host } = e2e;
  await page.goto(host.url);
  const home = new HomePage(page);
  await home.waitUntilLoaded();
  const year = schoolYearOf(new Date());
  await home.fillNewJob({
    school: 'École Louise Michel',
    town: 'Grenoble',
    date: `14/10/${year.slice(0, 4)}`,
  });
  await home.submit();
  await expect.poll(() => new JobPage(page).title().textContent()).toBe('École Louise Michel');
  const roster = new RosterPage(page);
  await roster.open();
  await roster.chooseFile('CSVExtraction.csv', classOf25Csv());
  await roster.preview().waitFor();
  await roster.importNow();
  await roster.result().waitFor();
  await page.getByRole('button', { name: 'Voir les classes' }).click();
  await expect.poll(() => roster.studentRows().count()).toBe(25);
  return roster;
}

/** Presses keys and counts them: `type` counts one per character. */
function keyboard(page: Page) {
  let count = 0;
  return {
    press: async (key: string, times = 1) => {
      for (let i = 0; i < times; i += 1) {
        count += 1;
        await page.keyboard.press(key);
      }
    },
    type: async (text: string) => {
      count += text.length;
      await page.keyboard.type(text);
    },
    get count() {
      return count;
    },
  };
}

/** What has the focus: its test id, else its tag name. */
const activeTestId = (page: Page) =>
  page.evaluate<string>(
    `(() => { const el = document.activeElement; return (el && (el.getAttribute('data-testid') || el.tagName)) || ''; })()`,
  );

describe.skipIf(!e2eEnabled)('consent at the speed of a class', () => {
  it('enters a class of 25 from the keyboard in under 100 keystrokes, both parents agreeing to everything', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const roster = await classOf25(e2e);
    await page.getByRole('button', { name: 'Saisir les consentements' }).click();
    await roster.grid().waitFor();
    // The grid takes the focus: typing can start at once.
    await expect.poll(() => activeTestId(page)).toBe('consent-grid');
    const today = frenchDate(0);
    expect(await page.getByTestId('grid-recorded-as').textContent()).toBe(
      `Les décisions saisies seront enregistrées comme : formulaire papier du ${today}.`,
    );
    // The school's ONDE hint is a suggestion to confirm, visibly not a record.
    expect(await roster.gridCells('ABADIE', 'hint').count()).toBe(4);
    expect(await roster.gridCells('ABADIE', 'recorded').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('consent-grid-hints.png'), fullPage: true });
    expect(await page.getByTestId('grid-keys').textContent()).toContain(
      'Entréetout accordé pour cette ligne',
    );

    const keys = keyboard(page);
    // The forms are dated 8 days ago: from the grid, back to the date field and again.
    await keys.press('Shift+Tab', 2);
    expect(await page.locator(':focus').getAttribute('id')).toMatch(/-date$/);
    await keys.press('Control+A');
    const formsDate = frenchDate(8);
    await keys.type(formsDate);
    await keys.press('Tab', 2);
    expect(await activeTestId(page)).toBe('consent-grid');
    expect(await page.getByTestId('grid-recorded-as').textContent()).toBe(
      `Les décisions saisies seront enregistrées comme : formulaire papier du ${formsDate}.`,
    );

    // Two children: everything agreed. The third's second parent refused the online gallery.
    await keys.press('Enter', 3);
    await keys.press('ArrowUp');
    await keys.press('ArrowRight', 5);
    await keys.press('n');
    await keys.press('ArrowDown');
    // The other 22: one key each.
    await keys.press('Enter', 22);
    await expect
      .poll(() => page.getByTestId('grid-pending').textContent())
      .toBe('200 décisions à enregistrer');
    expect(await roster.gridCells('BERTIN', 'draft', 'refused').count()).toBe(1);
    expect(await roster.gridCells('VASSEUR', 'draft', 'granted').count()).toBe(8);
    await page.screenshot({ path: screenshotPath('consent-grid-typed.png'), fullPage: true });

    await keys.press('Control+S');
    const saved = page.getByTestId('grid-saved');
    await saved.waitFor();
    expect(await saved.textContent()).toBe(
      `200 décisions enregistrées pour 25 élèves (formulaire papier du ${formsDate}).`,
    );
    expect(keys.count).toBeLessThan(100);
    process.stdout.write(`consent grid: 25 pupils entered in ${keys.count} keystrokes\n`);

    await expect.poll(() => roster.gridCells('VASSEUR', 'recorded', 'granted').count()).toBe(8);
    expect(await roster.gridCells('BERTIN', 'recorded', 'refused').count()).toBe(1);
    expect(await page.getByTestId('grid-pending').textContent()).toBe('0 décision à enregistrer');
    expect(await page.getByTestId('grid-last-batch').textContent()).toContain(
      `Dernier enregistrement groupé : 200 décisions pour 25 élèves, formulaire papier du ${formsDate}`,
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('consent-grid-saved.png'), fullPage: true });

    // The class list agrees, and the whole class may be photographed.
    await roster.tab(/^Classes et élèves$/);
    await expect
      .poll(() => roster.studentRows().locator('[data-use="photo"]').allTextContents())
      .toEqual(CLASS_OF_25.map(() => 'autorisé'));
    await roster.openStudent('BERTIN Hugo');
    expect(await roster.consentStatus('online_gallery').textContent()).toBe('refusé');
    expect(await roster.consentHistory().textContent()).toContain(
      `Refus — Galerie en ligne, Titulaire 2 — document du ${formsDate} (formulaire papier)`,
    );

    // Saved with the wrong date? The last batch is undone in one click.
    await roster.tab(/^Consentements$/);
    await page.getByRole('button', { name: 'Annuler cet enregistrement' }).click();
    await expect
      .poll(() => page.getByTestId('grid-notice').textContent())
      .toBe('Enregistrement annulé : ses 200 décisions sont retirées.');
    await expect.poll(() => roster.gridCells('VASSEUR', 'recorded').count()).toBe(0);
  });

  it('imports the consent sheet the school returns, after a dry run naming what could not be matched', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const roster = await classOf25(e2e);
    await roster.tab(/^Consentements$/);
    await roster.grid().waitFor();
    await page.getByRole('button', { name: 'Importer une feuille de consentement' }).click();
    const panel = page.getByTestId('consent-import');
    const sheetDate = frenchDate(3);
    await panel.getByLabel('Date de la feuille (jj/mm/aaaa)').fill(sheetDate);
    const columns = [
      'Photo individuelle P1',
      'Photo individuelle P2',
      'Photo de classe P1',
      'Photo de classe P2',
      'Galerie en ligne P1',
      'Galerie en ligne P2',
      'Autres usages',
    ];
    const sheet = await consentSheetXlsx(
      columns,
      [
        {
          family: 'CAMARA',
          first: 'Awa',
          birth: '21/04/2017',
          answers: ['oui', 'oui', 'oui', 'oui', 'non', 'non', 'non'],
        },
        {
          family: 'DELAUNAY',
          first: 'Margaux',
          birth: '11/06/2017',
          answers: ['x', 'x', 'x', 'x', 'x', 'x', 'x'],
        },
        {
          family: 'DUPUIS',
          first: 'Théo',
          birth: '02/02/2017',
          answers: ['oui', 'oui', 'oui', 'oui', 'oui', 'oui', 'oui'],
        },
        {
          family: 'JOLY',
          first: 'Anaïs',
          birth: '18/09/2017',
          answers: ['accord', 'accord', 'refus', 'refus', '', '', '?'],
        },
      ],
      'CM1 Mme Petit — autorisations rendues',
    );
    await panel.getByLabel('Choisir la feuille…').setInputFiles({
      name: 'autorisations-cm1.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: sheet,
    });
    const preview = page.getByTestId('consent-import-preview');
    await preview.waitFor();
    expect(await page.getByTestId('consent-import-summary').textContent()).toBe(
      '4 lignes lues : 3 élèves reconnus, 1 ligne non reconnue.',
    );
    expect(await page.getByTestId('consent-import-records').textContent()).toBe(
      `20 décisions à enregistrer (0 déjà en vigueur), comme « feuille de consentement importée » du ${sheetDate}.`,
    );
    expect(await page.getByTestId('consent-import-unmatched').textContent()).toContain(
      'DUPUIS Théo : aucun élève de ce nom dans le reportage (ou dans la classe choisie)',
    );
    expect(await page.getByTestId('consent-import-invalid').textContent()).toContain(
      'ligne 6, colonne « Autres usages » : « ? »',
    );
    // A dry run: nothing recorded yet.
    expect(await roster.gridCells('CAMARA', 'recorded').count()).toBe(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('consent-sheet-import.png'), fullPage: true });

    await page.getByRole('button', { name: 'Enregistrer 20 décisions' }).click();
    await expect
      .poll(() => page.getByTestId('consent-import-done').textContent())
      .toBe('20 décisions enregistrées pour 3 élèves depuis « autorisations-cm1.xlsx ».');
    await expect.poll(() => roster.gridCells('DELAUNAY', 'recorded', 'granted').count()).toBe(8);
    expect(await roster.gridCells('CAMARA', 'recorded', 'refused').count()).toBe(4);
    expect(await roster.gridCells('JOLY', 'recorded').count()).toBe(4);
    expect(await page.getByTestId('grid-last-batch').textContent()).toContain(
      `20 décisions pour 3 élèves, feuille de consentement importée du ${sheetDate}`,
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('consent-sheet-imported.png'), fullPage: true });
  });

  it('records a withdrawal with its letter’s date, channel and note, and the shoot-day list tells refused from pending', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const roster = await classOf25(e2e);
    await page.getByRole('button', { name: 'Saisir les consentements' }).click();
    await roster.grid().waitFor();
    await expect.poll(() => activeTestId(page)).toBe('consent-grid');
    // The first two forms came back: everything agreed.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    await page.getByTestId('grid-saved').waitFor();

    await roster.tab(/^Classes et élèves$/);
    await roster.openStudent('ABADIE Léon');
    const letter = frenchDate(2);
    await roster.withdrawByLetter('Photo individuelle', 'Titulaire 1', {
      date: letter,
      source: 'courrier',
      note: 'Lettre du père remise à l’enseignante',
    });
    await expect.poll(() => roster.consentStatus('photo').textContent()).toBe('retiré');
    expect(await roster.consentReason('photo').textContent()).toBe(`Retiré par : Titulaire 1, le ${letter}.`);
    const history = roster.consentHistory();
    expect(await history.locator('li').first().textContent()).toMatch(
      new RegExp(
        `^Retrait — Photo individuelle, Titulaire 1 — document du ${letter.replace(/\//g, '\\/')} \\(courrier\\)Lettre du père remise à l’enseignantesaisi le \\d{2}\\/\\d{2}\\/\\d{4}`,
      ),
    );
    expect(await history.locator('li').count()).toBe(9);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('consent-withdrawal.png'), fullPage: true });

    // A letter cannot be dated in the future: said next to the field, nothing recorded.
    await roster
      .consentPanel()
      .getByRole('button', { name: 'Retirer le consentement « Photo de classe » de Titulaire 1' })
      .click();
    const form = roster.consentPanel().getByTestId('withdraw-form');
    await form.getByLabel(/^Date du courrier/).fill(frenchDate(-3));
    await form.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await expect
      .poll(() => form.locator('.field-note--error').textContent())
      .toBe(`La date ne peut pas être après aujourd’hui (${frenchDate(0)})`);
    expect(await roster.consentStatus('class_photo').textContent()).toBe('autorisé');

    await roster.tab(/^Liste de prise de vue$/);
    const row = (name: string) => page.getByTestId('shoot-row').filter({ hasText: name });
    await expect.poll(() => row('ABADIE').textContent()).toContain('RETIRÉ — ne pas photographier');
    expect(await row('BELKACEM').textContent()).not.toMatch(/RETIRÉ|REFUSÉ|EN ATTENTE/);
    expect(await row('BERTIN').textContent()).toContain('EN ATTENTE — récupérer le formulaire le jour J');
    expect(await page.getByTestId('shoot-class').first().textContent()).toContain(
      '25 élèves — 1 refusé ou retiré : ne pas photographier — 23 en attente : formulaire à récupérer',
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('shoot-list-refused-pending.png'), fullPage: true });
  });
});
