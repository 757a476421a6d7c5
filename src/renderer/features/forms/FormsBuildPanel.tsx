/**
 * « Produire les bons »: starts the build as a task (progress in the tasks panel, cancellable),
 * then shows what the last build made — counts, the files (class PDFs, the whole school, proof
 * sheets, the report) to open, and the students left without a form and why (no photo, consent
 * refusing it, no class), so the photographer can act before the forms go to school.
 */
import { useMemo, useState } from 'react';
import { formsReportSchema, type FormsReport } from '../../../shared/domain/order-form';
import type { TaskInfo } from '../../../shared/domain/task';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useJobStore } from '../../stores/job-store';
import { TasksPanel } from '../job/TasksPanel';
import { ExportLink, useCanOpen } from './ExportLink';
import { fileName, folderOf } from './export-path';

const BUILD_TASK = 'forms.build';

function lastBuild(tasks: readonly TaskInfo[]): TaskInfo | undefined {
  return tasks
    .filter((task) => task.kind === BUILD_TASK)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

function taskError(task: TaskInfo): UiError | null {
  if (!task.error) return null;
  return { code: task.error.code, params: task.error.params ?? {}, issues: task.error.issues ?? [] };
}

/** Class PDFs first, then the whole school, proof sheets and the report. */
function fileRank(name: string): number {
  if (!name.endsWith('.pdf')) return 3;
  if (name.endsWith('école.pdf')) return 1;
  if (name.startsWith('Bons de commande')) return 0;
  if (name.startsWith('Planche')) return 2;
  return 3;
}

export function FormsBuildPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const tasks = useJobStore((s) => s.tasks);
  const refreshTasks = useJobStore((s) => s.refreshTasks);
  const canOpen = useCanOpen();
  const [failure, setFailure] = useState<UiError | null>(null);
  const [starting, setStarting] = useState(false);

  const task = lastBuild(tasks);
  const running = task?.status === 'queued' || task?.status === 'running';
  const report: FormsReport | null = useMemo(() => {
    if (task?.status !== 'done') return null;
    const parsed = formsReportSchema.safeParse(task.result);
    return parsed.success ? parsed.data : null;
  }, [task]);
  const files = useMemo(
    () =>
      report
        ? [...report.files, report.reportPath]
            .map((path) => ({ path, name: fileName(path) }))
            // Stable: within a rank the files stay in the report's order, which is the classes' order.
            .sort((a, b) => fileRank(a.name) - fileRank(b.name))
        : [],
    [report],
  );

  const start = async () => {
    setStarting(true);
    setFailure(null);
    try {
      await rpc.call('forms.start', { jobId });
      await refreshTasks();
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setStarting(false);
    }
  };

  const openFolder = async (path: string) => {
    try {
      await rpc.call('fs.openExport', { jobId, path: folderOf(path) });
    } catch (e) {
      setFailure(toUiError(e));
    }
  };

  const failed = task?.status === 'failed' ? taskError(task) : null;
  const reasons = {
    no_photos: 'forms.skip.no_photos',
    consent: 'forms.skip.consent',
    no_class: 'forms.skip.no_class',
  } as const;

  return (
    <div className="forms-build">
      <section className="card" aria-labelledby="forms-build-title">
        <div className="card__head">
          <h2 id="forms-build-title" className="card__title">
            {t('forms.build.title')}
          </h2>
        </div>
        <p className="muted">{t('forms.build.intro')}</p>
        {failure && (
          <Alert tone="error" onDismiss={() => setFailure(null)}>
            {tr.error(failure)}
          </Alert>
        )}
        {failed && <Alert tone="error">{tr.error(failed)}</Alert>}
        {task?.status === 'cancelled' && <Alert tone="info">{t('forms.build.cancelled')}</Alert>}
        <div className="form__actions form__actions--start">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void start()}
            disabled={starting || running}
            data-testid="forms-generate"
          >
            {running ? t('forms.build.running') : report ? t('forms.build.again') : t('forms.build.start')}
          </button>
          {report && task?.finishedAt && (
            <span className="muted small">
              {t('forms.build.lastAt', { date: tr.dateTime(task.finishedAt) })}
            </span>
          )}
        </div>
      </section>

      {running && <TasksPanel />}

      {report && (
        <section className="card" aria-labelledby="forms-result-title" data-testid="forms-result">
          <div className="card__head">
            <h2 id="forms-result-title" className="card__title">
              {t('forms.result.title')}
            </h2>
            {canOpen && files[0] && (
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => void openFolder(files[0]!.path)}
              >
                {t('forms.result.openFolder')}
              </button>
            )}
          </div>
          <dl className="stat-row">
            <div className="stat">
              <dt>{t('forms.result.forms')}</dt>
              <dd data-testid="forms-count">{tr.number(report.forms)}</dd>
            </div>
            <div className="stat">
              <dt>{t('forms.result.students')}</dt>
              <dd>{tr.number(report.students)}</dd>
            </div>
            <div className={report.skipped.length > 0 ? 'stat stat--warning' : 'stat'}>
              <dt>{t('forms.result.skipped')}</dt>
              <dd data-testid="forms-skipped-count">{tr.number(report.skipped.length)}</dd>
            </div>
          </dl>
          {!canOpen && (
            <p className="muted small">
              {t('forms.result.folder', {
                path: files[0] ? folderOf(files[0].path) : '',
              })}
            </p>
          )}
          <h3 className="section-title">{t('forms.result.files')}</h3>
          <ul className="file-list" data-testid="forms-files">
            {files.map((f) => (
              <li key={f.path} className="file-list__item">
                <span aria-hidden="true" className="file-list__icon">
                  {f.name.endsWith('.pdf') ? 'PDF' : 'TXT'}
                </span>
                <ExportLink jobId={jobId} path={f.path} onError={setFailure} />
              </li>
            ))}
          </ul>

          <h3 className="section-title">{t('forms.result.skippedTitle')}</h3>
          {report.skipped.length === 0 ? (
            <p className="field-note field-note--ok">{t('forms.result.noneSkipped')}</p>
          ) : (
            <>
              <p className="muted small">{t('forms.result.skippedHint')}</p>
              <div className="table-wrap">
                <table className="table" data-testid="forms-skipped">
                  <thead>
                    <tr>
                      <th scope="col">{t('forms.col.class')}</th>
                      <th scope="col">{t('forms.col.student')}</th>
                      <th scope="col">{t('forms.col.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.skipped.map((s) => (
                      <tr key={s.studentId}>
                        <td>
                          {s.classLabel || <span className="muted">{t('forms.skip.noClassLabel')}</span>}
                        </td>
                        <td>{s.name}</td>
                        <td>
                          <span className={s.reason === 'consent' ? 'tag tag--warning' : 'tag'}>
                            {t(reasons[s.reason])}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
    </div>
  );
}
