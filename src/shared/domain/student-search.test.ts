import { describe, expect, it } from 'vitest';
import { foldName, searchStudents, type SearchableStudent } from './student-search';

const students: SearchableStudent[] = [
  { id: 'helene', firstName: 'Hélène', displayName: 'Dupont', rosterOrder: 1 },
  { id: 'hugo', firstName: 'Hugo', displayName: 'Durand', rosterOrder: 2 },
  { id: 'aicha', firstName: 'Aïcha', displayName: "N'Diaye", rosterOrder: 3 },
  { id: 'jean', firstName: 'Jean-Noël', displayName: 'Le Gall', rosterOrder: 4 },
  { id: 'denis', firstName: 'Denis', displayName: 'Hubert', rosterOrder: 5 },
];
const find = (q: string) => searchStudents(students, q).map((s) => s.id);

describe('student type-ahead', () => {
  it('ignores accents and case', () => {
    expect(foldName("  N'Diaye-ÉLODIE ")).toBe('n diaye elodie');
    expect(find('helene')).toEqual(['helene']);
    expect(find('HÉLÈ')).toEqual(['helene']);
    expect(find('aicha')).toEqual(['aicha']);
  });

  it('finds by family name first or last', () => {
    expect(find('dupont hel')).toEqual(['helene']);
    expect(find('hel dup')).toEqual(['helene']);
    expect(find('ndiaye')).toEqual(['aicha']);
    expect(find('legall')).toEqual(['jean']);
    expect(find('n diaye')).toEqual(['aicha']);
    expect(find('le gall')).toEqual(['jean']);
    expect(find('noel')).toEqual(['jean']);
  });

  it('finds by initials either way round, after name matches', () => {
    expect(find('hd')).toEqual(['helene', 'hugo', 'denis']);
    expect(find('dh')).toEqual(['helene', 'hugo', 'denis']);
  });

  it('lists best matches first, then in roster order', () => {
    expect(find('du')).toEqual(['helene', 'hugo']);
    expect(find('hu')).toEqual(['hugo', 'denis']);
    expect(find('')).toEqual(['helene', 'hugo', 'aicha', 'jean', 'denis']);
  });
});
