/**
 * The client's i18next instance. Spanish is the source and the fallback; the starting language is the
 * visitor's remembered choice (localStorage) until the session says what the logged-in user prefers.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { NAMESPACES, resources } from '../../shared/i18n';
import { DEFAULT_LANGUAGE, LANGUAGES, toLanguage, type Language } from '../../shared/roles';

/** Where an anonymous visitor's language choice is remembered on this device. */
export const LANGUAGE_STORAGE_KEY = 'puente.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'app';
    resources: (typeof resources)['es'];
  }
}

/**
 * Namespaces every component asks for: `app` first (unprefixed keys), then `dialogue:`, `domain:`, `errors:`,
 * `intake:` (labels shared with the API), `dialogueUi:` (the case page's dialogue panels) and `intakeUi:`
 * (the intake, tracking and case screens), `deadlines:` and `deadlinesUi:` (countdowns, deadline controls and
 * the admin's deadline screen), and `adminOutbox:` (the admin's e-mail screen and its overview figure) keys.
 * Use as `useTranslation(UI_NAMESPACES)` so that prefixed keys are type-checked too.
 */
export const UI_NAMESPACES = ['app', 'adminOutbox', 'deadlines', 'deadlinesUi', 'dialogue', 'dialogueUi', 'domain', 'errors', 'intake', 'intakeUi'] as const;

/** The language remembered on this device, if any (storage can be unavailable in private browsing). */
export function storedLanguage(): Language | undefined {
  try {
    return toLanguage(window.localStorage.getItem(LANGUAGE_STORAGE_KEY));
  } catch {
    return undefined;
  }
}

/** Remembers a language choice on this device. */
export function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Without storage the choice lasts for this page only; nothing else to do.
  }
}

/** The language the interface shows now. */
export function currentLanguage(): Language {
  return toLanguage(i18n.resolvedLanguage ?? i18n.language) ?? DEFAULT_LANGUAGE;
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = toLanguage(lng) ?? DEFAULT_LANGUAGE;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage() ?? DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: NAMESPACES,
  defaultNS: 'app',
  interpolation: { escapeValue: false },
  returnNull: false,
  // Resources are bundled, so initialisation is synchronous and no Suspense is needed.
  initAsync: false,
  react: { useSuspense: false },
});

export default i18n;
