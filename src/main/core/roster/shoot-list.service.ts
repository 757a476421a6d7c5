/**
 * Shoot-day lists: per class, students in roster order with whether they may be photographed (refused
 * and pending told apart), as data for the screen and as a PDF in the job's `exports/`, registered so
 * that erasing a student makes the list again without them.
 */
import { LANGUAGES, type Language } from '../../../shared/domain/settings';
import type { ShootList } from '../../../shared/domain/roster';
import { translate } from '../../../shared/i18n';
import { AppError, withFsErrors } from '../../lib/errors';
import { safeFileName } from '../../lib/file-name';
import { ExportRegistry } from '../exports/export-registry.repository';
import type { OpenJob } from '../jobs/job-folder';
import { jobPaths } from '../jobs/job-paths';
import { readJob } from '../jobs/job.repository';
import type { RosterService } from './roster.service';
import { renderShootListPdf, writeShootListPdf } from './shoot-list.pdf';

/** The feature name shoot-day lists are registered under, and what makes one again. */
export const SHOOT_LIST_FEATURE = 'roster';
export type ShootListRecipe = {
  classIds: string[] | null;
  lang: Language;
};

export class ShootListService {
  constructor(private readonly roster: Pick<RosterService, 'students' | 'classes'>) {}

  /**
   * Per class, students in roster order with whether they may be photographed (valid photo
   * consent). `without` leaves a student out (erasure makes the lists again without them).
   */
  lists(job: OpenJob, classIds?: string[], without?: string): ShootList[] {
    const students = this.roster.students(job, {}).filter((s) => s.id !== without);
    return this.roster
      .classes(job)
      .filter((c) => !classIds || classIds.includes(c.id))
      .map((c) => ({
        classId: c.id,
        classLabel: c.label,
        staff: c.staff,
        rows: students
          .filter((s) => s.classId === c.id)
          .sort((a, b) => a.rosterOrder - b.rosterOrder)
          .map((s, i) => ({
            studentId: s.id,
            order: i + 1,
            familyName: s.displayName,
            firstName: s.firstName,
            mayPhotograph: s.consent.photo === 'allowed',
            photoStatus: s.consent.photo,
            classPhotoStatus: s.consent.class_photo,
          })),
      }));
  }

  /** Writes the shoot-day list PDF into the job's `exports/` folder and registers it; returns its path. */
  async pdf(job: OpenJob, classIds: string[] | undefined, lang: Language): Promise<string> {
    const lists = this.lists(job, classIds);
    if (lists.length === 0) throw new AppError('roster_no_classes');
    const j = readJob(job.db);
    const suffix = lists.length === 1 ? `-${safeFileName(lists[0]!.classLabel)}` : '';
    const target = job.paths.export(`${translate(lang, 'shootList.fileName')}${suffix}.pdf`);
    await withFsErrors(target, () => writeShootListPdf(target, lists, j, lang));
    // Every student on it, so erasing one makes the list again without them.
    const recipe: ShootListRecipe = { classIds: classIds ?? null, lang };
    new ExportRegistry(job).record({
      path: target,
      feature: SHOOT_LIST_FEATURE,
      kind: 'shoot_list',
      recipe,
      studentIds: lists.flatMap((l) => l.rows.map((r) => r.studentId)),
    });
    return target;
  }

  /** A shoot-day list made again as its recipe says, without the student `without`; null when no class is left. */
  async remake(job: OpenJob, recipe: ShootListRecipe, without: string): Promise<Buffer | null> {
    const lists = this.lists(job, recipe.classIds ?? undefined, without);
    return lists.length === 0 ? null : renderShootListPdf(lists, readJob(job.db), recipe.lang);
  }
}

/**
 * Where shoot-day lists are written by default, in each language, for the whole school and for each
 * class: erasure looks there for lists an older version wrote without registering them.
 */
export function defaultShootListFiles(
  jobDir: string,
  classes: readonly { id: string; label: string }[],
): { path: string; recipe: ShootListRecipe }[] {
  return LANGUAGES.flatMap((lang) => {
    const base = jobPaths(jobDir).export(translate(lang, 'shootList.fileName'));
    return [
      { path: `${base}.pdf`, recipe: { classIds: null, lang } },
      ...classes.map((c) => ({
        path: `${base}-${safeFileName(c.label)}.pdf`,
        recipe: { classIds: [c.id], lang },
      })),
    ];
  });
}
