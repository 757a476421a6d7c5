/**
 * Retention of each job's personal data, from the studio's policy. The dry run and the purge share
 * one plan (`plan`): every high-definition file the job registered — originals, backup copies
 * recorded in the card manifests, thumbnails and previews — and every gallery it published. What
 * the dry run lists is exactly what the purge then deletes, and the purge reports each failure
 * (an unplugged backup drive) so it can be run again.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { jobPaths } from '../jobs/job-paths';
import type { JobRetention, PurgeReport } from '../../../shared/domain/gdpr';
import { isDue, retentionDates, type RetentionPolicy } from '../../../shared/domain/retention';
import type { RecentJob } from '../../../shared/domain/job';
import type { AuditLog } from '../audit/audit-log';
import type { OpenJob } from '../jobs/job-folder';
import { PhotoCopiesRepository } from '../ingest/photo-copies.repository';
import type { OriginalsService } from '../originals/originals.service';
import { roleOf } from '../ingest/card-files';
import {
  PLATFORM_SKIPPED_NOTE,
  retried,
  withPlatform,
  type PlatformResolver,
} from '../publish/platform-gateway';
import { PublicationRepository } from '../publish/publication.repository';
import { removeFile } from './erasure.service';
import { count } from '../../../shared/i18n';

type PurgeFile = PurgeReport['files'][number];

/** Today as yyyy-mm-dd in local time: retention dates are calendar days where the studio is. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

async function sized(location: PurgeFile['location'], file: string): Promise<PurgeFile | null> {
  const stat = await fsp.stat(file).catch(() => null);
  return stat?.isFile() ? { location, path: file, size: stat.size } : null;
}

export class RetentionService {
  constructor(
    private readonly policy: () => RetentionPolicy,
    private readonly audit: AuditLog,
    private readonly platforms: PlatformResolver,
    private readonly today: () => string = localToday,
    /** Checks each backup copy before it is deleted (absent in tests that do not need it). */
    private readonly originals?: OriginalsService,
  ) {}

  /** Every file the purge deletes, sorted: the originals and cache folders whole, and each registered backup copy. */
  async plan(job: OpenJob): Promise<PurgeFile[]> {
    const files = new Map<string, PurgeFile>();
    const add = (f: PurgeFile | null) => {
      if (f) files.set(f.path, f);
    };
    for (const file of await walk(job.paths.folder('originals'))) add(await sized('originals', file));
    for (const file of await walk(job.paths.folder('cache'))) add(await sized('cache', file));
    // Print and digital files of production runs are high-definition images: they go with the originals.
    for (const file of await walk(job.paths.folder('production')))
      if (/\.(jpe?g|zip)$/i.test(file)) add(await sized('prints', file));
    const originals = path.resolve(job.paths.folder('originals'));
    for (const row of job.repo(PhotoCopiesRepository).registeredCopies())
      for (const dest of row.destinations)
        if (!files.has(dest) && path.dirname(path.resolve(dest)) !== originals)
          add(await sized('backup', dest));
    return [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  async get(job: OpenJob): Promise<JobRetention> {
    const summary = job.summary();
    const files = await this.plan(job);
    const galleries = job
      .repo(PublicationRepository)
      .galleries()
      .filter((g) => !g.closedAt);
    return {
      ...this.datesFor(summary),
      pending: {
        ...countOriginals(files.filter((f) => f.location === 'originals').map((f) => f.path)),
        backups: files.filter((f) => f.location === 'backup').length,
        cache: files.filter((f) => f.location === 'cache').length,
        bytes: files.reduce((n, f) => n + f.size, 0),
        platformGalleries: galleries.length,
        complete: true,
      },
      available: true,
    };
  }

  private datesFor(job: { id: string; path: string; schoolName: string; schoolYear: string }) {
    const dates = retentionDates(job.schoolYear, this.policy());
    const today = this.today();
    return {
      jobId: job.id,
      path: job.path,
      schoolName: job.schoolName,
      schoolYear: job.schoolYear,
      dates,
      galleryCloseDue: isDue(dates.galleryCloses, today),
      hdDeleteDue: isDue(dates.hdFilesDeleted, today),
    };
  }

  /**
   * Every recent job with its dates. Open jobs get their full plan; the others are only looked at
   * on disk (originals and cache), without opening their database (another instance may hold it).
   */
  async overview(
    recent: RecentJob[],
    open: OpenJob[],
  ): Promise<{ today: string; jobs: JobRetention[]; overdue: boolean }> {
    const jobs: JobRetention[] = [];
    for (const entry of recent) {
      const opened = open.find((j) => j.id === entry.id);
      if (opened) {
        jobs.push(await this.get(opened));
        continue;
      }
      const base = this.datesFor(entry);
      if (!entry.available) {
        jobs.push({ ...base, pending: null, available: false });
        continue;
      }
      const originals = await walk(jobPaths(entry.path).folder('originals'));
      const cache = await walk(jobPaths(entry.path).folder('cache'));
      let bytes = 0;
      for (const f of [...originals, ...cache]) bytes += (await fsp.stat(f).catch(() => null))?.size ?? 0;
      jobs.push({
        ...base,
        pending: {
          ...countOriginals(originals),
          backups: 0,
          cache: cache.length,
          bytes,
          platformGalleries: 0,
          complete: false,
        },
        available: true,
      });
    }
    const overdue = jobs.some(
      (j) =>
        j.hdDeleteDue &&
        j.pending !== null &&
        (j.pending.originals +
          j.pending.sidecars +
          j.pending.backups +
          j.pending.cache +
          j.pending.platformGalleries >
          0 ||
          !j.pending.complete),
    );
    return { today: this.today(), jobs, overdue };
  }

  async purge(job: OpenJob, dryRun: boolean): Promise<PurgeReport> {
    const summary = job.summary();
    const dates = retentionDates(summary.schoolYear, this.policy());
    const files = await this.plan(job);
    const publications = job.repo(PublicationRepository);
    const galleries = publications.galleries().filter((g) => !g.closedAt);
    const report: PurgeReport = {
      jobId: job.id,
      dryRun,
      dates,
      files,
      bytes: files.reduce((n, f) => n + f.size, 0),
      platform: galleries.map((g) => ({
        galleryRef: g.galleryRef,
        platformUrl: g.platformUrl,
        status: 'planned' as const,
        studentsRemoved: 0,
        note: '',
      })),
      failures: [],
    };
    // A registered copy that is not there (backup drive unplugged) cannot be deleted now: it is
    // reported, in the dry run too, and stays registered so the next purge deletes it.
    const planned = new Set(files.map((f) => f.path));
    const originalsDir = path.resolve(job.paths.folder('originals'));
    for (const row of job.repo(PhotoCopiesRepository).registeredCopies())
      for (const dest of row.destinations)
        if (!planned.has(dest) && path.dirname(path.resolve(dest)) !== originalsDir)
          report.failures.push({
            path: dest,
            reason: 'copie introuvable (disque de sauvegarde débranché ?)',
          });
    if (dryRun) return report;

    // Before a backup copy is deleted, it is read back against the hash recorded at ingest: a file
    // at a registered place that no longer holds those bytes is not provably ours (the drive was
    // reorganised, another file took the name) and is left alone, reported for the user to look at.
    const backups = new Set(files.filter((f) => f.location === 'backup').map((f) => f.path));
    const notOurs = new Set<string>();
    let backupsChecked = 0;
    if (this.originals && backups.size > 0) {
      const check = await this.originals.check(job, { repair: false, only: backups });
      backupsChecked = check.copies;
      for (const d of check.damaged)
        if (d.state === 'damaged') {
          notOurs.add(d.copy);
          report.failures.push({
            path: d.copy,
            reason:
              'copie différente de l’empreinte enregistrée à l’import : non supprimée ; vérifiez ce fichier puis supprimez-le vous-même',
          });
        }
    }

    for (const item of report.platform) {
      try {
        const removed = await withPlatform(this.platforms, item.platformUrl, async (client) => {
          let count = 0;
          const live = await retried(() => client.getLiveManifest(item.galleryRef)).catch(
            (error: { code?: string }) => {
              if (error.code === 'not_found') return null;
              throw error;
            },
          );
          // Removing every student makes the platform drop every file nothing refers to any more.
          for (const s of live?.manifest.students ?? []) {
            await retried(() => client.removeStudent(item.galleryRef, s.studentRef, 'erasure'));
            count += 1;
          }
          await retried(() => client.close(item.galleryRef));
          return count;
        });
        if (removed === null) {
          item.status = 'skipped';
          item.note = PLATFORM_SKIPPED_NOTE;
        } else {
          item.status = 'removed';
          item.studentsRemoved = removed;
          item.note = `Galerie fermée et vidée (${count(removed, 'élève retiré', 'élèves retirés')}).`;
          publications.markClosed(item.platformUrl, item.galleryRef, new Date().toISOString());
        }
      } catch (error) {
        item.status = 'skipped';
        item.note = `La plateforme n’a pas répondu : ${(error as Error).message}. Relancez la purge plus tard.`;
      }
    }

    for (const file of files) {
      if (notOurs.has(file.path)) continue;
      try {
        await removeFile(file.path);
      } catch (error) {
        report.failures.push({
          path: file.path,
          reason: (error as NodeJS.ErrnoException).code ?? String(error),
        });
      }
    }
    const failed = new Set(report.failures.map((f) => f.path));
    job.db.transaction(() => {
      const copies = job.repo(PhotoCopiesRepository);
      copies.forgetAllDerivatives();
      for (const row of copies.registeredCopies())
        copies.setDestinations(
          row.id,
          row.destinations.filter((d) => failed.has(d) || !planned.has(d)),
        );
      this.audit.record(
        job.db,
        'retention.purged',
        `Purge de conservation : ${count(files.length - report.failures.length, 'fichier supprimé', 'fichiers supprimés')}`,
        {
          originals: files.filter((f) => f.location === 'originals').length,
          backups: files.filter((f) => f.location === 'backup').length,
          cache: files.filter((f) => f.location === 'cache').length,
          bytes: report.bytes,
          failures: report.failures.length,
          backupsChecked,
          backupsNotMatching: notOurs.size,
          platform: report.platform.map((p) => ({
            gallery: p.galleryRef,
            status: p.status,
            students: p.studentsRemoved,
          })),
        },
      );
    })();
    return report;
  }
}

/** The photos of `originals/` apart from their sidecars (an XMP is not an original photo). */
function countOriginals(files: readonly string[]): { originals: number; sidecars: number } {
  const photos = files.filter((f) => roleOf(path.basename(f)) === 'photo').length;
  return { originals: photos, sidecars: files.length - photos };
}
