/**
 * Use cases of order forms: the job's price list and form settings, building the forms (who gets
 * one, with which code and poses), writing the class and school PDFs, proof sheets and the report of
 * students left out. Paper orders, totals and the bookkeeper's files are the order book's
 * (`orders/order-bookkeeping.service.ts`).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import {
  offeredProducts,
  priceListSchema,
  type AssociationShare,
  type PriceList,
} from '../../../shared/domain/price-list';
import type { FormPose, FormsReport, SkipReason } from '../../../shared/domain/order-form';
import type { StudentFileKind } from '../../../shared/domain/gdpr';
import { count } from '../../../shared/i18n';
import { retentionDates } from '../../../shared/domain/retention';
import type { Student } from '../../../shared/domain/roster';
import type { School } from '../../../shared/domain/school';
import { ExportRegistry } from '../exports/export-registry.repository';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { safeFileName } from '../../lib/file-name';
import { AppError, isDiskFull, withFsErrors } from '../../lib/errors';
import type { OpenJob } from '../jobs/job-folder';
import { jobPaths } from '../jobs/job-paths';
import type { RosterService } from '../roster/roster.service';
import { readSchool } from '../roster/school.service';
import type { AccessCodeService, CodeOwner } from './access-code.service';
import { ownerKey } from './access-code.service';
import {
  bookkeepingListName,
  TREASURER_SUMMARY_NAME,
  type BookkeepingRecipe,
  type PlannedForm,
} from './forms-export';
import { renderOrderForms, type ProofLookup } from './order-form.pdf';
import { mergePdfs } from './pdf-merge';
import type { PoseSource } from './pose-source';
import {
  FormsSettingsRepository,
  type FormsSettings,
  type StudioPriceListRepository,
} from './price-list.repository';
import { ProofCache, proofKey, type ProofRef } from './proof-images';
import { renderProofSheet } from './proof-sheet.pdf';

/** One form to print: its input and the class it is handed out in (the first sibling's class). */
export type { PlannedForm } from './forms-export';

export interface FormsPlan {
  forms: PlannedForm[];
  skipped: FormsReport['skipped'];
  /** Per class in roster order, every student with the poses found (for proof sheets). */
  classes: {
    id: string;
    label: string;
    students: { id: string; name: string; poses: FormPose[] }[];
  }[];
}

/** Options of a plan: some classes only; `without` leaves a student out (erasure remakes files without them). */
export interface PlanOptions {
  classIds?: readonly string[];
  without?: string;
  /**
   * A preview writes nothing: codes already issued are used, the missing ones are stand-ins drawn
   * for this plan only (neither reserved nor stored), and the studio's price list is not copied.
   */
  preview?: boolean;
}

/**
 * How erasure makes a forms file again (stored with each file in the export registry): the forms of
 * a class, its proof sheet, the school's forms, the report of a build, the bookkeeper's list, the
 * treasurer's summary.
 */
export type FormsRecipe =
  | { file: 'class_forms' | 'proof_sheet'; classId: string }
  | { file: 'school_forms' }
  | { file: 'report'; classIds: string[] | null }
  | BookkeepingRecipe;

/** The recipes of files this service makes again itself (the bookkeeping ones are the order book's). */
export type FormsFileRecipe = Exclude<FormsRecipe, BookkeepingRecipe>;

export const FORMS_FEATURE = 'forms';

export interface FormsSettingsPatch {
  products?: PriceList;
  returnDeadline?: string | null;
  watermark?: string;
  share?: AssociationShare;
}

const SKIP_REASONS: Record<SkipReason, string> = {
  no_photos: 'aucune photo',
  consent: 'autorisation de photographier absente, refusée ou retirée',
  no_class: 'sans classe',
};

/** The text report of a build: how many forms, and every student left without one and why. */
function reportText(plan: FormsPlan): string {
  const students = plan.forms.reduce((n, f) => n + f.input.students.length, 0);
  const lines = [
    `Bons de commande : ${count(plan.forms.length, 'bon', 'bons')} pour ${count(students, 'élève', 'élèves')}.`,
    plan.skipped.length === 0
      ? 'Tous les élèves ont un bon.'
      : `${count(plan.skipped.length, 'élève', 'élèves')} sans bon de commande :`,
    ...plan.skipped.map((s) => `- ${s.classLabel || 'sans classe'} — ${s.name} : ${SKIP_REASONS[s.reason]}`),
    '',
  ];
  return `\uFEFF${lines.join('\n')}`;
}

