/**
 * « Codes d'accès »: every private code of the job (one per student, one per sibling group), who it
 * belongs to, when it was issued and whether it was revoked. Revoking (a lost or shared form) asks
 * for confirmation and an optional reason; the code stops working and the next build prints a new one.
 */
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { filterEntries } from './form-index';
import { useFormIndex } from './use-form-index';

export function CodesPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const { index, error } = useFormIndex(jobId);
  const [query, setQuery] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);

  if (!index)
    return error ? (
      <Alert tone="error">{tr.error(error)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );

  const rows = index.codes.map((c) => {
    const members = c.studentIds.map((id) => index.students.get(id));
    const names = members
      .map((s) => (s ? `${s.firstName} ${s.displayName}` : t('forms.codes.erased')))
      .join(' + ');
    const first = members[0];
    return {
      ...c,
      names,
      classLabel: first?.classId ? (index.classLabels.get(first.classId) ?? '') : '',
    };
  });
  const shown = filterEntries(rows, query);
  const live = index.codes.filter((c) => !c.revokedAt).length;

  const revoke = async (code: string) => {
    setWorking(true);
    setFailure(null);
    try {
      const result = await rpc.call('codes.revoke', { jobId, code, reason });
      setRevoked(result.printed);
      setConfirming(null);
      setReason('');
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setWorking(false);
    }
  };

  return (
    <section className="card" aria-labelledby="forms-codes-title">
      <div className="card__head">
        <h2 id="forms-codes-title" className="card__title">
          {t('forms.codes.title')}
        </h2>
        <span className="muted small">
          {t('forms.codes.count', { live, revoked: index.codes.length - live })}
        </span>
      </div>
      <p className="muted small">{t('forms.codes.intro')}</p>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      {revoked && (
        <Alert tone="success" onDismiss={() => setRevoked(null)}>
          {t('forms.codes.revokedDone', { code: revoked })}
        </Alert>
      )}
      {index.codes.length === 0 ? (
        <p className="empty-state">{t('forms.codes.none')}</p>
      ) : (
        <>
          <div className="toolbar">
            <label className="field__label" htmlFor="forms-codes-filter">
              {t('forms.codes.filter')}
            </label>
            <input
              id="forms-codes-filter"
              className="input"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('forms.codes.filter.placeholder')}
              autoComplete="off"
            />
          </div>
          <div className="table-wrap">
            <table className="table codes-table" data-testid="codes-table">
              <thead>
                <tr>
                  <th scope="col">{t('forms.col.code')}</th>
                  <th scope="col">{t('forms.col.student')}</th>
                  <th scope="col">{t('forms.col.class')}</th>
                  <th scope="col">{t('forms.col.issued')}</th>
                  <th scope="col">{t('forms.col.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('forms.prices.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.code} className={c.revokedAt ? 'row--muted' : undefined} data-testid="code-row">
                    <td className="mono">{c.printed}</td>
                    <td>
                      {c.names}
                      {c.kind === 'family' && <span className="tag">{t('forms.codes.family')}</span>}
                    </td>
                    <td>{c.classLabel}</td>
                    <td>{tr.date(c.issuedAt)}</td>
                    <td>
                      {c.revokedAt ? (
                        <span className="tag tag--warning">
                          {t('forms.codes.revokedOn', { date: tr.date(c.revokedAt) })}
                        </span>
                      ) : (
                        <span className="status status--done">{t('forms.codes.active')}</span>
                      )}
                    </td>
                    <td className="codes-table__actions">
                      {!c.revokedAt && confirming !== c.code && (
                        <button
                          type="button"
                          className="btn btn--ghost btn--small"
                          onClick={() => {
                            setConfirming(c.code);
                            setReason('');
                          }}
                          aria-label={t('forms.codes.revokeFor', { code: c.printed })}
                        >
                          {t('forms.codes.revoke')}
                        </button>
                      )}
                      {confirming === c.code && (
                        <form
                          className="confirm confirm--inline"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void revoke(c.code);
                          }}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') setConfirming(null);
                          }}
                        >
                          <p className="small">{t('forms.codes.confirm', { code: c.printed })}</p>
                          <label className="visually-hidden" htmlFor={`reason-${c.code}`}>
                            {t('forms.codes.reason')}
                          </label>
                          <input
                            id={`reason-${c.code}`}
                            className="input input--compact"
                            value={reason}
                            maxLength={200}
                            placeholder={t('forms.codes.reason')}
                            onChange={(e) => setReason(e.target.value)}
                            autoFocus
                          />
                          <button type="submit" className="btn btn--danger btn--small" disabled={working}>
                            {t('forms.codes.revokeConfirm')}
                          </button>
                          <button
                            type="button"
                            className="btn btn--ghost btn--small"
                            onClick={() => setConfirming(null)}
                          >
                            {t('forms.codes.cancel')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
