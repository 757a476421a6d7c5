/**
 * The files of order forms as holders of a student's data: the class and school PDFs of forms, the
 * proof sheets, the build report, the bookkeeper's CSV/XLSX and the treasurer's summary. The export
 * registry says which of them name the student; erasure makes each again without them (a class
 * whose only form was theirs loses its PDF), so the other families' forms stay as they were, with
 * the same codes. Files written outside the job folder are not touched: the erasure report lists
 * them as handed out.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ExportRegistry } from '../exports/export-registry.repository';
import { RosterRepository } from '../roster/roster.repository';
import { AccessCodeRepository } from './access-code.repository';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import type { OrderBookkeepingService } from '../orders/order-bookkeeping.service';
import type { BookkeepingRecipe } from './forms-export';
import {
  defaultFormsFiles,
  FORMS_FEATURE,
  type FormsFileRecipe,
  type FormsRecipe,
  type FormsService,
} from './forms.service';

/** Who else an unregistered file names is not known: someone, so it is remade rather than deleted. */
const UNKNOWN = '?';

const exists = (file: string) =>
  fsp.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/** Files that hold nothing but forms or tiles of students: with none left, the file goes. */
const ONLY_STUDENTS = new Set(['order_forms', 'school_order_forms', 'proof_sheet']);

const isBookkeeping = (r: FormsRecipe): r is BookkeepingRecipe =>
  r.file === 'bookkeeping' || r.file === 'treasurer';

export function formsFilesDataOwner(
  forms: Pick<FormsService, 'remake'>,
  bookkeeping: Pick<OrderBookkeepingService, 'remake'>,
): StudentDataOwner {
  return {
    name: 'formsFiles',
    // The rows behind these files belong to the access codes and the roster; the registry's own
    // rows are the export registry owner's.
    rows: () => [],
    erase: () => 0,
    async files({ job, studentId }) {
      const registry = new ExportRegistry(job);
      const found = registry.naming(studentId, FORMS_FEATURE).filter((r) => r.insideJob);
      // Files an older version wrote without registering them may name anyone: they are remade too.
      const classes = job
        .repo(RosterRepository)
        .classes()
        .map(({ id, label }) => ({ id, label }));
      const defaults = defaultFormsFiles(job.dir, classes);
      for (const file of registry.unknown(defaults.map((d) => d.path))) {
        const d = defaults.find((x) => x.path === file)!;
        found.push({
          ...d,
          feature: FORMS_FEATURE,
          studentIds: [studentId, UNKNOWN],
          writtenAt: '',
          insideJob: true,
        });
      }
      const naming: typeof found = [];
      for (const r of found) if (await exists(r.path)) naming.push(r);
      if (naming.length === 0) return [];
      // A sibling who shared the student's family form gets a form of their own, printed with their
      // own class: that class's PDF changes too, though it never named the student.
      const siblingClasses = new Set(job.repo(AccessCodeRepository).siblingClassesOf(studentId));
      const moved = registry
        .ofFeature(FORMS_FEATURE)
        .filter(
          (r) =>
            r.kind === 'order_forms' &&
            r.insideJob &&
            !naming.some((n) => n.path === r.path) &&
            siblingClasses.has((r.recipe as { classId?: string }).classId ?? ''),
        );
      for (const r of moved) if (await exists(r.path)) naming.push(r);

      // The school PDF is the class PDFs one after the other: those of the other classes, on disk
      // in the same folder and not naming the student, are reused rather than drawn again.
      const others = registry
        .ofFeature(FORMS_FEATURE)
        .filter((r) => r.kind === 'order_forms' && r.insideJob && !r.studentIds.includes(studentId));
      const reuse = new Map<string, () => Promise<Buffer | null>>();
      const school = naming.find((r) => r.kind === 'school_order_forms');
      if (school)
        for (const r of others) {
          const classId = (r.recipe as { classId?: string }).classId;
          if (classId && path.dirname(r.path) === path.dirname(school.path))
            reuse.set(classId, () => fsp.readFile(r.path).catch(() => null));
        }

      const regenerate = naming.filter(
        (r) => !ONLY_STUDENTS.has(r.kind) || r.studentIds.some((id) => id !== studentId),
      );
      // The forms' own files are made again in one pass (one plan, shared proofs); the bookkeeper's
      // list and the treasurer's summary by the order book.
      const recipes = regenerate.map((r) => r.recipe as FormsRecipe);
      const formsRecipes = recipes.filter((r): r is FormsFileRecipe => !isBookkeeping(r));
      let remade: Promise<(Buffer | string | null)[]> | undefined;
      const remake = (recipe: FormsRecipe): Promise<Buffer | string | null> =>
        isBookkeeping(recipe)
          ? bookkeeping.remake(job, studentId, recipe)
          : (remade ??= forms.remake(job, studentId, formsRecipes, reuse)).then(
              (list) => list[formsRecipes.indexOf(recipe)] ?? null,
            );
      return naming.map((r): StudentFile => {
        const index = regenerate.indexOf(r);
        return index < 0
          ? { kind: r.kind, path: r.path, action: 'delete' }
          : {
              kind: r.kind,
              path: r.path,
              action: 'regenerate',
              ...(r.studentIds.includes(studentId) ? {} : { siblingForm: true }),
              remake: () => remake(recipes[index]!),
            };
      });
    },
  };
}
