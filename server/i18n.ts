/** The server's translator: the same resources as the client, one i18next instance, no global language. */
import i18next, { type TFunction } from 'i18next';
import { NAMESPACES, resources } from '../shared/i18n';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language, toLanguage } from '../shared/roles';

const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  ns: NAMESPACES,
  defaultNS: 'errors',
  initImmediate: false,
  interpolation: { escapeValue: false },
  returnNull: false,
} as Parameters<typeof instance.init>[0]);

const translators = new Map<Language, TFunction>();

/** A translate function bound to one language; keys may name a namespace (`domain:status.received`). */
export function translatorFor(language: Language): TFunction {
  // One per language, made once: every API request asks for its caller's (getFixedT makes a new function each call).
  let t = translators.get(language);
  if (!t) {
    t = instance.getFixedT(language);
    translators.set(language, t);
  }
  return t;
}

/** Picks the best supported language from an Accept-Language header, or the default. */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  // Every request of a browser carries the same header: its answer is remembered, for a bounded number of headers.
  let language = headerLanguages.get(header);
  if (language === undefined) {
    if (headerLanguages.size >= HEADERS_REMEMBERED) headerLanguages.clear();
    language = rankedLanguage(header);
    headerLanguages.set(header, language);
  }
  return language;
}

/** How many Accept-Language headers languageFromHeader remembers the answer of (all forgotten when full). */
const HEADERS_REMEMBERED = 256;
const headerLanguages = new Map<string, Language>();

function rankedLanguage(header: string): Language {
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { base: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) {
    const language = toLanguage(entry.base);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

export { LANGUAGES };
