/** "À propos": the version and the two promises the app keeps — no AI on faces, and privacy by design. */
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../stores/app-store';

export function AboutPanel() {
  const { t } = useT();
  const version = useAppStore((s) => s.info?.version ?? '');
  return (
    <details className="card about" data-testid="about">
      <summary className="card__title">{t('about.title')}</summary>
      <p>{t('about.version', { version })}</p>
      <h3>{t('about.noAiTitle')}</h3>
      <p>{t('about.noAi')}</p>
      <h3>{t('about.privacyTitle')}</h3>
      <p>{t('about.privacy')}</p>
    </details>
  );
}
