/**
 * Right to erasure in one action, after a dry run that lists exactly what goes. The plan gathers
 * the student's own photos (every registered copy: originals, backups, previews, web copies) and
 * every file the features declare through the student data registry (order forms, proof sheets,
 * shoot-day lists, bookkeeping, XMP sidecars, access exports…), each to delete or to regenerate.
 *
 * Order matters. First every regenerated file is made again in memory, without the student, while
 * the database still holds everything (one that cannot be made is deleted instead: a stale file
 * naming the student must not stay). Then the platform (if it cannot remove the student's content,
 * nothing is erased here and the user is told to retry). Then the files are replaced (temporary file
 * + rename) or deleted, and last every row goes in one transaction with the anonymous trace. A crash
 * before that transaction leaves the student in the database: erasing again finishes. A file that
 * could not be changed is reported as such, with what to do; the trace counts it.
 */
import { promises as fsp } from 'node:fs';
import type { ErasureFile, ErasureReport } from '../../../shared/domain/gdpr';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../../lib/errors';
import { ExportRegistry } from '../exports/export-registry.repository';
import { writeFileAtomic } from '../../lib/atomic';
import type { OpenJob } from '../jobs/job-folder';
import { PhotoCopiesRepository } from '../ingest/photo-copies.repository';
import { RosterRepository } from '../roster/roster.repository';
import { PublicationRepository } from '../publish/publication.repository';
import {
  PLATFORM_SKIPPED_NOTE,
  retried,
  withPlatform,
  type PlatformResolver,
} from '../publish/platform-gateway';
import { kindWord } from './access-words';
import { photoFiles } from './photo-files';
import type { StudentDataRegistry, StudentFile } from './student-data-registry';
import { count } from '../../../shared/i18n';

