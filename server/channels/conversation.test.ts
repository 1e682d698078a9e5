import { translatorFor } from '../i18n';
import { DEMO_CATEGORIES, DEMO_COMPANIES, DEMO_MUNICIPALITIES } from '../db/demoData';
import { advance, keywordOf, questionOf, statusCommandOf, type ConversationEnv, type ConversationState, type MechanismLists, type Step } from './conversation';
import { fitsOneSms, forChannel } from './smsText';
import type { Language } from '../../shared/roles';

const lists: MechanismLists = {
  companies: DEMO_COMPANIES.map((c, i) => ({ id: `co-${i}`, name: c.name, slug: c.slug })),
  categories: DEMO_CATEGORIES.map((c, i) => ({
    id: `cat-${i}`,
    code: c.code,
    icon: c.icon,
    name: c.name,
    description: c.description,
    redFlag: c.redFlag ?? false,
  })),
  municipalities: DEMO_MUNICIPALITIES.map((m, i) => ({
    id: `mu-${i}`,
    name: m.name,
    daneCode: m.daneCode,
    veredas: (m.places ?? []).map((p, j) => ({ id: `ve-${i}-${j}`, name: p.name, kind: p.kind })),
  })),
};

function env(language: Language = 'es', channel: 'sms' | 'whatsapp' = 'sms'): ConversationEnv {
  return { lists, channel, language, t: translatorFor(language), policyUrl: 'https://puente.defensoria.gov.co/presentar-queja?mechanism=cesar', maxFiles: 10 };
}

/** Every page of a menu, by answering 0 until it comes round again. */
function pages(step: Step, state: ConversationState, e: ConversationEnv): string[] {
  const seen: string[] = [];
  let current = state;
  for (let i = 0; i < 20; i++) {
    const text = questionOf(step, current, e)!;
    if (seen.includes(text)) break;
    seen.push(text);
    current = advance(step, current, { text: '0', files: 0 }, e).state;
  }
  return seen;
}

describe('The SMS conversation', () => {
  it('When any question or page of a menu is sent by SMS, in Spanish or English, Then it fits one 160-character GSM-7 SMS', () => {
    const draft = { parts: [], files: 0, municipalityId: 'mu-14', identityMode: 'anonymous' as const };
    for (const language of ['es', 'en'] as const) {
      const e = env(language);
      const texts = [
        ...(['category', 'municipality', 'vereda', 'company'] as const).flatMap((step) => pages(step, { draft, page: 0 }, e)),
        ...(['menu', 'identity', 'name', 'push', 'story', 'consent'] as const).map((step) => questionOf(step, { draft, page: 0 }, e)!),
        questionOf('push', { draft: { ...draft, identityMode: 'named' }, page: 0 }, e)!,
        ...[
          'help',
          'howToTrack',
          'redFlag',
          'storyReceived',
          'consentRefused',
          'filedPush',
          'filedNoPush',
          'optedOut',
          'expired',
          'floodGateway',
          'status.notFound',
          'status.malformed',
          'reply.noCase',
          'media.refused',
          'media.notNow',
        ].map((k) => e.t(`channels:${k}`, { megabytes: 15, max: 10, min: 20 })),
        e.t('channels:filed', { reference: 'CES-2026-000123', key: 'ABCD-EFGH-JKMN-PQRS' }),
        e.t('channels:floodNumber', { count: 10 }),
        e.t('channels:policyLink', { url: e.policyUrl }),
      ];
      expect(texts.filter((text) => !fitsOneSms(forChannel(text, 'sms')))).toEqual([]);
    }
  });

  it('When the 25 municipalities are paged, Then every one appears once with its own number and "0" shows the next page', () => {
    const all = pages('municipality', { draft: { parts: [], files: 0 }, page: 0 }, env()).join('\n');
    DEMO_MUNICIPALITIES.forEach((m, i) => expect(all).toContain(`\n${i + 1} ${m.name}`));
    expect(pages('municipality', { draft: { parts: [], files: 0 }, page: 0 }, env()).length).toBeGreaterThan(1);
    expect(pages('municipality', { draft: { parts: [], files: 0 }, page: 0 }, env('es', 'whatsapp'))).toHaveLength(1);
  });

  it('When a person answers by name, with a stray dot, or with nonsense, Then names and numbers are understood and nonsense gets a hint and the question again', () => {
    const e = env();
    const start: ConversationState = { draft: { parts: [], files: 0 }, page: 0 };
    const byName = advance('municipality', start, { text: 'la jagua de ibirico', files: 0 }, e);
    expect(byName.step).toBe('vereda');
    expect(byName.state.draft?.municipalityId).toBe('mu-14');
    expect(advance('category', start, { text: ' 2. ', files: 0 }, e).state.draft?.categoryCode).toBe('air_dust');
    const nonsense = advance('category', start, { text: 'polvo por todas partes', files: 0 }, e);
    expect(nonsense.step).toBe('category');
    expect(nonsense.replies[0]).toContain('No entendí');
    expect(nonsense.replies[1]).toBe(questionOf('category', start, e));
    const redFlag = advance('category', start, { text: String(DEMO_CATEGORIES.findIndex((c) => c.redFlag) + 1), files: 0 }, e);
    expect(redFlag.replies[0]).toBe(e.t('channels:redFlag'));
  });

  it('When keywords are whole messages they act at any step; inside a sentence they are just words', () => {
    expect(keywordOf(' Salir. ')).toBe('optOut');
    expect(keywordOf('salir de la casa era imposible')).toBeUndefined();
    expect(keywordOf('Español')).toBe('spanish');
    expect(statusCommandOf('estado ces-2026-000123 abcd efgh jkmn pqrs')).toEqual({ reference: 'CES-2026-000123', key: 'ABCDEFGHJKMNPQRS' });
    expect(statusCommandOf('ESTADO')).toBeNull();
    expect(statusCommandOf('el estado del río')).toBeUndefined();
    const story = advance('story', { draft: { parts: [], files: 0 }, page: 0 }, { text: 'ayuda', files: 0 }, env());
    expect(story.replies[0]).toBe(env().t('channels:help'));
  });

  it('When the story is too short for LISTO, Then it asks for more; a voice note alone is enough', () => {
    const e = env('es', 'whatsapp');
    const short = advance('story', { draft: { parts: ['polvo'], files: 0 }, page: 0 }, { text: 'LISTO', files: 0 }, e);
    expect(short.step).toBe('story');
    const voice = advance('story', { draft: { parts: [], files: 0 }, page: 0 }, { text: '', files: 1 }, e);
    expect(voice.keepFiles).toBe(true);
    expect(advance('story', voice.state, { text: 'listo', files: 0 }, e).step).toBe('consent');
  });
});
