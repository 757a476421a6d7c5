/**
 * Use cases of publishing one job: the plan shown before sending, the publish itself (job content →
 * upload engine → record), the history, and taking one student down at once. The platform comes
 * from the host (`target`: the studio's current publish target with its token, which no job folder
 * ever holds); without one, publishing says so in words rather than failing somewhere inside.
 */
import type { PublishHistoryEntry, PublishPlanView, PublishResult } from '../../../shared/domain/publish';
import type { AuditLog } from '../audit/audit-log';
import { AuditRepository } from '../audit/audit.repository';
import { auditLine } from '../audit/audit-words';
import type { Language } from '../../../shared/domain/settings';
import { AppError } from '../../lib/errors';
import type { OpenJob } from '../jobs/job-folder';
import { silentLogger, type Logger } from '../../lib/logger';
import { ConsentRepository } from '../roster/consent.repository';
import { PlatformClient, platformCause, PublishError } from './platform-client';
import { retried, type PlatformConnection, type PlatformResolver } from './platform-gateway';
import { PublicationRepository } from './publication.repository';
import { prepareContent, type ContentDeps, type PreparedPublication } from './publish-content';
import { UploadEngine, type PublishOptions, type PublishProgress } from './upload-engine';
import { count } from '../../../shared/i18n';

export interface PublishServiceDeps extends ContentDeps {
  /** The studio's current publish target, or null when none is configured. */
  target: () => Promise<PlatformConnection | null>;
  /** The connection for a platform a job already published to (removal, like erasure and purge). */
  platforms: PlatformResolver;
  audit: AuditLog;
  logger?: Logger;
  /** Upload tuning (tests: small chunks, quick retries). */
  engine?: Pick<PublishOptions, 'chunkBytes' | 'concurrency' | 'retry'>;
}

/** Making the files first (counted in files made), then the upload engine's own progress. */
export type PublishStep = { phase: 'preparing'; done: number; total: number } | PublishProgress;

const baseUrlOf = (c: PlatformConnection) => c.baseUrl.replace(/\/+$/, '');

/** A platform failure as the user reads it: never the HTTP library's error, never the token. */
function toAppError(error: unknown): unknown {
  if (error instanceof PublishError) {
    if (error.code === 'gallery_closed') return new AppError('publish_gallery_closed');
    if (error.code === 'cancelled') return new AppError('cancelled');
    return new AppError('publish_failed', platformCause(error), { cause: error });
  }
  return error;
}

export class PublishService {
  private readonly logger: Logger;