const formStudentIds = (forms: readonly PlannedForm[]) =>
  forms.flatMap((f) => f.input.students.map((s) => s.id));

/** File names of a build, per class and for the school. */
const classFormsName = (label: string) => `Bons de commande - ${safeFileName(label)}.pdf`;
const proofSheetName = (label: string) => `Planche contact - ${safeFileName(label)}.pdf`;
const SCHOOL_FORMS_NAME = 'Bons de commande - école.pdf';
const REPORT_NAME = 'Bons de commande - rapport.txt';

/**
 * Every file a build and the exports write by default, for the given classes: erasure looks for
 * them where a version older than the export registry wrote them without registering them.
 */
export function defaultFormsFiles(
  jobDir: string,
  classes: readonly { id: string; label: string }[],
): { path: string; kind: StudentFileKind; recipe: FormsRecipe }[] {
  const paths = jobPaths(jobDir);
  const dir = paths.folder('orderForms');
  return [
    ...classes.flatMap((c) => [
      {
        path: path.join(dir, classFormsName(c.label)),
        kind: 'order_forms' as const,
        recipe: { file: 'class_forms' as const, classId: c.id },
      },
      {
        path: path.join(dir, proofSheetName(c.label)),
        kind: 'proof_sheet' as const,
        recipe: { file: 'proof_sheet' as const, classId: c.id },
      },
    ]),
    { path: path.join(dir, SCHOOL_FORMS_NAME), kind: 'school_order_forms', recipe: { file: 'school_forms' } },
    { path: path.join(dir, REPORT_NAME), kind: 'forms_report', recipe: { file: 'report', classIds: null } },
    ...(['csv', 'xlsx'] as const).map((format) => ({
      path: paths.export(bookkeepingListName(format)),
      kind: 'bookkeeping' as const,
      recipe: { file: 'bookkeeping' as const, format },
    })),
    {
      path: path.join(dir, TREASURER_SUMMARY_NAME),
      kind: 'treasurer_summary',
      recipe: { file: 'treasurer' },
    },
  ];
}

/** Groups of linked siblings (connected components), each sorted; students without siblings are left out. */
function siblingGroups(students: readonly Student[]): string[][] {
  const ids = new Set(students.map((s) => s.id));
  const seen = new Set<string>();
  const byId = new Map(students.map((s) => [s.id, s]));
  const groups: string[][] = [];
  for (const s of students) {
    if (seen.has(s.id) || s.siblings.length === 0) continue;
    const group: string[] = [];
    const stack = [s.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || !ids.has(id)) continue;
      seen.add(id);
      group.push(id);
      stack.push(...(byId.get(id)?.siblings ?? []));
    }
    if (group.length > 1) groups.push(group.sort());
  }
  return groups;
}

export class FormsService {
  constructor(
    private readonly roster: RosterService,
    private readonly codes: AccessCodeService,
    private readonly studioPrices: StudioPriceListRepository,
    private readonly poses: PoseSource,
    /** The family page of the online gallery; null when no platform is configured. */
    private readonly galleryUrl: () => string | null,
  ) {}

  /** The job's settings; `preview` reads them without copying the studio's price list into the job. */
  settings(job: OpenJob, options: { preview?: boolean } = {}): FormsSettings {
    return job
      .repo(FormsSettingsRepository)
      .get(() => this.studioPrices.get(), { readOnly: options.preview ?? false });
  }

  updateSettings(job: OpenJob, patch: FormsSettingsPatch): FormsSettings {
    const current = this.settings(job);
    const next: FormsSettings = { ...current, ...patch };
    if (patch.products) {
      const parsed = priceListSchema.parse(patch.products);
      this.assertSiblingProductsAllowed(readSchool(job), current.products, parsed);
      next.products = parsed;
    }
    job.repo(FormsSettingsRepository).save(next);
    return next;
  }

  studioPriceList(): PriceList {
    return this.studioPrices.get();
  }

  setStudioPriceList(list: PriceList): PriceList {
    const parsed = priceListSchema.parse(list);
    this.studioPrices.set(parsed);
    return parsed;
  }

  /**
   * Refuses adding a sibling product where the school does not allow sibling photos. One already in
   * the list (copied from the studio default) may stay so prices can still be edited: forms never
   * offer it until the school allows sibling photos.
   */
  private assertSiblingProductsAllowed(school: School, current: PriceList, list: PriceList): void {
    const known = new Set(current.filter((p) => p.kind === 'sibling_photo').map((p) => p.ref.toUpperCase()));
    const sibling = list.find((p) => p.kind === 'sibling_photo' && !known.has(p.ref.toUpperCase()));
    if (sibling && !school.siblingPhotos)
      throw new AppError('price_list_sibling_not_allowed', { label: sibling.label });
  }

