/** Page model of an open job: its header, tasks panel and the way back. */
import type { Locator, Page } from 'playwright';

export class JobPage {
  constructor(readonly page: Page) {}

  title(): Locator {
    return this.page.getByTestId('job-title');
  }

  dates(): Locator {
    return this.page.getByTestId('job-dates');
  }

  folder(): Locator {
    return this.page.getByTestId('job-path');
  }

  nav(): Locator {
    return this.page.getByRole('navigation');
  }

  async backToList(): Promise<void> {
    await this.page.getByRole('button', { name: /(Tous les reportages|All shoots)/ }).click();
  }

  async closeJob(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Fermer le reportage|Close shoot)$/ }).click();
  }
}
