/**
 * Turns the JSON files of one language folder (as `import.meta.glob` gives them) into i18next's
 * namespace → texts map. Each language has its own small module (es.ts, en.ts) so that the bundler
 * makes one download per language: a page loads only the language it shows.
 */

/** Every namespace's texts for one language, keyed by namespace (the JSON file's name). */
export type LocaleTexts = Record<string, Record<string, unknown>>;

/** `{ '../…/es/app.json': {...} }` → `{ app: {...} }`. */
export function bundleOf(files: Record<string, Record<string, unknown>>): LocaleTexts {
  const texts: LocaleTexts = {};
  for (const [file, content] of Object.entries(files)) {
    const namespace = /([^/]+)\.json$/.exec(file)?.[1];
    if (namespace) texts[namespace] = content;
  }
  return texts;
}
