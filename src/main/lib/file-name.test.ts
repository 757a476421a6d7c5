import { describe, expect, it } from 'vitest';
import { safeFileName } from './file-name';

describe('safeFileName', () => {
  it('replaces what Windows forbids, keeps accents, folds spaces and cuts long labels', () => {
    expect(safeFileName('CE1/CE2 : Mme Lefèvre?')).toBe('CE1_CE2 _ Mme Lefèvre_');
    expect(safeFileName('  Grande\tsection\n A ')).toBe('Grande_section_ A');
    expect(safeFileName('x'.repeat(100))).toHaveLength(60);
    expect(safeFileName('x'.repeat(100), 80)).toHaveLength(80);
  });
});
