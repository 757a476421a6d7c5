/**
 * Runs long work as tasks. A task is persisted before it starts (so it survives a crash), runs one at
 * a time per job in order, reports throttled progress, records each finished step of each item, and
 * is cancelled through an AbortSignal. When a job is closed its running task is suspended (back to
 * `queued`); when the job is opened again, unfinished tasks run again and skip the steps already done.
 * A full disk ends a task with a clear message, never with a crash: its progress is saved only as a
 * courtesy, and when even its end cannot be written the task is still reported as ended here (the
 * database keeps it unfinished, so it resumes on the next opening).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { TaskInfo, TaskStatus } from '../../../shared/domain/task';
import type { RpcError } from '../../../shared/rpc/errors';
import type { Language } from '../../../shared/domain/settings';
import { AppError, isDiskFull, toRpcError } from '../../lib/errors';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events';
import type { Logger } from '../../lib/logger';
import type { OpenJob } from '../jobs/job-folder';
import { ProgressMeter, Throttle, type ProgressSample } from './progress-meter';
import { TaskRepository } from './task.repository';

export interface TaskContext<P> {
  readonly taskId: string;
  readonly job: OpenJob;
  readonly params: P;
  readonly signal: AbortSignal;
  /** True when this run continues a task interrupted by a crash or a close. */
  readonly resumed: boolean;
  /** True once the task is being stopped to resume later (its job closes), not cancelled or failed. */
  suspended(): boolean;
  progress(sample: ProgressSample): void;
  isStepDone(item: string, step: string): boolean;
  doneItems(step: string): Set<string>;
  /** Records that `step` of `item` is finished; call it inside the transaction that commits the step's rows. */
  markStepDone(item: string, step: string): void;
}

/** How a task ended, as its audit entry sees it (the result only when it is done). */
export type TaskOutcome<P, R> =
  { status: 'done'; params: P; result: R } | { status: 'failed' | 'cancelled'; params: P; result: null };

export interface TaskKind<P = unknown, R = unknown> {
  readonly kind: string;
  readonly params: z.ZodType<P>;
  run(ctx: TaskContext<P>): Promise<R>;
  /**
   * The audit row of a task that ended (done, failed or cancelled), or null for none. Written in the
   * same transaction as the task's end, typed by the task's own result: no listener casts a payload.
   */
  audit?(outcome: TaskOutcome<P, R>): AuditEntry | null;
}

/** Any task kind, whatever its parameters (for registries). */
export interface AnyTaskKind {
  readonly kind: string;
  readonly params: z.ZodType;
  run(ctx: TaskContext<never>): Promise<unknown>;
  audit?(outcome: TaskOutcome<never, never>): AuditEntry | null;
}

/** Reason used when a job closes: the task stops but stays unfinished, to resume next time. */
const SUSPEND = Symbol('suspend');

interface Running {
  jobId: string;
  controller: AbortController;
}

export class TaskRunner {
  private readonly kinds = new Map<string, TaskKind>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly running = new Map<string, Running>();
  private readonly jobs = new Map<string, OpenJob>();
  /** Ends the database could not take (disk full), shown as they are until the task runs again. */
  private readonly unrecorded = new Map<
    string,
    Pick<TaskInfo, 'status' | 'error' | 'result' | 'finishedAt'>
  >();

  constructor(
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly progressIntervalMs = 200,
    /** Language of the stored error of a failed task (the studio's setting). */
    private readonly language: () => Language = () => 'fr',
    /** Where the audit entries of ended tasks are written (none in a bare runner). */
    private readonly audit: AuditLog | null = null,
  ) {}

  /** The kinds registered, by name (each has its name for people under `task.kind.<kind>`). */
  kindNames(): string[] {
    return [...this.kinds.keys()];
  }

  register<P, R>(kind: TaskKind<P, R>): void {
    this.kinds.set(kind.kind, kind);
  }

  /** Queues a new task on an open job and returns at once. */
  start(job: OpenJob, kindName: string, params: unknown): TaskInfo {
    const kind = this.kinds.get(kindName);
    if (!kind) throw new AppError('unsupported', { what: kindName });
    const parsed = kind.params.parse(params);
    const id = randomUUID();
    const repo = job.repo(TaskRepository);
    repo.insert(id, kindName, parsed);
    this.jobs.set(job.id, job);
    this.enqueue(job, kind, id, parsed, false);
    this.events.emit('data.changed', { entity: 'tasks', jobId: job.id, ids: [id] });
    return repo.get(id, job.id)!;
  }

