/**
 * The checks panel's « sans photo » list, one row per class: the students still to decide about (no
 * photo, not yet confirmed absent), and how many were confirmed absent already. A class of 25 with 12
 * missing pupils is one row, dismissed at once — not 12 lines that keep the panel from reaching zero.
 */
import type { SchoolClass, Student } from '../../../shared/domain/roster';

export interface AbsentRow {
  classId: string | null;
  classLabel: string;
  /** Without a photo and not confirmed absent: what the row asks about, in roster order. */
  pending: string[];
  confirmed: number;
}

export function absentRows(
  withoutPhoto: readonly string[],
  confirmedAbsent: readonly string[],
  studentsById: ReadonlyMap<string, Student>,
  classes: readonly SchoolClass[],
): { rows: AbsentRow[]; confirmed: number } {
  const confirmed = new Set(confirmedAbsent);
  const byClass = new Map<string | null, AbsentRow>();
  for (const id of withoutPhoto) {
    const classId = studentsById.get(id)?.classId ?? null;
    let row = byClass.get(classId);
    if (!row) {
      row = {
        classId,
        classLabel: classes.find((c) => c.id === classId)?.label ?? '—',
        pending: [],
        confirmed: 0,
      };
      byClass.set(classId, row);
    }
    if (confirmed.has(id)) row.confirmed += 1;
    else row.pending.push(id);
  }
  const order = (r: AbsentRow) => {
    const i = classes.findIndex((c) => c.id === r.classId);
    return i < 0 ? classes.length : i;
  };
  const all = [...byClass.values()].sort((a, b) => order(a) - order(b));
  return {
    rows: all.filter((r) => r.pending.length > 0),
    confirmed: all.reduce((n, r) => n + r.confirmed, 0),
  };
}