  /** Whether the order forms were built: the build wrote class PDFs into the job (the default place). */
  async built(job: OpenJob): Promise<boolean> {
    const names = await fsp.readdir(job.paths.folder('orderForms')).catch(() => [] as string[]);
    return names.some((n) => n.toLowerCase().endsWith('.pdf'));
  }

  /** Who gets a form, with which code, poses and products; who does not, and why. */
  async plan(job: OpenJob, options: PlanOptions = {}): Promise<FormsPlan> {
    const school = readSchool(job);
    if (!school.association.legalName) throw new AppError('forms_association_missing');
    const settings = this.settings(job, { preview: options.preview ?? false });
    const classes = this.roster.classes(job);
    const classById = new Map(classes.map((c) => [c.id, c]));
    const classRank = new Map(classes.map((c, i) => [c.id, i]));
    const all = this.roster
      .students(job, {})
      .filter((s) => s.id !== options.without)
      .sort(
        (a, b) =>
          (classRank.get(a.classId ?? '') ?? 1e9) - (classRank.get(b.classId ?? '') ?? 1e9) ||
          a.rosterOrder - b.rosterOrder,
      );
    const posesById = await this.poses.posesOf(
      job,
      all.map((s) => s.id),
    );
    const name = (s: Student) => `${s.firstName} ${s.displayName}`;
    const skipped: FormsReport['skipped'] = [];
    const eligible: Student[] = [];
    for (const s of all) {
      const classLabel = s.classId ? (classById.get(s.classId)?.label ?? '') : '';
      const skip = (reason: SkipReason) =>
        skipped.push({ studentId: s.id, name: name(s), classLabel, reason });
      if (!s.classId) skip('no_class');
      // No valid consent to the individual photo: nothing may be sold (nor should a photo exist).
      else if (s.consent.photo !== 'allowed') skip('consent');
      else if ((posesById.get(s.id) ?? []).length === 0) skip('no_photos');
      else eligible.push(s);
    }

    const groups = siblingGroups(eligible);
    const inGroup = new Map<string, string[]>();
    for (const g of groups) for (const id of g) inGroup.set(id, g);
    const owners: CodeOwner[] = [
      ...eligible.map((s) => ({ kind: 'student' as const, studentIds: [s.id] })),
      ...groups.map((g) => ({ kind: 'family' as const, studentIds: g })),
    ];
    const codes =
      options.preview === true ? this.codes.peek(job.db, owners) : this.codes.ensure(job.db, job.id, owners);
    const products = offeredProducts(settings.products, school.siblingPhotos);
    const retention = retentionDates(school.schoolYear);
    const gallery = this.galleryUrl();
    const byId = new Map(eligible.map((s) => [s.id, s]));
    const formStudent = (s: Student) => ({
      id: s.id,
      firstName: s.firstName,
      displayName: s.displayName,
      classLabel: classById.get(s.classId!)?.label ?? '',
      poses: posesById.get(s.id) ?? [],
    });
    const done = new Set<string>();
    const forms: PlannedForm[] = [];
    for (const s of eligible) {
      if (done.has(s.id)) continue;
      const group = inGroup.get(s.id);
      const members = group
        ? group.map((id) => byId.get(id)!).sort((a, b) => eligible.indexOf(a) - eligible.indexOf(b))
        : [s];
      for (const m of members) done.add(m.id);
      const owner: CodeOwner = group
        ? { kind: 'family', studentIds: group }
        : { kind: 'student', studentIds: [s.id] };
      // The gallery only for students whose family agreed to online display.
      const online = members.every((m) => m.consent.online_gallery === 'allowed');
      forms.push({
        classId: s.classId!,
        classLabel: classById.get(s.classId!)?.label ?? '',
        input: {
          code: codes.get(ownerKey(owner))!,
          galleryUrl: online ? gallery : null,
          school: { name: school.schoolName, town: school.town, schoolYear: school.schoolYear },
          association: {
            legalName: school.association.legalName,
            chequePayee: school.association.chequePayee || school.association.legalName,
            contactEmail: school.association.contactEmail,
            contactPhone: school.association.contactPhone,
          },
          students: members.map(formStudent),
          products: group ? products : products.filter((p) => p.kind !== 'sibling_photo'),
          returnDeadline: settings.returnDeadline,
          retention,
          watermark: settings.watermark,
        },
      });
    }
    const wanted = (id: string) => !options.classIds || options.classIds.includes(id);
    return {
      forms: forms.filter((f) => wanted(f.classId)),
      skipped: skipped.filter((s) => {
        const st = all.find((x) => x.id === s.studentId);
        return !options.classIds || (st?.classId ? wanted(st.classId) : false);
      }),
      classes: classes
        .filter((c) => wanted(c.id))
        .map((c) => ({
          id: c.id,
          label: c.label,
          students: all
            .filter((s) => s.classId === c.id)
            .map((s) => ({
              id: s.id,
              name: name(s),
              poses: s.consent.photo === 'allowed' ? (posesById.get(s.id) ?? []) : [],
            })),
        })),
    };
  }

