/**
 * Use cases on jobs: create, open, close, list. Keeps the open jobs of this process (one handle per
 * folder, shared by every window), remembers them in the studio index and resumes their tasks.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { jobPaths } from './job-paths';
import {
  folderNameFor,
  type newJobSchema,
  type JobSummary,
  type RecentJob,
} from '../../../shared/domain/job';
import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { EventBus } from '../events';
import { checkFolderToWrite } from '../../lib/path-checks';
import { resolveUserPath } from '../../lib/user-path';
import type { StudioIndex } from '../studio/studio-index.repository';
import type { TaskRunner } from '../tasks/task-runner';
import { createJobFolder, openJobFolder, type OpenJob } from './job-folder';

export { folderNameFor };

export class JobsService {
  private readonly open = new Map<string, OpenJob>();
  private readonly opening = new Map<string, Promise<OpenJob>>();

  constructor(
    private readonly studio: StudioIndex,
    private readonly tasks: TaskRunner,
    private readonly events: EventBus,
    private readonly appVersion: string,
  ) {}

  async create(input: z.output<typeof newJobSchema>): Promise<JobSummary> {
    // A folder the user named is created, but not the folders above it: a typo in the path must
    // not grow a tree in the wrong place (the studio library, by contrast, is created as needed).
    const dir = input.dir
      ? await checkFolderToWrite(resolveUserPath(input.dir, 'dir'))
      : await this.freeFolder(
          path.join(
            this.studio.settings().libraryDir,
            folderNameFor(input.schoolYear, input.schoolName, input.town),
          ),
        );
    const job = await createJobFolder(dir, input, this.appVersion);
    return this.adopt(job);
  }

  /** `base`, or `base (2)`, `base (3)`… : the first that does not exist yet. */
  private async freeFolder(base: string): Promise<string> {
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? base : `${base} (${n})`;
      try {
        await fsp.access(candidate);
      } catch {
        return candidate;
      }
    }
  }

  async openFolder(rawPath: string): Promise<JobSummary> {
    const dir = resolveUserPath(rawPath);
    const already = [...this.open.values()].find((j) => j.dir === dir);
    if (already) return this.touch(already);
    // Two windows asking at once share one opening (and one lock).
    let pending = this.opening.get(dir);
    if (!pending) {
      pending = openJobFolder(dir);
      this.opening.set(dir, pending);
    }
    try {
      const job = await pending;
      return this.open.has(job.id) ? this.touch(job) : this.adopt(job);
    } finally {
      this.opening.delete(dir);
    }
  }

  private adopt(job: OpenJob): JobSummary {
    this.open.set(job.id, job);
    this.tasks.resume(job);
    return this.touch(job);
  }

  private touch(job: OpenJob): JobSummary {
    const summary = job.summary();
    this.studio.rememberJob(summary);
    this.events.emit('data.changed', { entity: 'jobs', ids: [job.id] });
    return summary;
  }

  get(jobId: string): OpenJob {
    const job = this.open.get(jobId);
    if (!job) throw new AppError('job_not_open');
    return job;
  }

  dirOf(jobId: string): string | undefined {
    return this.open.get(jobId)?.dir;
  }

  openJobs(): OpenJob[] {
    return [...this.open.values()];
  }

  async close(jobId: string): Promise<void> {
    const job = this.open.get(jobId);
    if (!job) return;
    this.open.delete(jobId);
    await this.tasks.suspendJob(jobId);
    job.close();
    this.events.emit('data.changed', { entity: 'jobs', ids: [jobId] });
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id);
  }

  async recent(): Promise<RecentJob[]> {
    const entries = this.studio.recent();
    return Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        available: await fsp
          .stat(jobPaths(entry.path).db)
          .then((s) => s.isFile())
          .catch(() => false),
      })),
    );
  }

  forget(rawPath: string): void {
    this.studio.forget(path.normalize(rawPath));
    this.events.emit('data.changed', { entity: 'jobs' });
  }
}
