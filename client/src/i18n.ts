/**
 * The client's i18next instance. Spanish is the source and the fallback; the starting language is the
 * visitor's remembered choice (localStorage) until the session says what the logged-in user prefers.
 *
 * Only the language on screen is downloaded, in two parts per language (see ./locales): `first`, what
 * the public screens, the layout and errors say (main.tsx renders after `i18nReady`, which has it), and
 * `more`, the texts of the screens behind a log-in and of an opened case, which those screens wait for
 * (`useTexts('more')`, `loadTexts('more')`). The other language arrives when the person switches, with
 * the parts already loaded here, and the screen changes only once they are here, so nobody ever sees
 * raw keys.
 */
import { useEffect, useState } from 'react';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { resources } from '../../shared/i18n';
import { DEFAULT_LANGUAGE, toLanguage, type Language } from '../../shared/roles';
import type { LocaleTexts } from './locales/bundle';

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

/**
 * The parts of a language's texts (see ./locales): `form`, the complaint form's first step alone (what a
 * page opened at the form starts with); `first`, what the public screens, the layout and every error
 * say (it includes `form`); `more`, the rest.
 */
export type TextPart = 'form' | 'first' | 'more';

// One dynamic import per language and part: the bundler makes each a chunk of its own (named
// locale-<lng> and locale-<lng>-more). A language added to LANGUAGES must be added here too (the type insists).
const TEXTS: Record<Language, Record<TextPart, () => Promise<{ default: LocaleTexts }>>> = {
  es: { form: () => import('./locales/es-form'), first: () => import('./locales/es'), more: () => import('./locales/es-more') },
  en: { form: () => import('./locales/en-form'), first: () => import('./locales/en'), more: () => import('./locales/en-more') },
};

/** Whether this page opened at the complaint form (its first step needs only the `form` part). */
function openedAtForm(): boolean {
  return typeof window !== 'undefined' && /^\/presentar-queja\/?$/.test(window.location.pathname) && !window.location.search.includes('comprobante');
}

/** The part the page starts with: `form` at the complaint form, else `first`. */
const STARTING_PART: TextPart = openedAtForm() ? 'form' : 'first';
/** The parts wanted so far in this page (a language switch brings all of them). */
const wantedParts = new Set<TextPart>([STARTING_PART]);

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

/**
 * The language the interface shows now (before the texts arrive: the one it is about to show). For a
 * language a mechanism added (client/src/languages), Spanish: the written texts it lacks are Spanish.
 */
export function currentLanguage(): Language {
  const shown = i18n.language;
  if (shown && !toLanguage(shown)) return DEFAULT_LANGUAGE;
  return toLanguage(i18n.resolvedLanguage ?? shown) ?? storedLanguage() ?? DEFAULT_LANGUAGE;
}

/** The code of the language on screen, a mechanism's added one included (`yup`): what requests name. */
export function interfaceLanguage(): string {
  const shown = i18n.language;
  return shown && !toLanguage(shown) ? shown : currentLanguage();
}

/**
 * Shows a language a mechanism added (issue #14 §7) with its translator's `texts`: Spanish, whose texts
 * are loaded first, fills every key it lacks (i18next's fallback).
 */
export async function showAddedLanguage(code: string, texts: LocaleTexts): Promise<void> {
  await i18nReady;
  await Promise.all([...wantedParts].map((part) => ensurePart(DEFAULT_LANGUAGE, part)));
  for (const [namespace, content] of Object.entries(texts)) i18n.addResourceBundle(code, namespace, content, true, true);
  await i18n.changeLanguage(code);
}

const loading = new Map<string, Promise<LocaleTexts>>();

/** Downloads a part of a language's texts once (a failed download may be tried again). */
function fetchTexts(language: Language, part: TextPart = STARTING_PART): Promise<LocaleTexts> {
  const id = `${language}|${part}`;
  let pending = loading.get(id);
  if (!pending) {
    pending = TEXTS[language][part]().then((module) => module.default);
    pending.catch(() => loading.delete(id));
    loading.set(id, pending);
  }
  return pending;
}

