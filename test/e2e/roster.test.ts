/** The roster and consent screens through the real UI, against the real browser host. */
import { describe, expect, it } from 'vitest';
import { schoolYearOf } from '../../src/shared/domain/job';
import { customCsv, ondeCsv } from '../fixtures/roster-files';
import { e2eEnabled, screenshotPath, useE2E, type E2E } from './harness';
import { HomePage } from './pages/home-page';
import { JobPage } from './pages/job-page';
import { RosterPage } from './pages/roster-page';

const { setup } = useE2E();

async function newJob(e2e: E2E, school: string): Promise<RosterPage> {
  const { page, host } = e2e;
  await page.goto(host.url);
  const home = new HomePage(page);
  await home.waitUntilLoaded();
  const year = schoolYearOf(new Date());
  await home.fillNewJob({ school, town: 'Villeurbanne', date: `14/10/${year.slice(0, 4)}` });
  await home.submit();
  await expect.poll(() => new JobPage(page).title().textContent()).toBe(school);
  const roster = new RosterPage(page);
  await roster.open();
  return roster;
}

describe.skipIf(!e2eEnabled)('roster and consent in the browser', () => {
  it('imports an ONDE roster (Windows-1252), records both parents’ consent, then a withdrawal', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const roster = await newJob(e2e, 'École élémentaire Jules Ferry');
    // Nothing yet: the classes view says so and offers the import.
    await expect.poll(() => page.getByText(/^Aucune classe pour l’instant/).count()).toBe(1);

    await roster.chooseFile('CSVExtraction.csv', ondeCsv({ encoding: 'win1252' }));
    await roster.preview().waitFor();
    expect(await page.getByTestId('preview-format').textContent()).toBe('Extraction ONDE');
    expect(await page.getByTestId('preview-encoding').textContent()).toBe('Windows-1252');
    expect(await page.getByTestId('preview-students').textContent()).toBe('5');
    expect(await page.getByTestId('preview-merge').textContent()).toBe(
      '5 nouveaux · 0 reconnus · 0 absents du fichier',
    );
    expect(await roster.previewClasses()).toEqual([
      ['CE2 Mme Durand', 2],
      ['CM1 M. Noël', 2],
      ['CM2', 1],
    ]);
    await page.screenshot({ path: screenshotPath('roster-preview.png'), fullPage: true });

    await roster.importNow();
    await roster.result().waitFor();
    expect(await roster.result().textContent()).toContain('5 élèves dans le fichier : 5 ajoutés');
    await page.getByRole('button', { name: 'Voir les classes' }).click();

    await expect
      .poll(() => roster.classButtons().allTextContents())
      .toEqual(['CE2 Mme Durand2', 'CM1 M. Noël2', 'CM21']);
    await expect
      .poll(() => roster.studentRows().allTextContents())
      .toEqual([expect.stringContaining('LEFÈVRE Chloé'), expect.stringContaining('N’DIAYE Aïssata')]);
    await roster.selectClass('CM1 M. Noël');
    await expect
      .poll(() => roster.studentRows().allTextContents())
      .toEqual([
        expect.stringContaining('DUPONT-MARTIN Jean-Baptiste'),
        expect.stringContaining('ŒILLET Noël'),
      ]);
    await roster.selectClass('CE2 Mme Durand');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('roster-classes.png'), fullPage: true });

    await roster.openStudent('LEFÈVRE Chloé');
    // ONDE's column is only the school's hint: the status stays "en attente".
    expect(await page.getByTestId('photo-hint').textContent()).toContain(
      'Ce n’est pas un consentement : la grille de consentement de la classe la propose',
    );
    expect(await roster.consentStatus('photo').textContent()).toBe('en attente');

    const year = schoolYearOf(new Date());
    await roster.recordConsent({
      use: 'Photo individuelle',
      holder: 'Titulaire 1',
      date: `02/09/${year.slice(0, 4)}`,
      source: 'formulaire papier',
    });
    await expect.poll(() => roster.consentReason('photo').textContent()).toBe('En attente de : Titulaire 2.');
    expect(await roster.consentStatus('photo').textContent()).toBe('en attente');
    await roster.recordConsent({ use: 'Photo individuelle', holder: 'Titulaire 2', source: 'e-mail' });
    await expect.poll(() => roster.consentStatus('photo').textContent()).toBe('autorisé');
    expect(await roster.consentReason('photo').textContent()).toBe('Accord de : Titulaire 1, Titulaire 2.');
    // The other uses were not part of this form: still waiting.
    expect(await roster.consentStatus('online_gallery').textContent()).toBe('en attente');
    // The class list follows.
    await expect
      .poll(() => roster.studentRows().first().locator('[data-use="photo"]').textContent())
      .toBe('autorisé');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('consent.png'), fullPage: true });

    await roster.withdraw('Photo individuelle', 'Titulaire 1');
    await expect.poll(() => roster.consentStatus('photo').textContent()).toBe('retiré');
    expect(await roster.consentReason('photo').textContent()).toMatch(
      /^Retiré par : Titulaire 1, le \d{2}\/\d{2}\/\d{4}/,
    );

    // The shoot-day list now says not to photograph her — and to collect the missing forms.
    await roster.tab(/^Liste de prise de vue$/);
    const row = page.getByTestId('shoot-row').filter({ hasText: 'LEFÈVRE' });
    await expect.poll(() => row.textContent()).toContain('RETIRÉ — ne pas photographier');
    expect(await page.getByTestId('shoot-row').filter({ hasText: 'MARTIN' }).textContent()).toContain(
      'EN ATTENTE — récupérer le formulaire le jour J',
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('shoot-list.png'), fullPage: true });
    await page.getByRole('button', { name: 'Imprimer (PDF A4)' }).click();
    const link = page.getByRole('link', { name: 'Ouvrir le PDF' });
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    const pdf = await page.request.get(new URL(href, e2e.host.origin).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('maps the columns of an unknown spreadsheet export, then imports it', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const roster = await newJob(e2e, 'École maternelle Pasteur');
    await roster.chooseFile('inscrits.csv', customCsv());
    const mapping = page.getByTestId('roster-mapping');
    await mapping.waitFor();
    expect(await mapping.textContent()).toContain('Enfant · Groupe · Né le · Courriel parent');
    await mapping.getByLabel('NOM Prénom (une seule colonne)').selectOption('Enfant');
    await mapping.getByLabel('Classe', { exact: true }).selectOption('Groupe');
    await mapping.getByLabel('Date de naissance').selectOption('Né le');
    await mapping.getByLabel('Enregistrer la correspondance sous le nom').fill('Maternelle Pasteur');
    await page.getByRole('button', { name: 'Prévisualiser avec cette correspondance' }).click();
    await roster.preview().waitFor();
    expect(await page.getByTestId('preview-students').textContent()).toBe('3');
    expect(await roster.previewClasses()).toEqual([
      ['Petits', 2],
      ['Moyens', 1],
    ]);
    await roster.importNow();
    await roster.result().waitFor();
    await page.getByRole('button', { name: 'Voir les classes' }).click();
    await expect.poll(() => roster.classButtons().allTextContents()).toEqual(['Petits2', 'Moyens1']);
    await expect
      .poll(() => roster.studentRows().allTextContents())
      .toEqual([expect.stringContaining('MOREAU Lucas'), expect.stringContaining('DA SILVA Maria Clara')]);

    // The same headers next time: the saved mapping is applied by itself.
    await roster.chooseFile('inscrits-janvier.csv', customCsv());
    await roster.preview().waitFor();
    expect(await roster.preview().textContent()).toContain(
      'Correspondance « Maternelle Pasteur » appliquée.',
    );
    expect(await page.getByTestId('preview-merge').textContent()).toBe(
      '0 nouveaux · 3 reconnus · 0 absents du fichier',
    );

    // A later list without one child: she is listed as missing, archived only when the user says so.
    const later = Buffer.from(
      [
        'Enfant,Groupe,Né le',
        '"MOREAU Lucas",Petits,2022-01-15',
        '"DA SILVA Maria Clara",Petits,2021-12-02',
      ].join('\n') + '\n',
    );
    await roster.chooseFile('inscrits-mars.csv', later);
    // Other headers (no e-mail column): not recognised, but the saved mapping fits and is offered.
    await mapping.waitFor();
    await mapping.getByLabel('Correspondance enregistrée').selectOption('Maternelle Pasteur');
    expect(await mapping.getByLabel('NOM Prénom (une seule colonne)').inputValue()).toBe('Enfant');
    await page.getByRole('button', { name: 'Prévisualiser avec cette correspondance' }).click();
    await roster.preview().waitFor();
    expect(await page.getByTestId('preview-merge').textContent()).toBe(
      '0 nouveaux · 2 reconnus · 1 absents du fichier',
    );
    await roster.importNow();
    const missing = page.getByTestId('roster-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('BLANC Théa (Moyens)');
    await page.getByRole('button', { name: 'Archiver BLANC Théa' }).click();
    await expect.poll(() => missing.textContent()).toContain('archivé');
    await page.getByRole('button', { name: 'Voir les classes' }).click();
    await roster.selectClass('Moyens');
    await expect.poll(() => page.getByText('Aucun élève dans cette classe.').count()).toBe(1);
    await page.getByLabel('Afficher les élèves archivés').check();
    await expect
      .poll(() => roster.studentRows().allTextContents())
      .toEqual([expect.stringContaining('BLANC Théa')]);
  });

  it('refuses a malformed file with the French message naming the line, and imports nothing', async () => {
    const e2e = await setup();
    const { page } = e2e;
    const roster = await newJob(e2e, 'École du Port');
    const broken = ondeCsv({
      students: [{ family: 'AUTRE', first: 'Élève', birth: '01/01/2017', level: 'CP', classLabel: 'CP' }],
      extraLines: ['"DUPUIS;;Léa;01/01/2017;F'],
    });
    await roster.chooseFile('casse.csv', broken);
    await roster.error().waitFor();
    expect(await roster.error().textContent()).toBe(
      'Le fichier « casse.csv » est mal formé à la ligne 3 : un guillemet est ouvert et jamais refermé. Corrigez cette ligne (ou réexportez le fichier) puis recommencez ; rien n’a été importé.',
    );
    expect(await roster.preview().count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Importer \d+ élèves$/ }).count()).toBe(0);
    await roster.tab(/^Classes et élèves$/);
    await expect.poll(() => page.getByText(/^Aucune classe pour l’instant/).count()).toBe(1);
    expect(await roster.classButtons().count()).toBe(0);
  });

  it('sets up the school and its association, with inline messages and what order forms still need', async () => {
    const e2e = await setup();
    const { page } = e2e;
    await newJob(e2e, 'École Jean Jaurès');
    await page
      .getByRole('navigation', { name: 'Étapes du reportage' })
      .getByRole('button', { name: 'École et association' })
      .click();
    const missing = page.getByTestId('school-missing');
    await missing.waitFor();
    expect(await missing.locator('li').allTextContents()).toEqual([
      'Le nom légal de l’association (tel qu’il figurera sur les bons de commande)',
      'L’ordre des chèques',
    ]);
    const year = schoolYearOf(new Date()).slice(0, 4);
    await page.getByLabel('Code UAI (facultatif)').fill('12345');
    await page.getByLabel('E-mail du contact (facultatif)').fill('ape@');
    await page.getByLabel('Dates de prise de vue (facultatif)').fill(`14/10/${year}, 32/10/${year}`);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const notes = page.locator('.school-form .field-note--error');
    await expect
      .poll(() => notes.allTextContents())
      .toEqual([
        'Un code UAI compte 7 chiffres et une lettre (ex. 0751234A)',
        'Cette date n’existe pas',
        'Adresse e-mail non valable',
      ]);
    // The first field to fix has the focus.
    expect(await page.locator(':focus').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Code UAI (facultatif)').fill('0691234a');
    await page.getByLabel('E-mail du contact (facultatif)').fill('ape.jaures@example.org');
    await page.getByLabel('Dates de prise de vue (facultatif)').fill(`15/10/${year}, 14/10/${year}`);
    await page
      .getByLabel('Type d’association')
      .selectOption({ label: 'Association de parents d’élèves (APE)' });
    await page.getByLabel('Nom légal de l’association').fill('APE de l’école Jean Jaurès');
    await page.getByLabel('Ordre des chèques').fill('APE Jean Jaurès');
    await page.getByLabel(/^Photos de fratrie/).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByTestId('school-complete').waitFor();
    expect(await notes.count()).toBe(0);
    expect(await page.getByLabel('Code UAI (facultatif)').inputValue()).toBe('0691234A');
    await expect.poll(() => new JobPage(page).dates().textContent()).toBe(`14/10/${year}, 15/10/${year}`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('school.png'), fullPage: true });

    // Saved in the job: still there after a reload.
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Étapes du reportage' })
      .getByRole('button', { name: 'École et association' })
      .click();
    await expect
      .poll(() => page.getByLabel('Nom légal de l’association').inputValue())
      .toBe('APE de l’école Jean Jaurès');
    expect(await page.getByLabel(/^Photos de fratrie/).isChecked()).toBe(true);
  });
});
