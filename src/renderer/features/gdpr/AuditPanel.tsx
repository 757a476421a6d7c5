/**
 * The job's audit trail (who did what, when), one page at a time, with an export to CSV. Folded by
 * default: the overview stays short, and the trail is there when someone asks who did what.
 */
import { useState } from 'react';
import type { Result } from '../../../shared/rpc/contract';
import { Alert } from '../../components/Alert';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

const PAGE = 50;

export function AuditPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const [offset, setOffset] = useState(0);
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  // The rows are worded by the core: in the screen's language, asked for (a switch rewords them at once).
  const live = useLiveQuery(
    'audit.list',
    { jobId, offset, limit: PAGE, lang: tr.lang },
    { onError: setError },
  );
  const page: Result<'audit.list'> | null = live.data;

  const exportCsv = async () => {
    try {
      setExported((await rpc.call('audit.export', { jobId, lang: tr.lang })).path);
      live.reload();
    } catch (e) {
      setError(toUiError(e));
    }
  };

  return (
    <details className="card audit" data-testid="audit-panel">
      <summary className="card__title">{t('audit.title')}</summary>
      <div className="card__head">
        <button type="button" className="btn btn--secondary btn--small" onClick={() => void exportCsv()}>
          {t('audit.export')}
        </button>
      </div>
      {error && (
        <Alert tone="error" onDismiss={() => setError(null)}>
          {tr.error(error)}
        </Alert>
      )}
      {exported && (
        <Alert tone="success" onDismiss={() => setExported(null)}>
          {t('audit.exported', { path: exported })}
        </Alert>
      )}
      {page && page.events.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {page && page.events.length > 0 && (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((e) => (
              <tr key={e.id}>
                <td>{tr.dateTime(e.at)}</td>
                <td className="mono">{e.actor}</td>
                <td>{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && page.total > PAGE && (
        <div>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('audit.newer')}
          </button>{' '}
          <button
            type="button"
            className="btn btn--ghost btn--small"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('audit.older')}
          </button>
        </div>
      )}
    </details>
  );
}
