/**
 * The open job on screen: its summary and its tasks, with live progress from `task.progress` events
 * (kept apart from the task list so a burst of progress never triggers a refetch).
 */
import { create } from 'zustand';
import type { JobSummary } from '../../shared/domain/job';
import type { TaskInfo, TaskProgress } from '../../shared/domain/task';
import { rpc } from '../rpc/client';
import { toUiError, type UiError } from '../lib/ui-error';

interface JobState {
  jobId: string | null;
  job: JobSummary | null;
  tasks: TaskInfo[];
  progress: Record<string, TaskProgress>;
  cancelling: Record<string, true>;
  error: UiError | null;
  show: (jobId: string) => Promise<void>;
  refresh: () => Promise<void>;
  refreshTasks: () => Promise<void>;
  onProgress: (progress: TaskProgress) => void;
  cancelTask: (taskId: string) => Promise<void>;
  close: () => Promise<void>;
  clear: () => void;
  dismissError: () => void;
}

export const useJobStore = create<JobState>((set, get) => ({
  jobId: null,
  job: null,
  tasks: [],
  progress: {},
  cancelling: {},
  error: null,
  async show(jobId) {
    if (get().jobId !== jobId)
      set({ jobId, job: null, tasks: [], progress: {}, cancelling: {}, error: null });
    await get().refresh();
  },
  async refresh() {
    const { jobId } = get();
    if (!jobId) return;
    try {
      const [job, tasks] = await Promise.all([
        rpc.call('jobs.get', { jobId }),
        rpc.call('tasks.list', { jobId }),
      ]);
      if (get().jobId === jobId) set({ job, tasks, error: null });
    } catch (error) {
      if (get().jobId === jobId) set({ error: toUiError(error) });
    }
  },
  async refreshTasks() {
    const { jobId } = get();
    if (!jobId) return;
    try {
      const tasks = await rpc.call('tasks.list', { jobId });
      if (get().jobId !== jobId) return;
      // Progress of tasks that are no longer running is history: drop it.
      const running = new Set(tasks.filter((t) => t.status === 'running').map((t) => t.id));
      set((s) => ({
        tasks,
        progress: Object.fromEntries(Object.entries(s.progress).filter(([id]) => running.has(id))),
      }));
    } catch (error) {
      set({ error: toUiError(error) });
    }
  },
  onProgress(progress) {
    if (progress.jobId !== get().jobId) return;
    set((s) => ({ progress: { ...s.progress, [progress.taskId]: progress } }));
  },
  async cancelTask(taskId) {
    set((s) => ({ cancelling: { ...s.cancelling, [taskId]: true } }));
    try {
      await rpc.call('tasks.cancel', { taskId });
    } catch (error) {
      set({ error: toUiError(error) });
    } finally {
      set((s) => {
        const { [taskId]: _done, ...rest } = s.cancelling;
        return { cancelling: rest };
      });
    }
  },
  async close() {
    const { jobId } = get();
    if (jobId) await rpc.call('jobs.close', { jobId });
    get().clear();
  },
  clear() {
    set({ jobId: null, job: null, tasks: [], progress: {}, cancelling: {}, error: null });
  },
  dismissError() {
    set({ error: null });
  },
}));
