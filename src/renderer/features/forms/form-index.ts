/**
 * The forms of a job as the screens look them up: each live access code with the names and class of
 * the students it covers. A student in a linked sibling group is found under the family's code (the
 * one printed on their combined form); revoked codes are kept apart. Built from `codes.list` and
 * `students.list`, searched by name without accents, or by code.
 */
import { looksLikeCode as readAsCode, normalizeCode } from '../../../shared/domain/access-code';
import type { Student } from '../../../shared/domain/roster';
import { foldName, matchRank } from '../../../shared/domain/student-search';

export interface IssuedCode {
  code: string;
  printed: string;
  kind: 'student' | 'family';
  studentIds: string[];
  issuedAt: string;
  revokedAt: string | null;
}

export interface FormEntry {
  code: string;
  printed: string;
  kind: 'student' | 'family';
  students: { id: string; firstName: string; displayName: string; classLabel: string }[];
  /** « Zoé Łukasiewicz + Tom Şahin », as the orders list writes it. */
  names: string;
  classLabel: string;
}

export function formEntries(
  codes: readonly IssuedCode[],
  students: readonly Student[],
  classLabels: ReadonlyMap<string, string>,
): FormEntry[] {
  const byId = new Map(students.map((s) => [s.id, s]));
  const live = codes.filter((c) => c.revokedAt === null);
  const inFamily = new Set(live.filter((c) => c.kind === 'family').flatMap((c) => c.studentIds));
  return live
    .filter((c) => c.kind === 'family' || !inFamily.has(c.studentIds[0] ?? ''))
    .flatMap((c) => {
      const members = c.studentIds.flatMap((id) => {
        const s = byId.get(id);
        return s
          ? [
              {
                id: s.id,
                firstName: s.firstName,
                displayName: s.displayName,
                classLabel: s.classId ? (classLabels.get(s.classId) ?? '') : '',
              },
            ]
          : [];
      });
      if (members.length === 0) return [];
      return [
        {
          code: c.code,
          printed: c.printed,
          kind: c.kind,
          students: members,
          names: members.map((m) => `${m.firstName} ${m.displayName}`).join(' + '),
          classLabel: members[0]!.classLabel,
        },
      ];
    });
}

/**
 * Letters that Unicode does not split into a base letter and an accent (Ł, Ø, Đ, ß, Œ…), written the
 * way a French keyboard types them, so « lukas » finds Łukasiewicz as « helene » finds Hélène.
 */
const PLAIN: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  þ: 'th',
  Þ: 'TH',
};
export function plainLetters(value: string): string {
  return value.replace(/[łŁøØđĐðÐħĦıßæÆœŒþÞ]/g, (c) => PLAIN[c] ?? c);
}

/**
 * True when the text looks like a code being typed (a dash-grouped run so far) or is read as a code
 * by the core (a digit, one 15-character word, a valid code in groups) rather than a name.
 */
export function looksLikeCode(text: string): boolean {
  return /^[A-Za-z0-9]{5}-/.test(text.trim()) || readAsCode(text);
}

/** Forms whose student matches the typed name (accents and case ignored; initials too), best first. */
export function searchForms(entries: readonly FormEntry[], query: string, limit = 8): FormEntry[] {
  const q = query.trim();
  if (!q) return [];
  if (looksLikeCode(q)) {
    const typed = normalizeCode(q);
    return entries.filter((e) => e.code.startsWith(typed)).slice(0, limit);
  }
  const ranked: { entry: FormEntry; rank: number; order: number }[] = [];
  entries.forEach((entry, order) => {
    const ranks = entry.students
      .map((s) =>
        matchRank(
          {
            id: s.id,
            firstName: plainLetters(s.firstName),
            displayName: plainLetters(s.displayName),
            rosterOrder: 0,
          },
          plainLetters(q),
        ),
      )
      .filter((r): r is number => r !== null);
    if (ranks.length > 0) ranked.push({ entry, rank: Math.min(...ranks), order });
  });
  return ranked
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, limit)
    .map((r) => r.entry);
}

/** Free-text filter of a list: every word appears in the names, class or code (accents ignored). */
export function filterEntries<E extends { names: string; classLabel: string; printed: string }>(
  list: readonly E[],
  query: string,
): E[] {
  const words = foldName(plainLetters(query)).split(' ').filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((e) => {
    const hay = `${foldName(plainLetters(e.names))} ${foldName(plainLetters(e.classLabel))} ${e.printed.toLowerCase()}`;
    return words.every((w) => hay.includes(w));
  });
}