  /**
   * Writes one PDF of forms per class (roster order), one for the whole school, a proof sheet per
   * class and a text report of the students without a form, into `outDir` (default: the job's
   * `exports/bons-de-commande`). Every file is written atomically.
   */
  async build(
    job: OpenJob,
    options: {
      classIds?: readonly string[];
      outDir?: string;
      signal?: AbortSignal;
      /** Forms drawn so far out of all forms (the school PDF is assembled from the class PDFs). */
      onProgress?: (done: number, total: number) => void;
    } = {},
  ): Promise<FormsReport> {
    const plan = await this.plan(job, options);
    const outDir = options.outDir ?? job.paths.folder('orderForms');
    await withFsErrors(outDir, () => ensurePrivateDir(outDir));
    const settings = this.settings(job);
    // Proofs are made in class order on sharp's threads while the PDFs of earlier classes are drawn
    // on this one; each pose is made once and reused by the class PDF, the school PDF and the sheet.
    const proofs = new ProofCache(settings.watermark);
    const classPaths = (classId: string) => [
      ...plan.forms
        .filter((f) => f.classId === classId)
        .flatMap((f) => f.input.students.flatMap((s) => s.poses)),
      ...(plan.classes.find((c) => c.id === classId)?.students.flatMap((s) => s.poses.slice(0, 1)) ?? []),
    ];
    const warming = proofs.warm(plan.classes.flatMap((c) => classPaths(c.id)));
    const ready = new Map<string, Buffer | null>();
    const need = async (poses: readonly FormPose[]) => {
      for (const p of poses) {
        const key = proofKey(p);
        if (!ready.has(key)) ready.set(key, await proofs.get(p));
      }
    };
    const lookup = (p: ProofRef) => ready.get(proofKey(p)) ?? null;

    const files: string[] = [];
    const writeOne = async (target: string, data: Buffer | string) => {
      try {
        await withFsErrors(target, () => writeFileAtomic(target, data));
      } catch (error) {
        // Named by the folder the user opens, with what this build already wrote whole.
        if (isDiskFull(error))
          throw new AppError('forms_disk_full', { path: outDir, written: files.length }, { cause: error });
        throw error;
      }
    };
    const registry = new ExportRegistry(job);
    const write = async (
      name: string,
      data: Buffer | string,
      kind: 'order_forms' | 'school_order_forms' | 'proof_sheet' | 'forms_report',
      recipe: FormsRecipe,
      studentIds: readonly string[],
    ) => {
      const target = path.join(outDir, name);
      await writeOne(target, data);
      // Which students each file names, so erasing one regenerates exactly the files naming them.
      registry.record({ path: target, feature: FORMS_FEATURE, kind, recipe, studentIds: [...studentIds] });
      files.push(target);
    };
    const totalSteps = plan.forms.length;
    let drawn = 0;
    const step = (n: number) => {
      options.signal?.throwIfAborted();
      drawn += n;
      options.onProgress?.(drawn, totalSteps);
    };
    // The class PDFs in class order hold every form in the school's order: the school PDF is made
    // of their pages rather than by drawing each form a second time.
    const classPdfs: Buffer[] = [];
    for (const c of plan.classes) {
      options.signal?.throwIfAborted();
      await need(classPaths(c.id));
      const forms = plan.forms.filter((f) => f.classId === c.id);
      if (forms.length > 0) {
        const pdf = await renderOrderForms(
          forms.map((f) => f.input),
          lookup,
        );
        classPdfs.push(pdf);
        await write(
          classFormsName(c.label),
          pdf,
          'order_forms',
          { file: 'class_forms', classId: c.id },
          formStudentIds(forms),
        );
      }
      step(forms.length);
      if (c.students.some((s) => s.poses.length > 0))
        await write(
          proofSheetName(c.label),
          await renderProofSheet(c.label, c.students, lookup),
          'proof_sheet',
          { file: 'proof_sheet', classId: c.id },
          c.students.map((s) => s.id),
        );
    }
    await warming;
    if (plan.forms.length > 0 && !options.classIds) {
      options.signal?.throwIfAborted();
      await write(
        SCHOOL_FORMS_NAME,
        await mergePdfs(classPdfs, {
          title: 'Bons de commande',
          author: plan.forms[0]?.input.association.legalName ?? '',
        }),
        'school_order_forms',
        { file: 'school_forms' },
        formStudentIds(plan.forms),
      );
    }

    const students = plan.forms.reduce((n, f) => n + f.input.students.length, 0);
    const reportPath = path.join(outDir, REPORT_NAME);
    await writeOne(reportPath, reportText(plan));
    registry.record({
      path: reportPath,
      feature: FORMS_FEATURE,
      kind: 'forms_report',
      recipe: { file: 'report', classIds: options.classIds ? [...options.classIds] : null },
      studentIds: plan.skipped.map((k) => k.studentId),
    });
    return { forms: plan.forms.length, students, files, skipped: plan.skipped, reportPath };
  }

