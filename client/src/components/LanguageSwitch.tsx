/** "Español | English": always visible, each language named in itself and marked with its `lang`. */
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../shared/roles';
import { useSession } from '../hooks/useSession';
import { currentLanguage, UI_NAMESPACES } from '../i18n';

/** Two real buttons; the pressed one is the language on screen. */
export function LanguageSwitch() {
  const { t } = useTranslation(UI_NAMESPACES);
  const { setLanguage } = useSession();
  const active = currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language, index) => (
        <span key={language} className="language-option">
          {index > 0 && (
            <span className="language-separator" aria-hidden="true">
              |
            </span>
          )}
          <button
            type="button"
            lang={language}
            aria-pressed={language === active}
            className="language-button"
            onClick={() => void setLanguage(language)}
          >
            {t(`language.${language}`)}
          </button>
        </span>
      ))}
    </div>
  );
}
