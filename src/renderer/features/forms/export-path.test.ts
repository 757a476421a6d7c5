import { describe, expect, it } from 'vitest';
import { exportRelativePath, fileName, folderOf } from './export-path';

describe('paths of produced files', () => {
  it('gives the path under exports/ that the browser host serves, on Linux, macOS and Windows', () => {
    expect(
      exportRelativePath('/home/marie/Écoles/Jules Ferry/exports/bons-de-commande/Bons de commande - CP.pdf'),
    ).toBe('bons-de-commande/Bons de commande - CP.pdf');
    expect(exportRelativePath('C:\\Reportages\\Ferry\\exports\\Liste des bons de commande.csv')).toBe(
      'Liste des bons de commande.csv',
    );
    // A school folder named « exports » higher up does not confuse it: the last one counts.
    expect(exportRelativePath('/exports/École/exports/a.pdf')).toBe('a.pdf');
  });

  it('names the file and its folder', () => {
    expect(fileName('/a/exports/bons-de-commande/Récapitulatif trésorerie.pdf')).toBe(
      'Récapitulatif trésorerie.pdf',
    );
    expect(folderOf('/a/exports/bons-de-commande/x.pdf')).toBe('/a/exports/bons-de-commande');
    expect(folderOf('C:\\a\\exports\\x.pdf')).toBe('C:\\a\\exports');
  });
});
