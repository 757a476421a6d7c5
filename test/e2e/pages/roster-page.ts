/** Page model of the job's "Classes et élèves" section: import, classes and students, consent, shoot-day list. */
import type { Locator, Page } from 'playwright';

export class RosterPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: /^(Étapes du reportage|Shoot steps)$/ })
      .getByRole('button', { name: /^(Classes et élèves|Classes and students)$/ })
      .click();
  }

  async tab(name: RegExp): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** Chooses a roster file in the browser's file input (uploaded to the host). */
  async chooseFile(name: string, buffer: Buffer, mimeType = 'text/csv'): Promise<void> {
    await this.tab(/^(Importer une liste|Import a roster)$/);
    await this.page.getByLabel(/^(Choisir le fichier…|Choose the file…)$/).setInputFiles({
      name,
      mimeType,
      buffer,
    });
  }

  preview(): Locator {
    return this.page.getByTestId('roster-preview');
  }

  /** Rows of the preview's "Élèves par classe" table as [label, count] pairs. */
  async previewClasses(): Promise<[string, number][]> {
    const rows = this.page.getByTestId('preview-classes').locator('tbody tr');
    const result: [string, number][] = [];
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allTextContents();
      result.push([cells[0] ?? '', Number(cells[1])]);
    }
    return result;
  }

  error(): Locator {
    return this.page.getByTestId('roster-error');
  }

  async importNow(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Importer|Import) \d+ (élèves|students)$/ }).click();
  }

  result(): Locator {
    return this.page.getByTestId('roster-result');
  }

  classButtons(): Locator {
    return this.page.getByRole('navigation', { name: /^(Classes)$/ }).locator('.class-list__item');
  }

  async selectClass(label: string): Promise<void> {
    await this.classButtons().filter({ hasText: label }).click();
  }

  studentRows(): Locator {
    return this.page.getByTestId('student-row');
  }

  async openStudent(name: string): Promise<void> {
    await this.page
      .getByRole('button', { name: new RegExp(`^(Ouvrir la fiche de|Open the details of) ${name}$`) })
      .click();
    await this.consentPanel().waitFor();
  }

  consentPanel(): Locator {
    return this.page.getByTestId('consent-panel');
  }

  /** The status badge of one use in the consent panel (`autorisé`, `en attente`, …). */
  consentStatus(use: 'photo' | 'class_photo' | 'online_gallery' | 'other'): Locator {
    return this.page.getByTestId(`consent-use-${use}`).locator('.consent-badge');
  }

  consentReason(use: 'photo' | 'class_photo' | 'online_gallery' | 'other'): Locator {
    return this.page.getByTestId(`consent-use-${use}`).locator('.consent-use__why');
  }

  async recordConsent(input: {
    use: string;
    holder: string;
    decision?: string;
    date?: string;
    source?: string;
  }): Promise<void> {
    const form = this.consentPanel().locator('form');
    await form.getByLabel(/^(Utilisation|Use)$/).selectOption({ label: input.use });
    await form.getByLabel(/^(Qui décide|Who decides)$/).selectOption({ label: input.holder });
    if (input.decision)
      await form.getByLabel(/^(Décision|Decision)$/).selectOption({ label: input.decision });
    if (input.date) await form.getByLabel(/^Date/).fill(input.date);
    if (input.source) await form.getByLabel(/^Source$/).selectOption({ label: input.source });
    await form.getByRole('button', { name: /^(Enregistrer la décision|Record the decision)$/ }).click();
  }

  /** Withdraws as a letter says: opens the withdrawal, fills its date, channel and note, confirms. */
  async withdrawByLetter(
    useLabel: string,
    holder: string,
    letter: { date: string; source?: string; note?: string },
  ): Promise<void> {
    await this.consentPanel()
      .getByRole('button', { name: `Retirer le consentement « ${useLabel} » de ${holder}` })
      .click();
    const form = this.consentPanel().getByTestId('withdraw-form');
    await form.getByLabel(/^Date du courrier/).fill(letter.date);
    if (letter.source) await form.getByLabel('Reçu par').selectOption({ label: letter.source });
    if (letter.note) await form.getByLabel(/^Note/).fill(letter.note);
    await form.getByRole('button', { name: 'Confirmer le retrait' }).click();
  }

  consentHistory(): Locator {
    return this.consentPanel().getByTestId('consent-history');
  }

  /** The class's consent grid (the « Consentements » tab). */
  grid(): Locator {
    return this.page.getByTestId('consent-grid');
  }

  gridRow(name: string): Locator {
    return this.page.getByTestId('consent-grid-row').filter({ hasText: name });
  }

  /** Cells of a grid row by what they show: `recorded`, `draft`, `hint`, `none`, `na`. */
  gridCells(name: string, kind: string, decision?: string): Locator {
    return this.gridRow(name).locator(
      `td[data-kind="${kind}"]${decision ? `[data-decision="${decision}"]` : ''}`,
    );
  }

  async withdraw(useLabel: string, holder: string): Promise<void> {
    await this.consentPanel()
      .getByRole('button', { name: `Retirer le consentement « ${useLabel} » de ${holder}` })
      .click();
    await this.consentPanel()
      .getByRole('button', { name: /^(Confirmer le retrait|Confirm withdrawal)$/ })
      .click();
  }
}
