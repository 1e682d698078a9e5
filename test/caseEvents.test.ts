import { CASE_EVENT_KINDS, caseEventLabel, caseEventLabelKey } from '../shared/caseEvents';
import type { Translate } from '../shared/deadlineText';
import { LANGUAGES } from '../shared/roles';
import { resources } from '../shared/i18n';
import { translatorFor } from '../server/i18n';
import { getTestServer } from './support';

/** The text stored under `ns:a.b.c`, or undefined. */
function stored(language: (typeof LANGUAGES)[number], key: string): unknown {
  const [ns, path] = key.split(':') as [keyof typeof resources.es, string];
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources[language][ns]);
}

describe('Every kind of case history event has words', () => {
  it('When each kind the server can write is rendered in Spanish and English, Then each has its own text: no raw key, no placeholder, no generic fallback', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      const t = translatorFor(language) as unknown as Translate;
      const fallback = t('intake:event.other');
      for (const kind of CASE_EVENT_KINDS) {
        const label = caseEventLabel(t, kind);
        const text = stored(language, caseEventLabelKey(kind));
        if (typeof text !== 'string') problems.push(`${language} ${kind}: no text at ${caseEventLabelKey(kind)}`);
        else if (label !== text || label === fallback || /[{}]|\b[a-z]+\.[a-z_]+\b/.test(label)) problems.push(`${language} ${kind}: "${label}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('When a kind no longer in the list is shown (an old row), Then it reads as a general novelty, not as its key', () => {
    const t = translatorFor('es') as unknown as Translate;
    expect(caseEventLabel(t, 'meetings.cancelled_long_ago')).toBe('Novedad en el caso');
    expect(caseEventLabel(t, 'cases.')).toBe('Novedad en el caso');
  });

  it('When the demo database is seeded (histories with dialogue, agreements and commitments), Then every kind stored in it is in the list', async () => {
    const server = await getTestServer();
    try {
      const stored = await server.db.query<{ kind: string }>('SELECT DISTINCT kind FROM case_events ORDER BY kind');
      expect(stored.length).toBeGreaterThan(5);
      expect(stored.map((r) => r.kind).filter((kind) => !(CASE_EVENT_KINDS as readonly string[]).includes(kind))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
