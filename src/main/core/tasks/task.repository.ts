/** Persistence of tasks and of their finished steps in the job database. */
import type { TaskInfo, TaskStatus } from '../../../shared/domain/task';
import type { RpcError } from '../../../shared/rpc/errors';
import type { Db } from '../../lib/sqlite';

interface TaskRow {
  id: string;
  kind: string;
  params: string;
  status: TaskStatus;
  created_at: string;
  finished_at: string | null;
  done: number;
  total: number;
  error: string | null;
  result: string | null;
}

export interface StoredTask {
  id: string;
  kind: string;
  params: unknown;
  status: TaskStatus;
}

function toInfo(row: TaskRow, jobId: string): TaskInfo {
  return {
    id: row.id,
    jobId,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    done: row.done,
    total: row.total,
    error: row.error ? (JSON.parse(row.error) as RpcError) : null,
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
  };
}

export class TaskRepository {
  constructor(private readonly db: Db) {}

  insert(id: string, kind: string, params: unknown): void {
    this.db
      .prepare(`INSERT INTO task (id, kind, params, status, created_at) VALUES (?, ?, ?, 'queued', ?)`)
      .run(id, kind, JSON.stringify(params), new Date().toISOString());
  }

  get(id: string, jobId: string): TaskInfo | undefined {
    const row = this.db.prepare('SELECT * FROM task WHERE id = ?').get(id) as TaskRow | undefined;
    return row && toInfo(row, jobId);
  }

  list(jobId: string, limit = 50): TaskInfo[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM task ORDER BY CASE WHEN status IN ('running', 'queued') THEN 0 ELSE 1 END, created_at DESC LIMIT ?`,
      )
      .all(limit) as TaskRow[];
    return rows.map((r) => toInfo(r, jobId));
  }

  /** Tasks a crash or a close left unfinished, oldest first. */
  unfinished(): StoredTask[] {
    const rows = this.db
      .prepare(`SELECT * FROM task WHERE status IN ('queued', 'running') ORDER BY created_at`)
      .all() as TaskRow[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      params: JSON.parse(r.params) as unknown,
      status: r.status,
    }));
  }

  markRunning(id: string): void {
    this.db
      .prepare(`UPDATE task SET status = 'running', started_at = ? WHERE id = ?`)
      .run(new Date().toISOString(), id);
  }

  markQueued(id: string): void {
    this.db.prepare(`UPDATE task SET status = 'queued' WHERE id = ?`).run(id);
  }

  saveProgress(id: string, done: number, total: number): void {
    this.db.prepare('UPDATE task SET done = ?, total = ? WHERE id = ?').run(done, total, id);
  }

  finish(id: string, status: TaskStatus, error: RpcError | null, result: unknown): void {
    this.db
      .prepare('UPDATE task SET status = ?, finished_at = ?, error = ?, result = ? WHERE id = ?')
      .run(
        status,
        new Date().toISOString(),
        error ? JSON.stringify(error) : null,
        result === undefined || result === null ? null : JSON.stringify(result),
        id,
      );
  }

  isStepDone(taskId: string, item: string, step: string): boolean {
    return !!this.db
      .prepare('SELECT 1 FROM task_step WHERE task_id = ? AND item = ? AND step = ?')
      .get(taskId, item, step);
  }

  doneItems(taskId: string, step: string): Set<string> {
    const rows = this.db
      .prepare('SELECT item FROM task_step WHERE task_id = ? AND step = ?')
      .all(taskId, step) as {
      item: string;
    }[];
    return new Set(rows.map((r) => r.item));
  }

  markStepDone(taskId: string, item: string, step: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO task_step (task_id, item, step, done_at) VALUES (?, ?, ?, ?)')
      .run(taskId, item, step, new Date().toISOString());
  }
}