function addTexts(language: Language, texts: LocaleTexts): void {
  for (const [namespace, content] of Object.entries(texts)) i18n.addResourceBundle(language, namespace, content, true, true);
}

const loadedParts = new Set<string>();

/** Downloads `part` of `language`'s texts once and adds it to i18next. */
async function ensurePart(language: Language, part: TextPart): Promise<void> {
  const id = `${language}|${part}`;
  if (loadedParts.has(id)) return;
  addTexts(language, await fetchTexts(language, part));
  loadedParts.add(id);
}

/** Whether `part` of the texts is there for the language on screen (`first` holds all of `form`). */
export function hasTexts(part: TextPart): boolean {
  const language = currentLanguage();
  return loadedParts.has(`${language}|${part}`) || (part === 'form' && loadedParts.has(`${language}|first`));
}

/** Loads `part` of the texts in the language on screen (and keeps it for a later switch). */
export async function loadTexts(part: TextPart): Promise<void> {
  wantedParts.add(part);
  await i18nReady;
  await ensurePart(currentLanguage(), part);
}

/**
 * Whether `part` of the texts is there while `wanted`; asks for it (once) if not, and re-renders
 * when it arrives. A screen shows its own words only once this is true, never raw keys.
 */
export function useTexts(part: TextPart, wanted = true): boolean {
  const [, arrived] = useState(0);
  const ready = !wanted || hasTexts(part);
  useEffect(() => {
    if (ready) return;
    let current = true;
    loadTexts(part).then(
      () => current && arrived((n) => n + 1),
      // Not downloadable now (no signal, never kept): the screen keeps waiting; a later render asks again.
      (error: unknown) => console.error(`Could not load the ${part} texts`, error),
    );
    return () => {
      current = false;
    };
  }, [part, ready]);
  return ready;
}

/**
 * Shows the interface in `language` once its texts are loaded; until then the screen keeps the
 * language it has. If they cannot be loaded (no signal and never downloaded) the screen stays as it is
 * and the error goes to the caller.
 */
export async function switchLanguage(language: Language): Promise<void> {
  await i18nReady;
  await Promise.all([...wantedParts].map((part) => ensurePart(language, part)));
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (lng) => {
  // No document when the form's first screen is drawn at build (src/prerender).
  if (typeof document === 'undefined') return;
  document.documentElement.lang = toLanguage(lng) ?? DEFAULT_LANGUAGE;
});

/**
 * The language the address asks for (`?idioma=en`: a link of the language switch drawn into the form's
 * page, followed before the code arrived), remembered as the person's choice.
 */
function askedLanguage(): Language | undefined {
  if (typeof window === 'undefined') return undefined;
  const asked = toLanguage(new URLSearchParams(window.location.search).get('idioma'));
  if (asked) rememberLanguage(asked);
  return asked;
}

/** Picks the starting language and loads its texts, falling back to Spanish when they cannot be had. */
async function start(): Promise<void> {
  const wanted = askedLanguage() ?? storedLanguage() ?? DEFAULT_LANGUAGE;
  let language: Language = wanted;
  let texts: LocaleTexts;
  try {
    // One more try: on a weak signal the first download of a chunk is the one most likely cut.
    texts = await fetchTexts(wanted).catch(() => fetchTexts(wanted));
  } catch (error) {
    if (wanted === DEFAULT_LANGUAGE) throw error;
    console.error(`Could not load the ${wanted} texts; showing Spanish`, error);
    language = DEFAULT_LANGUAGE;
    texts = await fetchTexts(DEFAULT_LANGUAGE);
  }
  loadedParts.add(`${language}|${STARTING_PART}`);
  await i18n.use(initReactI18next).init({
    resources: { [language]: texts },
    // Other languages' texts are added by switchLanguage, never fetched by i18next itself.
    partialBundledLanguages: true,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: Object.keys(texts),
    defaultNS: 'app',
    interpolation: { escapeValue: false },
    returnNull: false,
    // Screens re-render when a part of the texts arrives (the form's first step starts with `form` alone).
    react: { useSuspense: false, bindI18nStore: 'added' },
  });
}

/** Settles when the starting language's texts are loaded and i18next is ready; render after it. */
export const i18nReady: Promise<void> = start();

export default i18n;
