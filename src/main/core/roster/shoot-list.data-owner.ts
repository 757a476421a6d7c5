/**
 * Shoot-day lists as holders of a student's data: each list PDF in the job's exports names every
 * student of its classes. Erasure makes each list naming the student again without them, in the
 * language and for the classes it was made for (the export registry keeps both). Lists an older
 * version wrote without registering them are looked for at their default names and remade too.
 */
import { promises as fsp } from 'node:fs';
import { RosterRepository } from './roster.repository';
import { ExportRegistry } from '../exports/export-registry.repository';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import {
  defaultShootListFiles,
  SHOOT_LIST_FEATURE,
  type ShootListRecipe,
  type ShootListService,
} from './shoot-list.service';

const isFile = (file: string) =>
  fsp.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

export function shootListDataOwner(shootLists: Pick<ShootListService, 'remake'>): StudentDataOwner {
  return {
    name: 'shootLists',
    rows: () => [],
    erase: () => 0,
    async files({ job, studentId }) {
      const registry = new ExportRegistry(job);
      const lists = registry
        .naming(studentId, SHOOT_LIST_FEATURE)
        .filter((r) => r.insideJob)
        .map((r) => ({ path: r.path, recipe: r.recipe as ShootListRecipe }));
      const classes = job
        .repo(RosterRepository)
        .classes()
        .map(({ id, label }) => ({ id, label }));
      const defaults = defaultShootListFiles(job.dir, classes);
      for (const file of registry.unknown(defaults.map((d) => d.path)))
        lists.push(defaults.find((d) => d.path === file)!);
      const out: StudentFile[] = [];
      for (const list of lists)
        if (await isFile(list.path))
          out.push({
            kind: 'shoot_list',
            path: list.path,
            action: 'regenerate',
            remake: () => shootLists.remake(job, list.recipe, studentId),
          });
      return out;
    },
  };
}
