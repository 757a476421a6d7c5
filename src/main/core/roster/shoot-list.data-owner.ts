/**
 * Shoot-day lists as holders of a student's data: each list PDF in the job's exports names every
 * student of its classes. Erasure makes each list naming the student again without them, in the
 * language and for the classes it was made for (the export registry keeps both).
 */
import { promises as fsp } from 'node:fs';
import { ExportRegistry } from '../exports/export-registry.repository';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import { SHOOT_LIST_FEATURE, type RosterService, type ShootListRecipe } from './roster.service';

export function shootListDataOwner(roster: RosterService): StudentDataOwner {
  return {
    name: 'shootLists',
    rows: () => [],
    erase: () => 0,
    async files({ job, studentId }) {
      const out: StudentFile[] = [];
      for (const r of new ExportRegistry(job).naming(studentId, SHOOT_LIST_FEATURE)) {
        if (
          !r.insideJob ||
          !(await fsp.stat(r.path).then(
            (s) => s.isFile(),
            () => false,
          ))
        )
          continue;
        const recipe = r.recipe as ShootListRecipe;
        out.push({
          kind: r.kind,
          path: r.path,
          action: 'regenerate',
          remake: () => roster.remakeShootList(job, recipe, studentId),
        });
      }
      return out;
    },
  };
}
