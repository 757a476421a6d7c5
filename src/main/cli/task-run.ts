/**
 * A core task run to its end from the command line: its progress printed as lines, Ctrl+C asking
 * the task to stop (what is done is kept), and the finished task returned — or, when it did not
 * finish, an error in words (`cancelled` with the command's own sentence).
 */
import type { TaskInfo, TaskProgress } from '../../shared/domain/task';
import { RpcCallError } from '../../shared/rpc/client';
import type { Core } from '../core/core';
import { print } from './cli-context';

export async function runTaskToEnd(
  core: Core,
  jobId: string,
  task: TaskInfo,
  words: { progress?: (p: TaskProgress) => string | null; cancelled: string; failed: string },
): Promise<TaskInfo & { result: unknown }> {
  const client = core.client();
  const stopProgress = core.events.subscribe('task.progress', (p) => {
    if (!words.progress) return;
    if (p.taskId !== task.id) return;
    const line = words.progress(p);
    if (line) print(line);
  });
  const cancel = () => void client.call('tasks.cancel', { taskId: task.id }).catch(() => undefined);
  process.once('SIGINT', cancel);
  try {
    await core.tasks.idle(jobId);
  } finally {
    process.off('SIGINT', cancel);
    stopProgress();
  }
  const done = (await client.call('tasks.list', { jobId })).find((t) => t.id === task.id);
  if (done?.status === 'cancelled') {
    print(words.cancelled);
    throw new RpcCallError({ code: 'cancelled', message: words.cancelled });
  }
  if (!done || done.status !== 'done' || done.result === null)
    throw new RpcCallError(done?.error ?? { code: 'internal', message: words.failed });
  return done;
}
