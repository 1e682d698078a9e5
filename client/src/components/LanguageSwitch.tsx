/**
 * "Español | English | Yukpa": the languages the mechanism offers (issue #14 §7), always visible, each
 * named in itself and marked with its `lang`. Until the mechanism is known (first paint, no signal) the
 * product's own two.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from 'i18next';
import { LANGUAGES, type Language } from '../../../shared/roles';
import type { MechanismLanguageDto } from '../../../shared/languages';
import { useSession } from '../hooks/useSession';
import { useMechanism } from '../hooks/useMechanism';
import { UI_NAMESPACES } from '../i18n';
import { chooseAddedLanguage, forgetAddedLanguage, isBuiltIn, rememberedAddedLanguage } from '../languages/addedLanguages';

/** Real buttons; the pressed one is the language on screen. */
export function LanguageSwitch() {
  const { t } = useTranslation(UI_NAMESPACES);
  const { setLanguage } = useSession();
  const mechanism = useMechanism().data;
  // Another language's texts are downloaded on the switch: without signal (and never downloaded) it fails.
  const [failed, setFailed] = useState(false);
  const active = i18n.language;
  const offered: MechanismLanguageDto[] = mechanism?.languages ?? LANGUAGES.map((code) => ({ code, name: t(`language.${code}`), mode: 'written' as const }));

  function choose(language: MechanismLanguageDto) {
    setFailed(false);
    const chosen = isBuiltIn(language.code) ? setLanguage(language.code as Language).then(forgetAddedLanguage) : chooseAddedLanguage(mechanism!.id, language);
    chosen.catch((error: unknown) => {
      console.warn(`Could not switch the interface to ${language.code}`, error);
      setFailed(true);
    });
  }

  // A language added by the mechanism and chosen on an earlier visit comes back once the mechanism still
  // offers it; one asked for by the address (`?idioma=yup`, a link of the switch drawn into the form's
  // page) comes first, and a built-in one asked for there replaces it.
  // No address when the form's first screen is drawn at build (src/prerender).
  const asked = typeof window === 'undefined' ? null : new URLSearchParams(window.location.search).get('idioma');
  const askedBuiltIn = asked !== null && isBuiltIn(asked);
  const remembered = mechanism && !askedBuiltIn ? (asked ?? rememberedAddedLanguage(mechanism.id)) : undefined;
  const comeBack = remembered ? mechanism!.languages.find((l) => l.code === remembered) : undefined;
  useEffect(() => {
    if (askedBuiltIn) forgetAddedLanguage();
  }, [askedBuiltIn]);
  useEffect(() => {
    if (mechanism && comeBack && i18n.language !== comeBack.code) {
      chooseAddedLanguage(mechanism.id, comeBack).catch((error: unknown) => console.warn(`Could not show ${comeBack.code} again`, error));
    }
  }, [mechanism, comeBack]);

  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {offered.map((language, index) => (
        <span key={language.code} className="language-option">
          {index > 0 && (
            <span className="language-separator" aria-hidden="true">
              |
            </span>
          )}
          <button type="button" lang={language.code} aria-pressed={language.code === active} className="language-button" onClick={() => choose(language)}>
            {isBuiltIn(language.code) ? t(`language.${language.code as Language}`) : language.name}
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
