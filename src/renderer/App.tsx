/** The app shell: header (name, language), connection banner, the current screen, and the folder browser. */
import { useEffect } from 'react';
import { Alert } from './components/Alert';
import { ConnectionBanner } from './components/ConnectionBanner';
import { FolderBrowserHost } from './components/FolderBrowserDialog';
import { LanguageSwitch } from './components/LanguageSwitch';
import { HomeScreen } from './features/home/HomeScreen';
import { JobScreen } from './features/job/JobScreen';
import { useT } from './i18n/use-t';
import { rpc } from './rpc/client';
import { useAppStore } from './stores/app-store';
import { useMenuStore } from './stores/menu-store';

export function App() {
  const { t, lang, error } = useT();
  const ready = useAppStore((s) => s.info !== null && s.settings !== null);
  const loadError = useAppStore((s) => s.loadError);
  const load = useAppStore((s) => s.load);
  const view = useAppStore((s) => s.view);
  const showHome = useAppStore((s) => s.showHome);

  // A menu command from a job screen: back home, where HomeScreen takes it when it mounts (it
  // handles the command itself when it is already on screen).
  useEffect(
    () =>
      rpc.on('menu.selected', ({ command }) => {
        if (useAppStore.getState().view.name === 'home') return;
        useMenuStore.getState().request(command);
        showHome();
      }),
    [showHome],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.name');
  }, [lang, t]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <button type="button" className="brand" onClick={showHome} title={t('home.title')}>
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          <span className="brand__name">{t('app.name')}</span>
        </button>
        <div className="app-header__spacer" />
        {ready && <LanguageSwitch />}
      </header>
      <ConnectionBanner />
      <main id="main" className="app-main">
        {!ready && loadError && (
          <div className="centered">
            <Alert tone="error">
              <p>{t('app.loadFailed')}</p>
              <p>{error(loadError)}</p>
            </Alert>
            <button type="button" className="btn btn--primary" onClick={() => void load()}>
              {t('app.retry')}
            </button>
          </div>
        )}
        {!ready && !loadError && <p className="centered muted">{t('app.loading')}</p>}
        {ready && (view.name === 'job' ? <JobScreen jobId={view.jobId} /> : <HomeScreen />)}
      </main>
      <FolderBrowserHost />
    </div>
  );
}
