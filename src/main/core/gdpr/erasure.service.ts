/**
 * Right to erasure in one action. Order matters: the platform first (if it cannot remove the
 * student's content, nothing is erased here and the user is told to retry, so no half-erased
 * student is left), then the files, then every row in one transaction with the anonymous trace.
 * A crash between files and rows leaves rows pointing at missing files; erasing again finishes.
 */
import { promises as fsp } from 'node:fs';
import type { ErasureReport } from '../../../shared/domain/gdpr';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { OpenJob } from '../jobs/job-folder';
import { PublicationRepository } from '../publish/publication.repository';
import {
  PLATFORM_SKIPPED_NOTE,
  retried,
  withPlatform,
  type PlatformResolver,
} from '../publish/platform-gateway';
import { photoFiles } from './photo-files';
import type { StudentDataRegistry } from './student-data-registry';

export async function removeFile(file: string): Promise<boolean> {
  try {
    await fsp.rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export class ErasureService {
  constructor(
    private readonly registry: StudentDataRegistry,
    private readonly audit: AuditLog,
    private readonly platforms: PlatformResolver,
  ) {}

  async erase(job: OpenJob, studentId: string): Promise<ErasureReport> {
    const { db } = job;
    if (!db.prepare('SELECT 1 FROM student WHERE id = ?').get(studentId))
      throw new AppError('not_found', { what: 'élève' });

    const links = new Map<string, boolean>();
    for (const owner of this.registry.owners())
      for (const link of owner.photos?.(db, studentId) ?? [])
        links.set(link.photoId, (links.get(link.photoId) ?? false) || link.shared);
    const own = [...links].filter(([, shared]) => !shared).map(([id]) => id);
    const sharedKept = links.size - own.length;

    const notes: string[] = [];
    const platform = await this.removeOnline(job, studentId, notes);

    let filesDeleted = 0;
    for (const photoId of own)
      for (const file of photoFiles(db, job.dir, photoId)) {
        if (await removeFile(file.path)) filesDeleted += 1;
        else if (file.location === 'backup')
          notes.push(
            `Copie de sauvegarde introuvable (disque débranché ?) : ${file.path} — supprimez-la quand le disque sera branché.`,
          );
      }

    const erasedAt = new Date().toISOString();
    const rows: Record<string, number> = {};
    db.transaction(() => {
      for (const owner of this.registry.owners()) rows[owner.name] = owner.erase(db, studentId);
      const deletePhoto = db.prepare('DELETE FROM photo WHERE id = ?');
      // The manifest row stays (it stops a re-read card from bringing the photo back) but points nowhere.
      const forget = db.prepare(
        "UPDATE card_file SET destinations = '[]', final_name = NULL, reason = 'effacée (droit à l’effacement)' WHERE photo_id = ?",
      );
      for (const photoId of own) {
        forget.run(photoId);
        deletePhoto.run(photoId);
      }
      rows.roster = db.prepare('DELETE FROM student WHERE id = ?').run(studentId).changes;
      if (sharedKept > 0)
        notes.push(
          `${sharedKept} photo(s) de groupe conservée(s) : elles montrent d’autres élèves ; seule l’étiquette de cet élève a été retirée.`,
        );
      this.audit.record(
        db,
        'student.erased',
        `Élève effacé (droit à l’effacement) : ${own.length} photo(s), ${filesDeleted} fichier(s) supprimé(s)`,
        {
          photosDeleted: own.length,
          sharedPhotosKept: sharedKept,
          filesDeleted,
          rows,
          platform: platform.status,
        },
      );
    })();
    return {
      erasedAt,
      by: this.audit.actor,
      photosDeleted: own.length,
      sharedPhotosKept: sharedKept,
      filesDeleted,
      rows,
      platform,
      notes,
    };
  }

  private async removeOnline(
    job: OpenJob,
    studentId: string,
    notes: string[],
  ): Promise<ErasureReport['platform']> {
    const places = new PublicationRepository(job.db).placesOf(studentId);
    if (places.length === 0) return { status: 'not_published', note: '' };
    let skipped = false;
    for (const place of places) {
      let done: boolean | null;
      try {
        done = await withPlatform(this.platforms, place.platformUrl, async (client) => {
          await retried(() => client.removeStudent(place.galleryRef, place.studentRef));
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
    return { status: 'removed', note: `Contenu en ligne supprimé (${places.length} galerie(s)).` };
  }
}
