/**
 * The job's long work: running and queued tasks with live progress (bar, rate, time left, cancel),
 * then the recently finished ones with their outcome.
 */
import type { TaskInfo, TaskProgress } from '../../../shared/domain/task';
import { isMessageKey } from '../../../shared/i18n';
import { useT, type Translator } from '../../i18n/use-t';
import { useJobStore } from '../../stores/job-store';

const RECENT_FINISHED = 8;

function kindLabel(tr: Translator, kind: string): string {
  const key = `task.kind.${kind}`;
  // A task's code is never shown: an unnamed kind reads « Travail ».
  return isMessageKey(key) ? tr.t(key) : tr.t('task.kind.other');
}

function ActiveTask({
  task,
  progress,
  cancelling,
  onCancel,
}: {
  task: TaskInfo;
  progress: TaskProgress | undefined;
  cancelling: boolean;
  onCancel: (taskId: string) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const done = progress?.done ?? task.done;
  const total = progress?.total ?? task.total;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  const label = kindLabel(tr, task.kind);
  return (
    <li className="task" data-testid="task-active">
      <div className="task__line">
        <span className="task__kind">{label}</span>
        <span className={`status status--${task.status}`}>{t(`task.status.${task.status}`)}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== undefined ? { 'aria-valuenow': percent } : {})}
      >
        <div className="progress__bar" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <div className="task__line task__line--meta">
        <span>
          {total > 0 && t('job.tasks.progress', { done: tr.number(done), total: tr.number(total) })}
          {progress?.rate !== undefined && progress.rate > 0 && (
            <> · {t('job.tasks.rate', { rate: tr.number(progress.rate, progress.rate < 10 ? 1 : 0) })}</>
          )}
          {progress?.etaSeconds !== undefined && (
            <> · {t('job.tasks.eta', { eta: tr.duration(progress.etaSeconds) })}</>
          )}
        </span>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => onCancel(task.id)}
          disabled={cancelling}
          aria-label={t('job.tasks.cancel.label', { task: label })}
        >
          {cancelling ? t('job.tasks.cancelling') : t('job.tasks.cancel')}
        </button>
      </div>
      {progress?.message && (
        <p className="task__message">{tr.message(progress.message, { done: tr.number(done) })}</p>
      )}
    </li>
  );
}

export function TasksPanel() {
  const tasks = useJobStore((s) => s.tasks);
  const progress = useJobStore((s) => s.progress);
  const cancelling = useJobStore((s) => s.cancelling);
  const cancelTask = useJobStore((s) => s.cancelTask);
  return (
    <TasksView
      tasks={tasks}
      progress={progress}
      cancelling={cancelling}
      onCancel={(taskId) => void cancelTask(taskId)}
    />
  );
}

export function TasksView({
  tasks,
  progress,
  cancelling,
  onCancel,
}: {
  tasks: TaskInfo[];
  progress: Record<string, TaskProgress>;
  cancelling: Record<string, true>;
  onCancel: (taskId: string) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const active = tasks.filter((task) => task.status === 'running' || task.status === 'queued');
  const finished = tasks
    .filter((task) => task.status !== 'running' && task.status !== 'queued')
    .slice(0, RECENT_FINISHED);

  return (
    <section className="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title" className="card__title">
        {t('job.tasks')}
      </h2>
      {active.length === 0 ? (
        <p className="muted">{t('job.tasks.none')}</p>
      ) : (
        <ul className="task-list">
          {active.map((task) => (
            <ActiveTask
              key={task.id}
              task={task}
              progress={progress[task.id]}
              cancelling={!!cancelling[task.id]}
              onCancel={onCancel}
            />
          ))}
        </ul>
      )}
      {finished.length > 0 && (
        <>
          <h3 className="card__subtitle">{t('job.tasks.recent')}</h3>
          <ul className="task-list task-list--finished">
            {finished.map((task) => (
              <li key={task.id} className="task task--finished" data-testid="task-finished">
                <div className="task__line">
                  <span className="task__kind">{kindLabel(tr, task.kind)}</span>
                  <span className={`status status--${task.status}`}>{t(`task.status.${task.status}`)}</span>
                </div>
                <div className="task__line task__line--meta">
                  <span>
                    {task.total > 0 &&
                      t('job.tasks.progress', { done: tr.number(task.done), total: tr.number(task.total) })}
                    {task.total > 0 && task.finishedAt && ' · '}
                    {task.finishedAt && t('job.tasks.finishedAt', { date: tr.dateTime(task.finishedAt) })}
                  </span>
                </div>
                {task.error && (
                  <p className="task__error">
                    {tr.error({ code: task.error.code, params: task.error.params ?? {}, issues: [] })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
