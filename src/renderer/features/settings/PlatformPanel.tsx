/**
 * Studio settings, "Plateforme de vente": where galleries are published. The local sandbox (the
 * default: no account, runs on this computer) or the studio's account on the hosted platform —
 * its address and API token. The token field is write-only: a stored token is never shown again,
 * only "Jeton enregistré"; leaving the field empty keeps it. "Tester la connexion" asks the platform
 * who it is with the stored token and says in words what is wrong.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Result } from '../../../shared/rpc/contract';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

type Status = Result<'platformAccess.get'>;
type TestResult = Result<'platformAccess.test'>;
type Kind = Status['target']['kind'];

export function PlatformPanel() {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [status, setStatus] = useState<Status | null>(null);
  const [kind, setKind] = useState<Kind>('sandbox');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);

  const adopt = (next: Status) => {
    setStatus(next);
    setKind(next.target.kind);
    setUrl(next.target.url);
  };

  useLiveQuery('platformAccess.get', {}, { onData: adopt, onError: setError });

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setUrlError(null);
    setSaved(false);
    setTest(null);
    try {
      await work();
    } catch (e) {
      const failure = toUiError(e);
      const onUrl = failure.issues.find((i) => i.path === 'url');
      if (onUrl) setUrlError(onUrl.message);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    void run(async () => {
      const next = await rpc.call(
        'platformAccess.configure',
        kind === 'sandbox' ? { kind } : { kind, url, ...(token.trim() ? { token } : {}) },
      );
      // The typed token is gone from the screen as soon as it is stored.
      setToken('');
      adopt(next);
      setSaved(true);
    });
  };

  const forget = () =>
    void run(async () => {
      adopt(await rpc.call('platformAccess.configure', { kind: 'hosted', url, forgetToken: true }));
      setSaved(true);
    });

  const testConnection = () =>
    void run(async () => {
      setTest(await rpc.call('platformAccess.test', {}));
      setStatus(await rpc.call('platformAccess.get', {}));
    });

  if (!status) return error ? <Alert tone="error">{tr.error(error)}</Alert> : null;
  const dirty =
    kind !== status.target.kind || (kind === 'hosted' && (url !== status.target.url || token.trim() !== ''));
  const ids = { url: `${uid}-url`, token: `${uid}-token`, tokenState: `${uid}-token-state` };

  return (
    <details className="card" data-testid="platform-settings">
      <summary className="card__title">{t('platformAccess.title')}</summary>
      <form className="form" onSubmit={save}>
        <p className="muted">{t('platformAccess.intro')}</p>
        <fieldset className="field fieldset" disabled={busy}>
          <legend className="field__label">{t('platformAccess.kind')}</legend>
          <div className="segmented">
            {(['sandbox', 'hosted'] as const).map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name={`${uid}-kind`}
                  value={option}
                  checked={kind === option}
                  onChange={() => {
                    setKind(option);
                    setTest(null);
                    setSaved(false);
                  }}
                />
                <span>{t(option === 'sandbox' ? 'platformAccess.sandbox' : 'platformAccess.hosted')}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {kind === 'sandbox' ? (
          <>
            <p className="field-note field-note--hint">{t('platformAccess.sandbox.help')}</p>
            {status.sandboxUrl && (
              <p className="field-note field-note--info" data-testid="sandbox-url">
                {t('platformAccess.sandbox.running', { url: status.sandboxUrl })}
              </p>
            )}
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor={ids.url} className="field__label">
                {t('platformAccess.url')}
              </label>
              <input
                id={ids.url}
                className="input"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://ventes.mon-studio.fr"
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  setUrlError(null);
                }}
                aria-invalid={urlError !== null}
                aria-describedby={urlError ? `${ids.url}-error` : undefined}
                disabled={busy}
              />
              {urlError && (
                <FieldNote id={`${ids.url}-error`} tone="error">
                  {tr.fieldMessage(urlError)}
                </FieldNote>
              )}
            </div>
            <div className="field">
              <label htmlFor={ids.token} className="field__label">
                {t(status.tokenSet ? 'platformAccess.token.replace' : 'platformAccess.token')}
              </label>
              <input
                id={ids.token}
                className="input"
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(e) => setToken(e.target.value)}
                aria-describedby={ids.tokenState}
                disabled={busy}
              />
              <FieldNote id={ids.tokenState} tone={status.tokenSet ? 'ok' : 'hint'}>
                <span data-testid="token-state">
                  {t(status.tokenSet ? 'platformAccess.token.set' : 'platformAccess.token.unset')}
                </span>{' '}
                {t('platformAccess.token.help')}
              </FieldNote>
            </div>
          </>
        )}

        {error && <Alert tone="error">{tr.error(error)}</Alert>}
        {saved && !dirty && <Alert tone="success">{t('platformAccess.saved')}</Alert>}
        {test && (
          <div data-testid="connection-test">
            <Alert tone={test.ok ? 'success' : 'error'}>
              {test.ok
                ? t('platformAccess.test.ok', { name: test.studioName })
                : t(`platformAccess.test.${test.reason}`)}
            </Alert>
          </div>
        )}

        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy || !dirty}>
            {t('platformAccess.save')}
          </button>
          <button
            type="button"
            className="btn btn--secondary"
            onClick={testConnection}
            disabled={busy || dirty}
          >
            {busy ? t('platformAccess.testing') : t('platformAccess.test')}
          </button>
          {kind === 'hosted' && status.tokenSet && !dirty && (
            <button type="button" className="btn btn--ghost" onClick={forget} disabled={busy}>
              {t('platformAccess.token.forget')}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}
