/** Page model of the sorting and labeling screen: sessions and their class pickers, the workspace, checks. */
import type { Locator, Page } from 'playwright';

export class LabelingPage {
  constructor(readonly page: Page) {}

  /** Opens the section from the job's nav, with the keyboard. */
  async open(): Promise<void> {
    const item = this.page.getByRole('button', { name: /Tri et identification/ });
    // Focused and pressed in one step: the nav may still re-render as the job opens, and a focus
    // given just before would be lost with the button it was on.
    await item.press('Enter');
    await this.workspace().waitFor();
  }

  workspace(): Locator {
    return this.page.getByTestId('labeling-workspace');
  }

  classPicker(sessionNumber: number): Locator {
    return this.page.getByRole('combobox', { name: `Classe de la séance ${sessionNumber}` });
  }

  /** The sessions of the list (the "à trier" pile excluded). */
  sessions(): Locator {
    return this.page.getByTestId('session-item');
  }

  proposal(): Locator {
    return this.page.getByTestId('proposal');
  }

  /** The consent warning next to the proposal (pending form), when there is one. */
  proposalConsent(): Locator {
    return this.page.getByTestId('proposal-consent');
  }

  /** The question asked before a child whose consent forbids the photo is labeled. */
  consentConfirm(): Locator {
    return this.page.getByRole('alertdialog');
  }

  /** Types a name in the student search and takes the first match with Entrée. */
  async pick(text: string): Promise<void> {
    await this.workspace().focus();
    await this.page.keyboard.type(text);
    await this.picker().waitFor();
    await this.page.keyboard.press('Enter');
  }

  currentBurst(): Locator {
    return this.page.getByTestId('current-burst');
  }

  /** What the next label or mark applies to: the selection or the whole burst. */
  target(): Locator {
    return this.page.getByTestId('target');
  }

  picker(): Locator {
    return this.page.getByRole('combobox', { name: 'Chercher un élève' });
  }

  checks(): Locator {
    return this.page.getByTestId('checks-panel');
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
}
