/**
 * Type-ahead search over students, as staff type while labeling: accents and case ignored
 * ("helene" finds Hélène), family name first or last ("dupont hel", "hel dup"), or initials
 * ("hd", "dh"). Pure, so the picker filters on every keystroke without a round trip to the core.
 */

export interface SearchableStudent {
  id: string;
  firstName: string;
  /** Usage name when given, else family name. */
  displayName: string;
  rosterOrder: number;
}

/** Lower case, no diacritics, apostrophes and hyphens as spaces: "N'Diaye-Élodie" → "n diaye elodie". */
export function foldName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[''’`\-‐_.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function words(value: string): string[] {
  const folded = foldName(value);
  return folded ? folded.split(' ') : [];
}

/** Every query word is the prefix of a different name word. */
function wordsMatch(query: string[], name: string[]): boolean {
  const used = new Set<number>();
  return query.every((q) => {
    const i = name.findIndex((w, idx) => !used.has(idx) && w.startsWith(q));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

/**
 * Rank of a student for a query (lower is better), or null when it does not match. 0: the full
 * name starts with the query; 1: every word matches the start of a name word; 2: initials.
 */
export function matchRank(student: SearchableStudent, query: string): number | null {
  const q = words(query);
  if (q.length === 0) return 1;
  const first = words(student.firstName);
  const family = words(student.displayName);
  const joined = q.join(' ');
  if (
    [...first, ...family].join(' ').startsWith(joined) ||
    [...family, ...first].join(' ').startsWith(joined)
  )
    return 0;
  if (wordsMatch(q, [...first, ...family])) return 1;
  // "ndiaye" for N'Diaye, "legall" for Le Gall: names typed without their inner spaces.
  if (family.join('').startsWith(q.join('')) || first.join('').startsWith(q.join(''))) return 1;
  if (q.length === 1) {
    const initialsFirstLast = [...first, ...family].map((w) => w[0]).join('');
    const initialsLastFirst = [...family, ...first].map((w) => w[0]).join('');
    const compactFirstLast = `${first[0]?.[0] ?? ''}${family[0]?.[0] ?? ''}`;
    const compactLastFirst = `${family[0]?.[0] ?? ''}${first[0]?.[0] ?? ''}`;
    if (
      joined.length >= 2 &&
      [initialsFirstLast, initialsLastFirst, compactFirstLast, compactLastFirst].includes(joined)
    )
      return 2;
  }
  return null;
}

/** Matching students, best first, then in roster order. */
export function searchStudents<S extends SearchableStudent>(students: readonly S[], query: string): S[] {
  const ranked: { s: S; rank: number }[] = [];
  for (const s of students) {
    const rank = matchRank(s, query);
    if (rank !== null) ranked.push({ s, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.s.rosterOrder - b.s.rosterOrder);
  return ranked.map((r) => r.s);
}
