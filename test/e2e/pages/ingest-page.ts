/** Page model of a job's "Import des cartes" section: source, scan, progress, verdict, grid, cameras. */
import type { Locator, Page } from 'playwright';

export class IngestPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: /Import des cartes|Card import/ }).click();
  }

  sourceField(): Locator {
    return this.page.getByLabel(/Dossier de la carte|Card folder/);
  }

  backupField(): Locator {
    return this.page.getByLabel(/Copie de sauvegarde|Backup copy/);
  }

  async typeSource(path: string): Promise<void> {
    await this.sourceField().fill(path);
  }

  scanSummary(): Locator {
    return this.page.getByTestId('scan-summary');
  }

  nothingNew(): Locator {
    return this.page.getByTestId('scan-nothing-new');
  }

  startButton(): Locator {
    return this.page.getByRole('button', { name: /^(Importer|Import) \d+ (fichiers|files)$/ });
  }

  /** The button offered for a card seen before with nothing new: its copies are checked again. */
  recheckButton(): Locator {
    return this.page.getByRole('button', {
      name: /^(Contrôler les copies de la carte|Check the card’s copies)$/,
    });
  }

  repairedFiles(): Locator {
    return this.page.getByTestId('repaired-files').getByRole('listitem');
  }

  progress(): Locator {
    return this.page.getByTestId('ingest-progress');
  }

  verdict(): Locator {
    return this.page.getByTestId('ingest-verdict');
  }

  unreadableFiles(): Locator {
    return this.page.getByTestId('unreadable-files').getByRole('listitem');
  }

  photoCount(): Locator {
    return this.page.getByTestId('photo-count');
  }

  cells(): Locator {
    return this.page.getByTestId('photo-cell');
  }

  /** Thumbnails actually decoded by the browser (not just present in the DOM). */
  async loadedThumbnails(): Promise<number> {
    // A string, evaluated in the page: the Node-side tsconfig has no DOM types.
    return this.page.evaluate<number>(
      `[...document.querySelectorAll('[data-testid="photo-cell"] img')].filter((i) => i.naturalWidth > 0).length`,
    );
  }

  cellTimes(): Promise<string[]> {
    return this.page.locator('.photo-cell__time').allTextContents();
  }

  cameraRows(): Locator {
    return this.page.getByTestId('camera-row');
  }

  async setOffset(label: string, text: string): Promise<void> {
    const field = this.page.getByLabel(
      new RegExp(`(Décalage d’horloge du boîtier|Clock offset of body) ${label}$`),
    );
    await field.fill(text);
    await field.press('Enter');
  }

  banner(): Locator {
    return this.page.getByTestId('new-card-banner');
  }
}
