/** FR/EN switch in the header: changes the studio setting, so every window follows. */
import { LANGUAGES } from '../../shared/domain/settings';
import { useT } from '../i18n/use-t';
import { useAppStore } from '../stores/app-store';

export function LanguageSwitch() {
  const { t, lang } = useT();
  const setLanguage = useAppStore((s) => s.setLanguage);
  return (
    <div className="lang-switch" role="group" aria-label={t('app.language')}>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-switch__option"
          aria-pressed={lang === l}
          title={t(l === 'fr' ? 'app.language.fr' : 'app.language.en')}
          onClick={() => void setLanguage(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