  constructor(private readonly deps: PublishServiceDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  private prepare(
    job: OpenJob,
    signal?: AbortSignal,
    onProgress?: (done: number, total: number) => void,
    preview = false,
  ): Promise<PreparedPublication> {
    return prepareContent(this.deps, job, {
      preview,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  }

  private client(connection: PlatformConnection): PlatformClient {
    return new PlatformClient({ baseUrl: baseUrlOf(connection), token: connection.token, maxSockets: 12 });
  }

  /** Throws `publish_no_platform` when there is nowhere to publish. */
  async requireTarget(): Promise<PlatformConnection> {
    const connection = await this.deps.target();
    if (!connection) throw new AppError('publish_no_platform');
    return connection;
  }

  async plan(job: OpenJob): Promise<PublishPlanView> {
    // A preview: no access code issued, no row written (codes not yet issued are stand-ins).
    const prepared = await this.prepare(job, undefined, undefined, true);
    const connection = await this.deps.target();
    let remote: PublishPlanView['remote'] = null;
    let familyUrl: string | null = null;
    if (connection) {
      const client = this.client(connection);
      try {
        const plan = await new UploadEngine(client).plan(prepared, { logger: this.logger });
        familyUrl = plan.familyUrl;
        remote = {
          upToDate: plan.upToDate,
          previousVersion: plan.previousVersion,
          studentsAdded: plan.students.added.length,
          studentsChanged: plan.students.changed.length,
          studentsRemoved: plan.students.removed.length,
          filesAdded: plan.files.added,
          filesRemoved: plan.files.removed,
          filesToSend: plan.toSend.length,
          bytesToSend: plan.bytesToSend,
        };
      } catch (error) {
        throw toAppError(error);
      } finally {
        client.destroy();
      }
    }
    return {
      jobId: job.id,
      platformUrl: connection ? baseUrlOf(connection) : null,
      familyUrl,
      galleries: prepared.entries.length,
      students: prepared.entries.reduce((n, e) => n + e.studentIds.length, 0),
      photos: prepared.counts.photos,
      classPhotos: prepared.counts.classPhotos,
      orderForms: prepared.counts.orderForms,
      files: prepared.manifest.files.length,
      totalBytes: prepared.manifest.files.reduce((n, f) => n + f.size, 0),
      retention: prepared.manifest.retention,
      excluded: prepared.excluded,
      heldBack: prepared.heldBack,
      pendingRemovals: job.repo(ConsentRepository).pendingRemovals().length,
      remote,
    };
  }

  /**
   * Publishes the job: makes the files, sends what the platform lacks, finalizes, records it. Run
   * again after any interruption, it resumes from what the platform holds.
   */
  async publish(
    job: OpenJob,
    options: { signal?: AbortSignal; onProgress?: (step: PublishStep) => void } = {},
  ): Promise<PublishResult> {
    const connection = await this.requireTarget();
    const platformUrl = baseUrlOf(connection);
    const prepared = await this.prepare(job, options.signal, (done, total) =>
      options.onProgress?.({ phase: 'preparing', done, total }),
    );
    const client = this.client(connection);
    const publications = job.repo(PublicationRepository);
    try {
      const result = await new UploadEngine(client).publish(prepared, {
        ...this.deps.engine,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.(p),
        logger: this.logger,
      });
      const upToDate = result.plan.upToDate;
      const consents = job.repo(ConsentRepository);
      const pending = consents.pendingRemovals();
      const students = prepared.entries.flatMap((e) =>
        e.studentIds.map((studentId) => ({ studentId, studentRef: e.studentRef, photos: e.photos })),
      );
      job.db.transaction(() => {
        if (upToDate)
          this.deps.audit.record(
            job.db,
            'publish.done',
            `Publication : rien de nouveau, la plateforme montre déjà la version ${result.version}`,
            {
              gallery: prepared.galleryRef,
              platform: platformUrl,
              version: result.version,
              students: students.length,
              files: prepared.manifest.files.length,
              filesSent: 0,
              bytesSent: 0,
            },
          );
        else
          publications.record(
            {
              platformUrl,
              galleryRef: prepared.galleryRef,
              manifestRef: result.manifestRef,
              version: result.version,
              publishedAt: new Date().toISOString(),
              files: prepared.manifest.files.length,
              students,
              sent: { files: result.filesSent, bytes: result.bytesSent },
            },
            this.deps.audit,
          );
        // The published manifest went through the consent gate: every withdrawal is now honoured.
        for (const r of pending) consents.completeRemoval(r.id);
      })();
      return {
        status: upToDate ? 'up_to_date' : 'published',
        platformUrl,
        familyUrl: result.familyUrl,
        galleryRef: prepared.galleryRef,
        version: result.version,
        filesSent: result.filesSent,
        bytesSent: result.bytesSent,
        filesSkipped: prepared.manifest.files.length - result.filesSent,
        students: students.length,
        excluded: prepared.excluded,
        heldBack: prepared.heldBack,
        removalsDone: pending.length,
      };
    } catch (error) {
      const mapped = toAppError(error);
      if (!options.signal?.aborted)
        this.deps.audit.record(
          job.db,
          'publish.failed',
          `Publication interrompue : ${(error as Error).message}`,
          { gallery: prepared.galleryRef, platform: platformUrl },
        );
      throw mapped;
    } finally {
      client.destroy();
    }
  }

  /** Every publish of the job, most recent first (from the audit trail, which says who). */
  history(job: OpenJob, lang: Language = 'fr'): PublishHistoryEntry[] {
    const rows = job
      .repo(AuditRepository)
      .ofActions(['publish.done', 'publish.failed', 'publish.studentRemoved']);
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    return rows.map((r) => {
      const d = JSON.parse(r.details) as Record<string, unknown>;
      return {
        at: r.at,
        actor: r.actor,
        kind:
          r.action === 'publish.done' ? 'published' : r.action === 'publish.failed' ? 'failed' : 'removed',
        // In the reader's words; a failure keeps its stored line, which holds the platform's reason.
        answer:
          r.action === 'publish.failed'
            ? r.summary
            : auditLine(lang, { action: r.action, summary: r.summary, details: d, classLabel: null }),
        platformUrl: typeof d.platform === 'string' ? d.platform : null,
        version: num(d.version),
        filesSent: num(d.filesSent),
        bytesSent: num(d.bytesSent),
        students: num(d.students),
      };
    });
  }

  /**
   * Takes one student's content off every gallery it went to, now. A student sharing a gallery with
   * siblings takes the siblings' gallery down with them until the next publish puts it back.
   */
  async removeStudent(
    job: OpenJob,
    studentId: string,
  ): Promise<{ galleries: number; removed: boolean; classPhotosRemoved: number }> {
    const places = job.repo(PublicationRepository).placesOf(studentId);
    let removed = false;
    let classPhotosRemoved = 0;
    for (const place of places) {
      const connection = await this.deps.platforms(place.platformUrl);
      if (!connection) throw new AppError('publish_no_platform');
      const client = this.client(connection);
      try {
        const answer = await retried(() => client.removeStudent(place.galleryRef, place.studentRef));
        removed ||= answer.removed;
        classPhotosRemoved += answer.classPhotosRemoved;
        this.deps.audit.record(
          job.db,
          'publish.studentRemoved',
          answer.removed
            ? `Élève retiré de la galerie en ligne (version ${answer.version ?? '—'}, ${count(answer.classPhotosRemoved, 'photo de classe retirée', 'photos de classe retirées')})`
            : 'Élève déjà absent de la galerie en ligne',
          {
            gallery: place.galleryRef,
            platform: place.platformUrl,
            version: answer.version,
            removed: answer.removed,
            classPhotosRemoved: answer.classPhotosRemoved,
          },
          studentId,
        );
      } catch (error) {
        throw toAppError(error);
      } finally {
        client.destroy();
      }
    }
    const consents = job.repo(ConsentRepository);
    job.db.transaction(() => {
      for (const r of consents.pendingRemovals())
        if (r.studentId === studentId) consents.completeRemoval(r.id);
      job.repo(PublicationRepository).forgetStudentPublication(studentId);
    })();
    return { galleries: places.length, removed, classPhotosRemoved };
  }
}
