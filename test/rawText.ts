/**
 * What untranslated text looks like, for tests that read what people read (pages, e-mails): a
 * translation key left as it is (`meetings.scheduled`, `status.in_dialogue`, `errors:validation.required`)
 * or an unfilled placeholder (`{{status}}`, `$t(…)`).
 */
import { NAMESPACES, resources } from '../shared/i18n';
import { CASE_EVENT_KINDS } from '../shared/caseEvents';

/**
 * A regular expression source matching a key: `group.key_word` (or `namespace:group.key`) whose first
 * part is a namespace, a top-level group of any namespace, or an event family of shared/caseEvents.ts;
 * never inside an address, a file name or a URL (`@puente.demo`, `foto.jpg`, `/casos/…`).
 */
export function rawKeyPattern(): string {
  const groups = new Set<string>(NAMESPACES);
  for (const language of Object.values(resources)) for (const ns of Object.values(language)) for (const key of Object.keys(ns)) groups.add(key);
  for (const kind of CASE_EVENT_KINDS) groups.add(kind.split('.')[0]!);
  const names = [...groups].sort((a, b) => b.length - a.length).join('|');
  return `(?<![\\w@./:-])((?:(?:${NAMESPACES.join('|')}):)?(?:${names})(?:\\.[A-Za-z0-9_]+)+)(?![\\w@/-]|\\.[A-Za-z0-9_])`;
}

/** A placeholder or nesting i18next left unfilled. */
export const UNFILLED = /\{\{|\}\}|\$t\(/;

/** The untranslated bits of `text`: keys and unfilled placeholders. */
export function untranslatedIn(text: string): string[] {
  const found = [...text.matchAll(new RegExp(rawKeyPattern(), 'g'))].map((m) => m[1]!);
  if (UNFILLED.test(text))
    found.push(
      text
        .split('\n')
        .find((line) => UNFILLED.test(line))!
        .trim(),
    );
  return found;
}
