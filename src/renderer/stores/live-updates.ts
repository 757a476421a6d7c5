/**
 * Keeps every store in step with the core: refetch on `data.changed` (another window, a task, this
 * window), progress from task events, and a full refetch after a reconnection (events may have been
 * missed while the socket was down).
 */
import { connection, rpc } from '../rpc/client';
import { useAppStore } from './app-store';
import { useJobStore } from './job-store';
import { useJobsStore } from './jobs-store';

function refetchAll(): void {
  void useAppStore.getState().load();
  void useJobsStore.getState().refresh();
  void useJobStore.getState().refresh();
}

export function startLiveUpdates(): () => void {
  let lost = false;
  const stops = [
    rpc.on('data.changed', ({ entity, jobId, ids }) => {
      switch (entity) {
        case 'settings':
          void useAppStore.getState().refreshSettings();
          break;
        case 'jobs': {
          void useJobsStore.getState().refresh();
          // Closed or reopened from another window: the job screen shows what is true now.
          const openJob = useJobStore.getState().jobId;
          if (openJob && (!ids || ids.includes(openJob))) void useJobStore.getState().refresh();
          break;
        }
        case 'tasks':
          if (jobId === useJobStore.getState().jobId) void useJobStore.getState().refreshTasks();
          break;
        default:
          // Feature entities belong to the open job: refetch its summary.
          if (jobId && jobId === useJobStore.getState().jobId) void useJobStore.getState().refresh();
      }
    }),
    rpc.on('task.progress', (progress) => useJobStore.getState().onProgress(progress)),
    rpc.on('task.finished', ({ jobId }) => {
      if (jobId === useJobStore.getState().jobId) void useJobStore.getState().refreshTasks();
    }),
    connection.onChange((state) => {
      if (state === 'lost') lost = true;
      if (state === 'open' && lost) {
        lost = false;
        refetchAll();
      }
    }),
  ];
  const followAddress = () => useAppStore.getState().followAddress();
  window.addEventListener('popstate', followAddress);
  return () => {
    window.removeEventListener('popstate', followAddress);
    for (const stop of stops) stop();
  };
}