  /** Re-queues the tasks a crash or a close left unfinished on this job. */
  resume(job: OpenJob): void {
    this.jobs.set(job.id, job);
    const repo = job.repo(TaskRepository);
    for (const stored of repo.unfinished()) {
      const kind = this.kinds.get(stored.kind);
      if (!kind) {
        repo.finish(
          stored.id,
          'failed',
          toRpcError(new AppError('unsupported', { what: stored.kind }), 'fr', () => {}),
          null,
        );
        continue;
      }
      this.logger.info(`Resuming task ${stored.kind} ${stored.id}`);
      this.enqueue(job, kind, stored.id, stored.params, true);
    }
  }

  list(job: OpenJob): TaskInfo[] {
    return job
      .repo(TaskRepository)
      .list(job.id)
      .map((t) => (this.unrecorded.has(t.id) ? { ...t, ...this.unrecorded.get(t.id)! } : t));
  }

  cancel(taskId: string): boolean {
    const running = this.running.get(taskId);
    if (running) {
      running.controller.abort(new AppError('cancelled'));
      return true;
    }
    for (const job of this.jobs.values()) {
      const repo = job.repo(TaskRepository);
      const info = repo.get(taskId, job.id);
      if (info && (info.status === 'queued' || info.status === 'running')) {
        // Not started yet: mark it so the queue skips it.
        repo.finish(taskId, 'cancelled', null, null);
        this.events.emit('task.finished', {
          taskId,
          jobId: job.id,
          kind: info.kind,
          status: 'cancelled',
          error: null,
          result: null,
        });
        return true;
      }
    }
    return false;
  }

  /** Stops the job's tasks without cancelling them (they resume when the job is opened again). */
  async suspendJob(jobId: string): Promise<void> {
    for (const r of this.running.values()) if (r.jobId === jobId) r.controller.abort(SUSPEND);
    await this.queues.get(jobId);
    this.jobs.delete(jobId);
  }

  /** Resolves when every queued task of the job has ended (for tests and the CLI). */
  async idle(jobId: string): Promise<void> {
    let current: Promise<void> | undefined;
    while ((current = this.queues.get(jobId)) !== undefined) {
      await current;
      if (this.queues.get(jobId) === current) return;
    }
  }

  private enqueue(job: OpenJob, kind: TaskKind, id: string, params: unknown, resumed: boolean): void {
    const previous = this.queues.get(job.id) ?? Promise.resolve();
    const next = previous.then(() => this.execute(job, kind, id, params, resumed));
    this.queues.set(job.id, next);
    void next.finally(() => {
      if (this.queues.get(job.id) === next) this.queues.delete(job.id);
    });
  }

