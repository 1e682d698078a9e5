/** "Español | English": always visible, each language named in itself and marked with its `lang`. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/roles';
import { useSession } from '../hooks/useSession';
import { currentLanguage, UI_NAMESPACES } from '../i18n';

/** Two real buttons; the pressed one is the language on screen. */
export function LanguageSwitch() {
  const { t } = useTranslation(UI_NAMESPACES);
  const { setLanguage } = useSession();
  // The other language's texts are downloaded on the switch: without signal (and never downloaded) it fails.
  const [failed, setFailed] = useState(false);
  const active = currentLanguage();

  function choose(language: Language) {
    setFailed(false);
    setLanguage(language).catch((error: unknown) => {
      console.warn(`Could not switch the interface to ${language}`, error);
      setFailed(true);
    });
  }

  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language, index) => (
        <span key={language} className="language-option">
          {index > 0 && (
            <span className="language-separator" aria-hidden="true">
              |
            </span>
          )}
          <button type="button" lang={language} aria-pressed={language === active} className="language-button" onClick={() => choose(language)}>
            {t(`language.${language}`)}
          </button>
        </span>
      ))}
      {failed && (
        <span className="language-failed" role="alert">
          {t('network.offline')}
        </span>
      )}
    </div>
  );
}
