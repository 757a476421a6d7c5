/**
 * « Comptabilité »: the association's bookkeeping files — the list of forms and orders as CSV
 * (semicolon, UTF-8 with BOM, comma decimals: opens straight in a French spreadsheet) or XLSX, and
 * the treasurer's per-class summary PDF. Each file written is shown with its place and opened.
 */
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { ExportLink, useCanOpen } from './ExportLink';
import { fileName } from './export-path';

type Kind = 'csv' | 'xlsx' | 'pdf';

export function ExportsPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const canOpen = useCanOpen();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [written, setWritten] = useState<{ kind: Kind; path: string; rows?: number } | null>(null);

  const run = async (kind: Kind) => {
    setBusy(kind);
    setFailure(null);
    setWritten(null);
    try {
      if (kind === 'pdf') {
        const { path } = await rpc.call('forms.summaryPdf', { jobId });
        setWritten({ kind, path });
        if (canOpen) await rpc.call('fs.openExport', { jobId, path });
      } else {
        const { path, rows } = await rpc.call('forms.export', { jobId, format: kind });
        setWritten({ kind, path, rows });
      }
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setBusy(null);
    }
  };

  const button = (kind: Kind, label: string, primary = false) => (
    <button
      type="button"
      className={primary ? 'btn btn--primary' : 'btn btn--secondary'}
      onClick={() => void run(kind)}
      disabled={busy !== null}
      data-testid={`export-${kind}`}
    >
      {busy === kind ? t('forms.exports.working') : label}
    </button>
  );

  return (
    <section className="card" aria-labelledby="forms-exports-title">
      <div className="card__head">
        <h2 id="forms-exports-title" className="card__title">
          {t('forms.exports.title')}
        </h2>
      </div>
      <p className="muted">{t('forms.exports.intro')}</p>
      <div className="export-choices">
        <div className="export-choice">
          <h3 className="section-title">{t('forms.exports.list')}</h3>
          <p className="small muted">{t('forms.exports.list.hint')}</p>
          <div className="form__actions form__actions--start">
            {button('csv', t('forms.exports.csv'))}
            {button('xlsx', t('forms.exports.xlsx'))}
          </div>
        </div>
        <div className="export-choice">
          <h3 className="section-title">{t('forms.exports.summary')}</h3>
          <p className="small muted">{t('forms.exports.summary.hint')}</p>
          <div className="form__actions form__actions--start">{button('pdf', t('forms.exports.pdf'))}</div>
        </div>
      </div>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      {written && (
        <Alert tone="success" onDismiss={() => setWritten(null)}>
          <p data-testid="export-written">
            {written.rows !== undefined
              ? t('forms.exports.writtenRows', { file: fileName(written.path), rows: written.rows })
              : t('forms.exports.written', { file: fileName(written.path) })}{' '}
            <ExportLink
              jobId={jobId}
              path={written.path}
              label={t('forms.files.open')}
              onError={setFailure}
            />
          </p>
          <p className="mono small">{written.path}</p>
        </Alert>
      )}
    </section>
  );
}