  /**
   * The given files of earlier builds and exports made again without the student `without`, as
   * bytes in the same order (null where nothing is left to show), from the database as it is now.
   * `reuse` gives the class PDFs already on disk that do not name the student, by class: the school
   * PDF is assembled from them rather than drawn again. Writes no file.
   */
  async remake(
    job: OpenJob,
    without: string,
    recipes: readonly FormsFileRecipe[],
    reuse: ReadonlyMap<string, () => Promise<Buffer | null>> = new Map(),
  ): Promise<(Buffer | string | null)[]> {
    const plan = await this.plan(job, { without });
    const proofs = new ProofCache(this.settings(job).watermark);
    const lookupFor = async (poses: readonly FormPose[]): Promise<ProofLookup> => {
      const ready = new Map<string, Buffer | null>();
      await proofs.warm(poses);
      for (const p of poses) ready.set(proofKey(p), await proofs.get(p));
      return (p) => ready.get(proofKey(p)) ?? null;
    };
    const classForms = new Map<string, Promise<Buffer | null>>();
    const remadeClasses = new Set(recipes.flatMap((r) => (r.file === 'class_forms' ? [r.classId] : [])));
    const formsOfClass = (classId: string) => {
      let found = classForms.get(classId);
      if (!found) {
        const forms = plan.forms.filter((f) => f.classId === classId).map((f) => f.input);
        found =
          forms.length === 0
            ? Promise.resolve(null)
            : lookupFor(forms.flatMap((f) => f.students.flatMap((s) => s.poses))).then((lookup) =>
                renderOrderForms(forms, lookup),
              );
        classForms.set(classId, found);
      }
      return found;
    };
    const out: (Buffer | string | null)[] = [];
    for (const recipe of recipes) {
      switch (recipe.file) {
        case 'class_forms':
          out.push(await formsOfClass(recipe.classId));
          break;
        case 'proof_sheet': {
          const c = plan.classes.find((x) => x.id === recipe.classId);
          if (!c || !c.students.some((s) => s.poses.length > 0)) out.push(null);
          else {
            const lookup = await lookupFor(c.students.flatMap((s) => s.poses.slice(0, 1)));
            out.push(await renderProofSheet(c.label, c.students, lookup));
          }
          break;
        }
        case 'school_forms': {
          const pdfs: Buffer[] = [];
          for (const c of plan.classes) {
            if (!plan.forms.some((f) => f.classId === c.id)) continue;
            const kept = remadeClasses.has(c.id) ? null : await reuse.get(c.id)?.();
            const pdf = kept ?? (await formsOfClass(c.id));
            if (pdf) pdfs.push(pdf);
          }
          out.push(
            pdfs.length === 0
              ? null
              : await mergePdfs(pdfs, {
                  title: 'Bons de commande',
                  author: plan.forms[0]?.input.association.legalName ?? '',
                }),
          );
          break;
        }
        case 'report': {
          const wanted = (id: string) => !recipe.classIds || recipe.classIds.includes(id);
          out.push(
            reportText({
              ...plan,
              forms: plan.forms.filter((f) => wanted(f.classId)),
              skipped: plan.skipped.filter((k) => {
                const classId = plan.classes.find((c) => c.students.some((st) => st.id === k.studentId))?.id;
                return !recipe.classIds || (classId !== undefined && wanted(classId));
              }),
            }),
          );
          break;
        }
      }
    }
    return out;
  }
}
