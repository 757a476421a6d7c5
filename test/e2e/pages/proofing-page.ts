/** Page model of the proofing screen (Épreuves): the workspace, the current photo, the crop editor. */
import type { Locator, Page } from 'playwright';

export class ProofingPage {
  constructor(readonly page: Page) {}

  /** Opens the section from the job's nav, with the keyboard. */
  async open(): Promise<void> {
    const item = this.page.getByRole('button', { name: /Épreuves/ });
    // Focused and pressed in one step: the nav may still re-render as the job opens, and a focus
    // given just before would be lost with the button it was on.
    await item.press('Enter');
    await this.workspace().waitFor();
  }

  workspace(): Locator {
    return this.page.getByTestId('proofing-workspace');
  }

  student(): Locator {
    return this.page.getByTestId('proofing-student');
  }

  currentPhoto(): Locator {
    return this.page.getByTestId('current-photo');
  }

  /** The photo cards of the current student, in capture order. */
  cards(): Locator {
    return this.page.locator('.proof-card');
  }

  cropEditor(): Locator {
    return this.page.getByTestId('crop-editor');
  }

  cropFrame(): Locator {
    return this.page.getByTestId('crop-frame');
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
}
