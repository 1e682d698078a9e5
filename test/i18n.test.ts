import fs from 'node:fs';
import path from 'node:path';
import { resources, NAMESPACES } from '../shared/i18n';
import { LANGUAGES } from '../shared/roles';
import { CASE_ACTIONS, CASE_STATUSES } from '../shared/caseLifecycle';

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

// i18next's plural suffixes (the CLDR categories); a language has the ones Intl.PluralRules gives it.
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The plural forms of each text that has them (`x_one`, `x_other` …; a text is plural when it has `_other`). */
function pluralForms(value: unknown): Map<string, string[]> {
  const keys = new Set(keysOf(value));
  const forms = new Map<string, string[]>();
  for (const key of keys) {
    const suffix = PLURAL_SUFFIX.exec(key)?.[1];
    const base = key.replace(PLURAL_SUFFIX, '');
    if (suffix && keys.has(`${base}_other`)) forms.set(base, [...(forms.get(base) ?? []), suffix]);
  }
  return forms;
}

/** Keys with plural forms folded into one: languages share these, each with the plural forms it needs. */
function baseKeysOf(value: unknown): string[] {
  const plural = pluralForms(value);
  return [...new Set(keysOf(value).map((key) => (plural.has(key.replace(PLURAL_SUFFIX, '')) ? key.replace(PLURAL_SUFFIX, '') : key)))];
}

describe('Translations', () => {
  it('When a namespace exists in one language, Then it exists in every language with exactly the same keys (plural forms aside)', () => {
    for (const ns of NAMESPACES) {
      const spanish = baseKeysOf(resources.es[ns]).sort();
      for (const language of LANGUAGES) {
        expect({ ns, language, keys: baseKeysOf(resources[language][ns]).sort() }).toEqual({ ns, language, keys: spanish });
      }
    }
  });

  it('When a text has plural forms, Then each language has exactly the forms its plural rules ask for (Spanish: one, many, other)', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      const needed = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
      for (const ns of NAMESPACES) {
        for (const [key, has] of pluralForms(resources[language][ns])) {
          // 'zero' is an extra i18next form any language may add.
          const got = has.filter((f) => f !== 'zero').sort();
          if (got.join() !== needed.join()) problems.push(`${language} ${ns}:${key} has ${got.join('/')}, needs ${needed.join('/')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('When a text shows a number next to the word it counts, Then it is a plural with {{count}} ("1 minuto", "2 minutos"), never a fixed plural', () => {
    // A placeholder right before a plural-looking word ("{{minutes}} minutos", "{{days}} days").
    const fixedPlural = /\{\{(\w+)\}\}\s+([a-záéíóúñ]{3,}s)\b/gi;
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      for (const ns of NAMESPACES) {
        const get = (key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], resources[language][ns]);
        const plural = pluralForms(resources[language][ns]);
        for (const key of keysOf(resources[language][ns])) {
          for (const match of String(get(key)).matchAll(fixedPlural)) {
            if (match[1] !== 'count' && !plural.has(key.replace(PLURAL_SUFFIX, ''))) problems.push(`${language} ${ns}:${key}: ${match[0]}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('When a locale folder holds a JSON file, Then it is registered as a namespace (none forgotten)', () => {
    for (const language of LANGUAGES) {
      const files = fs.readdirSync(path.join(__dirname, '..', 'shared', 'i18n', language)).filter((f) => f.endsWith('.json'));
      expect(files.map((f) => f.replace('.json', '')).sort()).toEqual([...NAMESPACES].sort());
    }
  });

  it('When a text is empty in any language, Then the test names it', () => {
    for (const language of LANGUAGES) {
      for (const ns of NAMESPACES) {
        const flat = keysOf(resources[language][ns]);
        const get = (key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], resources[language][ns]);
        const empty = flat.filter((key) => typeof get(key) !== 'string' || (get(key) as string).trim() === '');
        expect({ language, ns, empty }).toEqual({ language, ns, empty: [] });
      }
    }
  });

  it('When the lifecycle has a status or action, Then both languages name it', () => {
    for (const language of LANGUAGES) {
      for (const status of CASE_STATUSES) {
        expect(resources[language].domain.status[status]).toEqual(expect.any(String));
        expect(resources[language].domain.statusExplained[status]).toEqual(expect.any(String));
      }
      for (const action of CASE_ACTIONS) expect(resources[language].domain.action[action]).toEqual(expect.any(String));
    }
  });
});