export async function removeFile(file: string): Promise<boolean> {
  try {
    await fsp.rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

const isFile = (file: string) =>
  fsp.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

const reasonOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** What the erasure would do: computed the same way for the dry run and the erasure. */
interface ErasurePlan {
  own: string[];
  sharedKept: number;
  files: StudentFile[];
  rows: Record<string, number>;
  places: ReturnType<PublicationRepository['placesOf']>;
  missingBackups: string[];
  notes: string[];
}

const SIBLING_NOTE = 'le bon de la fratrie y est refait pour l’autre enfant, avec son propre code';

/** Files by kind, for the audit trail (counts only: a file name may carry a name). */
function countByKind(files: readonly ErasureFile[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of files) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

export class ErasureService {
  constructor(
    private readonly registry: StudentDataRegistry,
    private readonly audit: AuditLog,
    private readonly platforms: PlatformResolver,
  ) {}

  private async plan(job: OpenJob, studentId: string): Promise<ErasurePlan> {
    const { db } = job;
    if (!job.repo(RosterRepository).student(studentId)) throw new AppError('not_found', { what: 'élève' });

    const links = new Map<string, boolean>();
    for (const owner of this.registry.owners())
      for (const link of owner.photos?.(db, studentId) ?? [])
        links.set(link.photoId, (links.get(link.photoId) ?? false) || link.shared);
    const own = [...links].filter(([, shared]) => !shared).map(([id]) => id);
    const sharedKept = links.size - own.length;
    const notes: string[] = [];
    const missingBackups: string[] = [];

    const files = new Map<string, StudentFile>();
    for (const photoId of own)
      for (const file of photoFiles(db, job.dir, photoId)) {
        if (await isFile(file.path))
          files.set(file.path, { kind: file.kind, path: file.path, action: 'delete' });
        else if (file.location === 'backup') {
          missingBackups.push(file.path);
          notes.push(
            `Copie de sauvegarde introuvable (disque débranché ?) : ${file.path} — supprimez-la quand le disque sera branché.`,
          );
        }
      }
    const ctx = { job, studentId, ownPhotoIds: new Set(own) };
    for (const owner of this.registry.owners())
      for (const file of (await owner.files?.(ctx)) ?? [])
        if (!files.has(file.path)) files.set(file.path, file);

    const rows: Record<string, number> = {};
    for (const owner of this.registry.owners()) {
      const count = owner.rows(db, studentId).length;
      if (count > 0) rows[owner.name] = count;
    }
    rows.roster = 1;
    if (sharedKept > 0)
      notes.push(
        `${count(sharedKept, 'photo de groupe conservée : elle montre', 'photos de groupe conservées : elles montrent')} d’autres élèves ; seule l’étiquette de cet élève a été retirée.`,
      );
    return {
      own,
      sharedKept,
      files: [...files.values()],
      rows,
      places: new PublicationRepository(db).placesOf(studentId),
      missingBackups,
      notes,
    };
  }

  /** The dry run (`dryRun`) or the erasure itself; both are traced without the name. */
  async erase(job: OpenJob, studentId: string, options: { dryRun?: boolean } = {}): Promise<ErasureReport> {
    const { db } = job;
    const plan = await this.plan(job, studentId);
    const handedOut = new ExportRegistry(job)
      .handoutsOf(studentId)
      .map((h) => ({ kind: h.kind, path: h.path, how: h.how, at: h.at }));
    const galleries = new Set(plan.places.map((p) => `${p.platformUrl} ${p.galleryRef}`)).size;

    if (options.dryRun) {
      const files = plan.files.map((f): ErasureFile => ({
        kind: f.kind,
        path: f.path,
        action: f.action,
        outcome: 'planned',
        reason: f.siblingForm ? 'sibling_form' : '',
        note: f.siblingForm ? SIBLING_NOTE : '',
      }));
      const report: ErasureReport = {
        dryRun: true,
        erasedAt: new Date().toISOString(),
        by: this.audit.actor,
        photosDeleted: plan.own.length,
        sharedPhotosKept: plan.sharedKept,
        filesDeleted: files.filter((f) => f.action === 'delete').length,
        filesRegenerated: files.filter((f) => f.action === 'regenerate').length,
        files,
        rows: plan.rows,
        platform: {
          status: galleries > 0 ? 'planned' : 'not_published',
          galleries,
          note:
            galleries > 0 ? `Contenu en ligne à supprimer (${count(galleries, 'galerie', 'galeries')}).` : '',
        },
        handedOut,
        missingBackups: plan.missingBackups,
        notes: plan.notes,
      };
      this.audit.record(
        db,
        'student.erasurePlanned',
        `Essai d’effacement d’un élève : ${count(report.photosDeleted, 'photo', 'photos')}, ${count(report.filesDeleted, 'fichier', 'fichiers')} à supprimer, ${report.filesRegenerated} à refaire`,
        {
          photos: report.photosDeleted,
          sharedPhotosKept: report.sharedPhotosKept,
          files: countByKind(report.files),
          rows: report.rows,
          galleries,
          handedOut: handedOut.length,
        },
        studentId,
      );
      return report;
    }

    // 1. Every regenerated file made again, in memory, before anything changes.
    const contents = new Map<string, { data: Buffer | string | null } | { error: string }>();
    for (const file of plan.files)
      if (file.action === 'regenerate')
        try {
          contents.set(file.path, { data: file.remake ? await file.remake() : null });
        } catch (error) {
          contents.set(file.path, { error: reasonOf(error) });
        }

    // 2. The platform: if it cannot remove the student, nothing is erased here.
    const notes = [...plan.notes];
    const platform = await this.removeOnline(plan.places, notes);

    // 3. The files: replaced (atomically) or deleted; whatever cannot be changed is reported.
    const files: ErasureFile[] = [];
    for (const file of plan.files) {
      const base = { kind: file.kind, path: file.path, action: file.action };
      const made = contents.get(file.path);
      if (made && 'data' in made && made.data !== null) {
        try {
          await writeFileAtomic(file.path, made.data);
          files.push({
            ...base,
            outcome: 'regenerated',
            reason: file.siblingForm ? 'sibling_form' : '',
            note: file.siblingForm ? SIBLING_NOTE : '',
          });
          continue;
        } catch (error) {
          contents.set(file.path, { error: reasonOf(error) });
        }
      }
      const failed = contents.get(file.path);
      const why: Pick<ErasureFile, 'reason' | 'note'> =
        failed && 'error' in failed
          ? {
              reason: 'remake_failed',
              note: `n’a pas pu être refait sans l’élève (${failed.error}) : supprimé, refaites-le depuis le logiciel`,
            }
          : file.action === 'regenerate'
            ? { reason: 'nothing_left', note: 'ne montrait plus personne d’autre : supprimé' }
            : { reason: '', note: '' };
      try {
        await removeFile(file.path);
        files.push({ ...base, outcome: 'deleted', ...why });
      } catch (error) {
        files.push({
          ...base,
          outcome: 'failed',
          reason: 'cannot_change',
          note: `${kindWord(file.kind)} impossible à modifier (${reasonOf(error)}) : il nomme encore l’élève, supprimez-le à la main.`,
        });
      }
    }
    const failed = files.filter((f) => f.outcome === 'failed');
    if (failed.length > 0)
      notes.push(
        `${count(failed.length, 'fichier n’a pas pu être supprimé ni refait et nomme', 'fichiers n’ont pas pu être supprimés ni refaits et nomment')} encore l’élève : voyez la liste.`,
      );

    // 4. Every row, in one transaction with the anonymous trace.
    const erasedAt = new Date().toISOString();
    const rows: Record<string, number> = {};
    const deleted = files.filter((f) => f.outcome === 'deleted');
    const regenerated = files.filter((f) => f.outcome === 'regenerated');
    const exports = new ExportRegistry(job);
    db.transaction(() => {
      for (const f of deleted) exports.forget(f.path);
      for (const owner of this.registry.owners()) rows[owner.name] = owner.erase(db, studentId);
      // The manifest row stays (it stops a re-read card from bringing the photo back) but points nowhere.
      const copies = job.repo(PhotoCopiesRepository);
      for (const photoId of plan.own) copies.erasePhoto(photoId, 'effacée (droit à l’effacement)');
      rows.roster = job.repo(RosterRepository).deleteStudent(studentId);
      this.audit.record(
        db,
        'student.erased',
        `Élève effacé (droit à l’effacement) : ${count(plan.own.length, 'photo', 'photos')}, ${count(deleted.length, 'fichier supprimé', 'fichiers supprimés')}, ${count(regenerated.length, 'refait', 'refaits')} sans l’élève` +
          (failed.length > 0 ? `, ${count(failed.length, 'fichier', 'fichiers')} à supprimer à la main` : ''),
        {
          photosDeleted: plan.own.length,
          sharedPhotosKept: plan.sharedKept,
          filesDeleted: deleted.length,
          filesRegenerated: regenerated.length,
          filesFailed: failed.length,
          files: countByKind(files),
          rows,
          platform: platform.status,
          handedOut: handedOut.length,
        },
      );
    })();
    return {
      dryRun: false,
      erasedAt,
      by: this.audit.actor,
      photosDeleted: plan.own.length,
      sharedPhotosKept: plan.sharedKept,
      filesDeleted: deleted.length,
      filesRegenerated: regenerated.length,
      files,
      rows,
      platform: { ...platform, galleries },
      handedOut,
      missingBackups: plan.missingBackups,
      notes,
    };
  }

  private async removeOnline(
    places: ErasurePlan['places'],
    notes: string[],
  ): Promise<{ status: 'removed' | 'not_published' | 'skipped'; note: string }> {
    if (places.length === 0) return { status: 'not_published', note: '' };
    let skipped = false;
    for (const place of places) {
      let done: boolean | null;
      try {
        done = await withPlatform(this.platforms, place.platformUrl, async (client) => {
          await retried(() => client.removeStudent(place.galleryRef, place.studentRef, 'erasure'));
          return true;
        });
      } catch (error) {
        throw new AppError('platform_failed', { reason: (error as Error).message });
      }
      if (done === null) skipped = true;
    }
    if (skipped) {
      notes.push(PLATFORM_SKIPPED_NOTE);
      return { status: 'skipped', note: PLATFORM_SKIPPED_NOTE };
    }
    return {
      status: 'removed',
      note: `Contenu en ligne supprimé (${count(places.length, 'galerie', 'galeries')}).`,
    };
  }
}
