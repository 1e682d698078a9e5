import fs from 'node:fs';
import path from 'node:path';
import { resources, NAMESPACES } from '../shared/i18n';
import { LANGUAGES } from '../shared/roles';
import { CASE_ACTIONS, CASE_STATUSES } from '../shared/caseLifecycle';

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe('Translations', () => {
  it('When a namespace exists in one language, Then it exists in every language with exactly the same keys', () => {
    for (const ns of NAMESPACES) {
      const spanish = keysOf(resources.es[ns]).sort();
      for (const language of LANGUAGES) {
        expect({ ns, language, keys: keysOf(resources[language][ns]).sort() }).toEqual({ ns, language, keys: spanish });
      }
    }
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