  private async execute(
    job: OpenJob,
    kind: TaskKind,
    id: string,
    params: unknown,
    resumed: boolean,
  ): Promise<void> {
    if (!this.jobs.has(job.id)) return; // job closed while this task waited
    const repo = job.repo(TaskRepository);
    const current = repo.get(id, job.id);
    if (!current || (current.status !== 'queued' && current.status !== 'running')) return;

    const controller = new AbortController();
    this.running.set(id, { jobId: job.id, controller });
    this.unrecorded.delete(id);
    try {
      repo.markRunning(id);
    } catch (thrown) {
      this.running.delete(id);
      this.end(job, kind, id, repo, 'failed', this.errorOf(thrown, job, kind, id), null, params);
      return;
    }
    const meter = new ProgressMeter();
    let lastSaved = 0;
    const throttle = new Throttle(this.progressIntervalMs, (sample: ProgressSample) => {
      this.events.emit('task.progress', {
        taskId: id,
        jobId: job.id,
        kind: kind.kind,
        ...meter.measure(sample),
      });
      const t = performance.now();
      if (t - lastSaved > 1000 || sample.done === sample.total) {
        lastSaved = t;
        try {
          repo.saveProgress(id, sample.done, sample.total);
        } catch (error) {
          // Saved progress only feeds the task list after a restart; a full disk must not stop the work.
          if (!isDiskFull(error)) throw error;
        }
      }
    });
    const ctx: TaskContext<unknown> = {
      taskId: id,
      job,
      params,
      signal: controller.signal,
      resumed,
      suspended: () => controller.signal.aborted && controller.signal.reason === SUSPEND,
      progress: (sample) => throttle.push(sample),
      isStepDone: (item, step) => repo.isStepDone(id, item, step),
      doneItems: (step) => repo.doneItems(id, step),
      markStepDone: (item, step) => repo.markStepDone(id, item, step),
    };

    let status: TaskStatus = 'done';
    let result: unknown = null;
    let error = null;
    try {
      result = await kind.run(ctx);
      controller.signal.throwIfAborted();
    } catch (thrown) {
      if (controller.signal.aborted && controller.signal.reason === SUSPEND) {
        throttle.flush();
        this.running.delete(id);
        try {
          repo.markQueued(id);
        } catch (failure) {
          // Left `running` in the database: it resumes on the next opening all the same.
          if (!isDiskFull(failure)) throw failure;
          this.logger.warn(`Task ${kind.kind} ${id}: its suspension could not be recorded, the disk is full`);
        }
        return;
      }
      status = controller.signal.aborted ? 'cancelled' : 'failed';
      error = status === 'cancelled' ? null : this.errorOf(thrown, job, kind, id);
    } finally {
      this.running.delete(id);
    }
    throttle.flush();
    this.end(job, kind, id, repo, status, error, result ?? null, params);
  }

  /** Records a task's end and its audit row in one transaction. */
  private finishWithAudit(
    job: OpenJob,
    kind: AnyTaskKind | undefined,
    repo: TaskRepository,
    id: string,
    ended: { status: TaskStatus; error: RpcError | null; result: unknown; params: unknown },
  ): void {
    job.db.transaction(() => {
      repo.finish(id, ended.status, ended.error, ended.result);
      const outcome =
        ended.status === 'done'
          ? { status: 'done' as const, params: ended.params, result: ended.result }
          : {
              status: ended.status === 'cancelled' ? ('cancelled' as const) : ('failed' as const),
              params: ended.params,
              result: null,
            };
      const entry = this.audit && kind?.audit?.(outcome as TaskOutcome<never, never>);
      if (entry) this.audit.write(job.db, entry);
    })();
  }

  /** A task's failure as the user reads it: a raw full-disk error names the job folder. */
  private errorOf(thrown: unknown, job: OpenJob, kind: TaskKind, id: string) {
    const clear =
      !(thrown instanceof AppError) && isDiskFull(thrown)
        ? new AppError('disk_full', { path: job.dir }, { cause: thrown })
        : thrown;
    return toRpcError(clear, this.language(), (ref, e) =>
      this.logger.error(`Task ${kind.kind} ${id} failed [${ref}]`, e),
    );
  }

  /**
   * Records and announces the end of a task. When the database cannot take it (its disk is full),
   * the end is still announced, so the caller hears the message; the stored task stays unfinished
   * and resumes on the next opening, where it goes on from its committed steps.
   */
  private end(
    job: OpenJob,
    kind: TaskKind,
    id: string,
    repo: TaskRepository,
    status: TaskStatus,
    error: RpcError | null,
    result: unknown,
    params: unknown,
  ): void {
    try {
      this.finishWithAudit(job, kind, repo, id, { status, error, result, params });
      this.unrecorded.delete(id);
    } catch (failure) {
      if (!isDiskFull(failure)) throw failure;
      this.logger.warn(`Task ${kind.kind} ${id}: its end could not be recorded, the disk is full`);
      this.unrecorded.set(id, { status, error, result, finishedAt: new Date().toISOString() });
    }
    try {
      this.events.emit('task.finished', {
        taskId: id,
        jobId: job.id,
        kind: kind.kind,
        status,
        error,
        result,
      });
      this.events.emit('data.changed', { entity: 'tasks', jobId: job.id, ids: [id] });
    } catch (failure) {
      // A listener writing to the same full disk (the audit trail): the task has still ended.
      if (!isDiskFull(failure)) throw failure;
      this.logger.debug(
        `Task ${kind.kind} ${id}: a follow-up of its end could not be written, the disk is full`,
      );
    }
  }
}
