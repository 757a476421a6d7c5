/**
 * « Données d'un élève », on the student's card: the right of access (a zip with the French PDF,
 * the CSV of the records and the photos, opened in its folder in Electron, downloaded from the
 * browser host) and the right to erasure — a dry run first, listing exactly what goes, then the
 * erasure behind the student's family name typed in full. The report outlives the card (the
 * student is gone): it is handed to the parent through `onErased`.
 */
import { useId, useState } from 'react';
import type { Result } from '../../../shared/rpc/contract';
import type { Student } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { ExportLink, useCanOpen } from '../forms/ExportLink';
import { fileName } from '../forms/export-path';
import { ErasureFiles, ErasureNotes, ErasureRecords, HandedOut, type ErasureReport } from './ErasureView';

type AccessExport = Result<'students.exportAccess'>;

/** Compared without case, accents or spacing: typing « Lefevre » confirms LEFÈVRE. */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s'’-]+/g, '')
    .toLowerCase();
}

export function StudentDataPanel({
  jobId,
  student,
  onErased,
}: {
  jobId: string;
  student: Student;
  onErased: (report: ErasureReport) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const canOpen = useCanOpen();
  const [busy, setBusy] = useState<'export' | 'plan' | 'erase' | null>(null);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [exported, setExported] = useState<AccessExport | null>(null);
  const [plan, setPlan] = useState<ErasureReport | null>(null);
  const [typed, setTyped] = useState('');

  const run = async (kind: 'export' | 'plan' | 'erase', action: () => Promise<void>) => {
    setBusy(kind);
    setFailure(null);
    try {
      await action();
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setBusy(null);
    }
  };

  const exportData = () =>
    run('export', async () => {
      setPlan(null);
      const result = await rpc.call('students.exportAccess', { jobId, studentId: student.id });
      setExported(result);
      if (canOpen) await rpc.call('fs.openExport', { jobId, path: result.folder });
    });

  const dryRun = () =>
    run('plan', async () => {
      setExported(null);
      setTyped('');
      setPlan(await rpc.call('students.erase', { jobId, studentId: student.id, dryRun: true }));
    });

  const erase = () =>
    run('erase', async () => {
      onErased(await rpc.call('students.erase', { jobId, studentId: student.id, dryRun: false }));
    });

  const confirmed = folded(typed) !== '' && folded(typed) === folded(student.familyName);

  return (
    <section className="student-data" aria-labelledby={`${uid}-title`} data-testid="student-data-panel">
      <h3 id={`${uid}-title`} className="section-title">
        {t('studentData.title')}
      </h3>
      <p className="small muted">{t('studentData.intro')}</p>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      <div className="form__actions form__actions--start">
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={busy !== null}
          onClick={() => void exportData()}
          data-testid="student-export"
        >
          {busy === 'export' ? t('studentData.exporting') : t('studentData.export')}
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--small student-data__erase"
          disabled={busy !== null}
          onClick={() => void dryRun()}
          data-testid="student-erase"
        >
          {busy === 'plan' ? t('studentData.planning') : t('studentData.erase')}
        </button>
      </div>

      {exported && (
        <Alert tone="success" onDismiss={() => setExported(null)}>
          <p data-testid="student-exported">
            {t('studentData.exported', {
              file: fileName(exported.path),
              photos: exported.photos,
              records: exported.records,
            })}
          </p>
          {canOpen ? (
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() =>
                void rpc
                  .call('fs.openExport', { jobId, path: exported.folder })
                  .catch((e: unknown) => setFailure(toUiError(e)))
              }
            >
              {t('studentData.openFolder')}
            </button>
          ) : (
            <ExportLink
              jobId={jobId}
              path={exported.path}
              label={t('studentData.download')}
              onError={setFailure}
              testId="student-export-download"
            />
          )}
        </Alert>
      )}

      {plan && (
        <div className="erasure-plan" data-testid="erasure-plan">
          <h4 className="erasure-plan__title">{t('studentData.planTitle')}</h4>
          <p>{t('studentData.photos', { photos: plan.photosDeleted })}</p>
          <ErasureFiles report={plan} />
          <p>
            {plan.platform.galleries > 0
              ? t('studentData.platformPlanned', { galleries: plan.platform.galleries })
              : t('studentData.platformNone')}
          </p>
          <ErasureRecords report={plan} />
          <HandedOut report={plan} />
          <ErasureNotes report={plan} />
          <form
            className="erasure-confirm"
            onSubmit={(e) => {
              e.preventDefault();
              if (confirmed) void erase();
            }}
          >
            <label className="field__label" htmlFor={`${uid}-confirm`}>
              {t('studentData.confirmLabel', { name: student.familyName })}
            </label>
            <input
              id={`${uid}-confirm`}
              className="input"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              data-testid="erasure-confirm-input"
            />
            <div className="form__actions form__actions--start">
              <button
                type="submit"
                className="btn btn--danger btn--small"
                disabled={!confirmed || busy !== null}
                data-testid="erasure-confirm"
              >
                {busy === 'erase' ? t('studentData.erasing') : t('studentData.confirm')}
              </button>
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setPlan(null)}>
                {t('studentData.cancel')}
              </button>
            </div>
          </form>
        </div>
      )}
    </section>
  );
}

/** The erasure's report, shown where the student's card was. */
export function ErasureReportCard({ report, onClose }: { report: ErasureReport; onClose: () => void }) {
  const tr = useT();
  const { t } = tr;
  const failed = report.files.filter((f) => f.outcome === 'failed');
  return (
    <aside className="card student-panel" aria-labelledby="erasure-report-title" data-testid="erasure-report">
      <div className="card__head">
        <h2 id="erasure-report-title" className="card__title">
          {t('studentData.reportTitle')}
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('studentData.close')}
        </button>
      </div>
      <Alert tone="success">
        {t('studentData.reportDone', {
          date: tr.dateTime(report.erasedAt),
          by: report.by,
          photos: report.photosDeleted,
          deleted: report.filesDeleted,
          regenerated: report.filesRegenerated,
        })}
      </Alert>
      {failed.length > 0 && (
        <Alert tone="error">
          <p>{t('studentData.failed')}</p>
          <ul className="retention-files">
            {failed.map((f) => (
              <li key={f.path}>
                <span className="mono">{f.path}</span> — {t('studentData.reason.cannot_change')}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <ErasureFiles report={report} />
      <p>
        {report.platform.status === 'removed'
          ? t('studentData.platformRemoved', { galleries: report.platform.galleries })
          : report.platform.status === 'skipped'
            ? t('studentData.platformSkipped')
            : t('studentData.platformNone')}
      </p>
      <ErasureRecords report={report} />
      <HandedOut report={report} after />
      <ErasureNotes report={report} />
    </aside>
  );
}
