/** Page model of the home screen ("Reportages"): recent jobs, the new-job form, "Ouvrir un autre dossier…". */
import type { Locator, Page } from 'playwright';

export interface NewJobInput {
  school: string;
  town?: string;
  year?: string;
  /** As typed by the user: jj/mm/aaaa. */
  date?: string;
  /** A folder of the user's choice; the library default otherwise. */
  folder?: string;
}

export class HomePage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async waitUntilLoaded(): Promise<void> {
    await this.page.locator('form').first().waitFor();
  }

  form(): Locator {
    return this.page
      .locator('form')
      .filter({ has: this.page.getByRole('heading', { level: 2 }) })
      .last();
  }

  field(label: string | RegExp): Locator {
    return this.form().getByLabel(label);
  }

  async fillNewJob(input: NewJobInput): Promise<void> {
    await this.field(/^(École|School)$/).fill(input.school);
    if (input.town !== undefined) await this.field(/^(Commune|Town)/).fill(input.town);
    if (input.year !== undefined) await this.field(/^(Année scolaire|School year)$/).selectOption(input.year);
    if (input.date !== undefined) await this.field(/^(Date de prise de vue|Shoot date)/).fill(input.date);
    if (input.folder !== undefined) {
      await this.form()
        .getByRole('radio', { name: /^(Autre dossier|Another folder)$/ })
        .check();
      await this.field(/^(Chemin du dossier|Folder path)$/).fill(input.folder);
    }
  }

  submitButton(): Locator {
    return this.form().getByRole('button', {
      name: /^(Créer le reportage|Create shoot|Création…|Creating…)$/,
    });
  }

  async submit(): Promise<void> {
    await this.submitButton().click();
  }

  recentJobs(): Locator {
    return this.page.getByTestId('recent-job');
  }

  recentJob(school: string): Locator {
    return this.recentJobs().filter({ hasText: school });
  }

  /** Loads the home screen at `url` and opens the recent job of `school` from the keyboard. */
  async openRecentByKeyboard(url: string, school: string): Promise<void> {
    await this.page.goto(url);
    await this.waitUntilLoaded();
    await this.recentJob(school)
      .getByRole('button', { name: /^(Ouvrir|Open)/ })
      .press('Enter');
  }

  async openRecent(school: string): Promise<void> {
    await this.recentJob(school)
      .getByRole('button', { name: /^(Ouvrir|Open)/ })
      .click();
  }

  async forgetRecent(school: string): Promise<void> {
    await this.recentJob(school)
      .getByRole('button', { name: /^(Retirer|Remove)/ })
      .click();
  }

  /** Error messages shown under the fields and above the submit button. */
  formMessages(): Locator {
    return this.form().locator('.field-note--error, [role="alert"]');
  }

  async switchLanguage(lang: 'FR' | 'EN'): Promise<void> {
    await this.page.getByRole('button', { name: lang, exact: true }).click();
  }
}
