import { describe, expect, it } from 'vitest';
import { folderNameFor } from './job';

describe('folderNameFor', () => {
  it('names the folder after year, school and town, accents kept', () => {
    expect(folderNameFor('2026-2027', 'École Jules Ferry', 'Villeurbanne')).toBe(
      '2026-2027 École Jules Ferry - Villeurbanne',
    );
    expect(folderNameFor('2026-2027', 'Collège Victor Hugo', '')).toBe('2026-2027 Collège Victor Hugo');
  });
  it('drops characters Windows refuses in names, and trailing dots', () => {
    expect(folderNameFor('2026-2027', 'École "Les Lilas": CP/CE1?', 'St. Denis...')).toBe(
      '2026-2027 École Les Lilas CP CE1 - St. Denis',
    );
  });

  it('stays within what a disk holds for one name, whatever the script', () => {
    const name = folderNameFor('2026-2027', '学校'.repeat(60), '');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(240);
    expect(name.startsWith('2026-2027 学校')).toBe(true);
    expect(folderNameFor('2026-2027', 'é'.repeat(120), '')).toHaveLength(120);
  });
});
