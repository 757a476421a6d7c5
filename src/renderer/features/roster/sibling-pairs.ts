/**
 * Sibling suggestions one pair of children at a time: a surname shared by eight pupils is not one
 * family, so each pair is confirmed or dismissed on its own. Pairs already linked are not asked again.
 */
export interface SuggestedStudent {
  id: string;
  name: string;
  classLabel: string | null;
}

export interface SiblingPair {
  key: string;
  familyName: string;
  a: SuggestedStudent;
  b: SuggestedStudent;
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export function siblingPairs(
  groups: readonly { familyName: string; students: readonly SuggestedStudent[] }[],
  siblingsOf: ReadonlyMap<string, ReadonlySet<string>>,
  dismissed: ReadonlySet<string>,
): SiblingPair[] {
  const pairs: SiblingPair[] = [];
  for (const g of groups)
    g.students.forEach((a, i) => {
      for (const b of g.students.slice(i + 1)) {
        const key = pairKey(a.id, b.id);
        if (dismissed.has(key) || siblingsOf.get(a.id)?.has(b.id)) continue;
        pairs.push({ key, familyName: g.familyName, a, b });
      }
    });
  return pairs;
}
