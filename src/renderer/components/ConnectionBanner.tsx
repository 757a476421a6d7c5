/** Shown while the browser host cannot be reached; the transport keeps retrying behind it. */
import { useSyncExternalStore } from 'react';
import { connection } from '../rpc/client';
import { useT } from '../i18n/use-t';

export function ConnectionBanner() {
  const { t } = useT();
  const state = useSyncExternalStore(connection.onChange, connection.state);
  if (state !== 'lost') return null;
  return (
    <div className="connection-banner" role="alert">
      <span className="connection-banner__dot" aria-hidden="true" />
      <span>
        <strong>{t('app.disconnected')}</strong> {t('app.disconnected.hint')}
      </span>
    </div>
  );
}
