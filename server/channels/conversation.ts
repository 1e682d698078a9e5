/**
 * The conversation that files a complaint by SMS or WhatsApp, as pure steps: given where a number
 * stands, what it just sent and the mechanism's lists, it says what to answer and where the number
 * stands next. Numbered menus (paged to fit one SMS, "0 = más"; a name typed in full is understood
 * too) for the category, municipality, vereda and company; the identity mode in one sentence each;
 * whether answers may be pushed to this phone; what happened, in several messages, until LISTO; and
 * consent in one plain sentence. Any unexpected answer gets a hint and the question again, never a dead
 * end. What needs the database (filing, posting in a thread, ESTADO, SALIR) is left to channelInbox.ts.
 */
import type { TFunction } from 'i18next';
import { INTAKE_LIMITS } from '../../shared/validation/intake';
import type { IdentityMode } from '../../shared/types/api';
import type { Language } from '../../shared/roles';
import type { mechanismLists } from '../repositories/mechanisms';
import { localized } from '../presenters/casePresenter';
import type { Channel } from './phoneIdentity';
import { fitsOneSms, forChannel } from './smsText';

/** Where a number stands. `new`: never answered; `idle`: no draft (replies go to its case, if any). */
export type Step =
  'new' | 'idle' | 'menu' | 'category' | 'municipality' | 'vereda' | 'company' | 'identity' | 'name' | 'push' | 'story' | 'consent' | 'expired';

/** The answers of a complaint being told. */
export interface Draft {
  categoryCode?: string;
  municipalityId?: string;
  veredaId?: string | null;
  companyId?: string | null;
  identityMode?: IdentityMode;
  name?: string;
  push?: boolean;
  /** What happened, message by message. */
  parts: string[];
  /** Photos and voice notes received so far (their files wait in channel_media). */
  files: number;
  /** Made when the person consents, kept until the case is filed: a retry files the same case. */
  idempotencyKey?: string;
  receiptKey?: string;
}

/** What is kept (encrypted) between messages. */
export interface ConversationState {
  draft?: Draft;
  /** The case this number's free text goes to: filed from it, or opened with ESTADO and its key. */
  caseId?: string;
  /** The page of the menu on screen. */
  page: number;
}

/** The mechanism's lists as the conversation offers them. */
export type MechanismLists = Awaited<ReturnType<typeof mechanismLists>>;

/** What the engine needs besides the state. */
export interface ConversationEnv {
  lists: MechanismLists;
  channel: Channel;
  language: Language;
  t: TFunction;
  /** Where the full data policy can be read. */
  policyUrl: string;
  maxFiles: number;
}

/** What arrived. */
export interface ConversationInput {
  text: string;
  /** Files of this message that passed the checks (they are kept only if the answer says so). */
  files: number;
}

/** What to do next. */
export interface Outcome {
  step: Step;
  state: ConversationState;
  language: Language;
  replies: string[];
  /** Keep this message's files as the draft's. */
  keepFiles?: boolean;
  /** The draft was dropped: forget its files. */
  clearFiles?: boolean;
  /** File the draft as a case (its idempotency and receipt keys are in the state). */
  file?: boolean;
  /** Post the text (and this message's files) in the thread of `caseId`. */
  post?: { caseId: string };
}

/** Keywords understood at every step; the whole message must be the word (so a story may say "salir"). */
export type Keyword = 'help' | 'optOut' | 'optIn' | 'complaint' | 'done' | 'spanish' | 'english';

const KEYWORDS: Record<string, Keyword> = {
  AYUDA: 'help',
  HELP: 'help',
  SALIR: 'optOut',
  STOP: 'optOut',
  VOLVER: 'optIn',
  START: 'optIn',
  INICIO: 'optIn',
  QUEJA: 'complaint',
  NUEVA: 'complaint',
  COMPLAINT: 'complaint',
  LISTO: 'done',
  DONE: 'done',
  ESPANOL: 'spanish',
  ENGLISH: 'english',
};

/** Capitals without accents, for matching what people type. */
export function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/\s+/g, ' ').trim();
}

/** The keyword a whole message is, if any ("Salir.", "  ayuda " count). */
export function keywordOf(text: string): Keyword | undefined {
  return KEYWORDS[
    plain(text)
      .replace(/[.!¡¿?]+$/g, '')
      .replace(/^[¡¿]+/, '')
  ];
}

/** `ESTADO <referencia> <clave>` (or STATUS): the words after the command, or undefined when it is not one. */
export function statusCommandOf(text: string): { reference: string; key: string } | null | undefined {
  const words = plain(text).split(' ');
  if (words[0] !== 'ESTADO' && words[0] !== 'STATUS') return undefined;
  if (words.length < 3) return null;
  return { reference: words[1]!, key: words.slice(2).join('') };
}

const WHATSAPP_PAGE = 1500;

interface Option {
  label: string;
}

/** Splits a list into pages that each fit one message with the question and the fixed lines. */
function pagesOf(env: ConversationEnv, question: string, options: Option[], extra: Option | null): string[] {
  const fits = (text: string) => (env.channel === 'sms' ? fitsOneSms(forChannel(text, 'sms')) : text.length <= WHATSAPP_PAGE);
  const more = env.t('channels:more');
  const extraLine = extra ? `${options.length + 1} ${extra.label}` : null;
  const pages: string[] = [];
  let start = 0;
  while (start < options.length || pages.length === 0) {
    let end = start;
    const render = (to: number, last: boolean) =>
      [question, ...options.slice(start, to).map((o, i) => `${start + i + 1} ${o.label}`), ...(extraLine ? [extraLine] : []), ...(last ? [] : [more])].join(
        '\n',
      );
    // Take as many options as fit; always at least one, so a very long name still gets its page.
    while (end < options.length && fits(render(end + 1, end + 1 === options.length))) end += 1;
    if (end === start) end = Math.min(start + 1, options.length);
    pages.push(render(end, end >= options.length));
    if (end >= options.length) break;
    start = end;
  }
  return pages;
}

/** The options of a menu step, and its extra "no sé" option. */
function menuOf(step: Step, draft: Draft, env: ConversationEnv): { question: string; options: Option[]; extra: Option | null } | undefined {
  const { lists, t, language } = env;
  switch (step) {
    case 'category':
      return { question: t('channels:ask.category'), options: lists.categories.map((c) => ({ label: localized(c.name, language) })), extra: null };
    case 'municipality':
      return { question: t('channels:ask.municipality'), options: lists.municipalities.map((m) => ({ label: m.name })), extra: null };
    case 'vereda': {
      const municipality = lists.municipalities.find((m) => m.id === draft.municipalityId);
      return {
        question: t('channels:ask.vereda'),
        options: (municipality?.veredas ?? []).map((v) => ({ label: v.name })),
        extra: { label: t('channels:option.dontKnowPlace') },
      };
    }
    case 'company':
      return {
        question: t('channels:ask.company'),
        options: lists.companies.map((c) => ({ label: c.name })),
        extra: { label: t('channels:option.dontKnowCompany') },
      };
    default:
      return undefined;
  }
}

/** The question of `step` as it is shown now (the menu page on screen), or nothing when the step asks none. */
export function questionOf(step: Step, state: ConversationState, env: ConversationEnv): string | undefined {
  const draft = state.draft ?? { parts: [], files: 0 };
  const menu = menuOf(step, draft, env);
  if (menu) {
    const pages = pagesOf(env, menu.question, menu.options, menu.extra);
    return pages[state.page % pages.length];
  }
  const { t } = env;
  switch (step) {
    case 'menu':
      return t('channels:welcome');
    case 'identity':
      return t('channels:ask.identity');
    case 'name':
      return t('channels:ask.name');
    case 'push':
      return t(draft.identityMode === 'anonymous' ? 'channels:ask.pushAnonymous' : 'channels:ask.push');
    case 'story':
      return t(env.channel === 'whatsapp' ? 'channels:ask.storyWhatsapp' : 'channels:ask.storySms');
    case 'consent':
      return t('channels:ask.consent');
    default:
      return undefined;
  }
}

/** The number a person answered with ("2", "2.", " 2 "), or undefined. */
function numberOf(text: string): number | undefined {
  const match = /^\s*#?(\d{1,3})\s*[.)]?\s*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The option a name typed in full (or the start of only one name) stands for, 1-based. */
function optionByName(text: string, options: Option[]): number | undefined {
  const typed = plain(text);
  if (typed.length < 3) return undefined;
  const exact = options.findIndex((o) => plain(o.label) === typed);
  if (exact >= 0) return exact + 1;
  const starts = options.flatMap((o, i) => (plain(o.label).startsWith(typed) ? [i + 1] : []));
  return starts.length === 1 ? starts[0] : undefined;
}

/** The step that comes after `step` with the draft as it is now. */
function stepAfter(step: Step, draft: Draft, env: ConversationEnv): Step {
  switch (step) {
    case 'category':
      return 'municipality';
    case 'municipality': {
      const municipality = env.lists.municipalities.find((m) => m.id === draft.municipalityId);
      return municipality && municipality.veredas.length > 0 ? 'vereda' : 'company';
    }
    case 'vereda':
      return 'company';
    case 'company':
      return 'identity';
    case 'identity':
      return draft.identityMode === 'anonymous' ? 'push' : 'name';
    case 'name':
      return 'push';
    case 'push':
      return 'story';
    case 'story':
      return 'consent';
    default:
      return 'idle';
  }
}

/** A fresh draft, at its first question. */
function startDraft(state: ConversationState, env: ConversationEnv, replies: string[] = []): Outcome {
  const next: ConversationState = { ...state, draft: { parts: [], files: 0 }, page: 0 };
  return { step: 'category', state: next, language: env.language, replies: [...replies, questionOf('category', next, env)!], clearFiles: Boolean(state.draft) };
}

/** Moves on to the step after `step`, asking its question (with `before` said first). */
function moveOn(step: Step, state: ConversationState, draft: Draft, env: ConversationEnv, before: string[] = []): Outcome {
  const next: ConversationState = { ...state, draft, page: 0 };
  const to = stepAfter(step, draft, env);
  // The consent's one sentence comes with a link to the full data policy, in a message of its own.
  const link = to === 'consent' ? [env.t('channels:policyLink', { url: env.policyUrl })] : [];
  return { step: to, state: next, language: env.language, replies: [...before, ...link, questionOf(to, next, env)!] };
}

/** The same question again, after a hint (the person's answer quoted, shortened). */
function again(step: Step, state: ConversationState, env: ConversationEnv, text: string, hintKey: string): Outcome {
  const answer = text.trim().length > 20 ? `${text.trim().slice(0, 20)}…` : text.trim();
  const question = questionOf(step, state, env);
  return {
    step,
    state,
    language: env.language,
    replies: [env.t('channels:notUnderstood', { answer, hint: env.t(`channels:hint.${hintKey}`) }), ...(question ? [question] : [])],
  };
}

/** The whole story told so far. */
export function storyText(draft: Draft): string {
  return draft.parts.join('\n').trim();
}

/** Whether the story may be filed: enough words, or at least a photo or voice note. */
function storyComplete(draft: Draft): boolean {
  return storyText(draft).length >= INTAKE_LIMITS.whatHappenedMin || draft.files > 0;
}

/** Handles one inbound message (neither ESTADO nor SALIR/VOLVER, which need the database). */
export function advance(step: Step, state: ConversationState, input: ConversationInput, env: ConversationEnv): Outcome {
  const { t } = env;
  const keyword = keywordOf(input.text);
  const stay = (replies: string[], change: Partial<Outcome> = {}): Outcome => ({ step, state, language: env.language, replies, ...change });

  if (keyword === 'help') {
    const question = questionOf(step, state, env);
    return stay([t('channels:help'), ...(question ? [question] : [])]);
  }
  if (keyword === 'spanish' || keyword === 'english') {
    const language: Language = keyword === 'english' ? 'en' : 'es';
    return { ...advanceLanguage(step, state, { ...env, language }), language };
  }
  if (keyword === 'complaint') return startDraft(state, env);

  // Files are kept only while the person tells what happened, or sent into a case's thread.
  if (input.files > 0 && step !== 'story' && !(step === 'idle' && state.caseId)) {
    const question = questionOf(step, state, env);
    return stay([t('channels:media.notNow'), ...(question ? [question] : [])]);
  }

  switch (step) {
    case 'new':
    case 'expired': {
      const intro = step === 'expired' ? [t('channels:expired')] : [];
      return {
        step: 'menu',
        state: { page: 0, caseId: state.caseId },
        language: env.language,
        replies: [...intro, t('channels:welcome')],
        clearFiles: step === 'expired',
      };
    }
    case 'idle':
      // Free text (and files) from a number that follows a case is written in that case's thread.
      if (state.caseId && !keyword && (input.text.trim() !== '' || input.files > 0))
        return stay([], { post: { caseId: state.caseId }, keepFiles: input.files > 0 });
      return { step: 'menu', state: { ...state, page: 0 }, language: env.language, replies: [t('channels:welcome')] };
    case 'menu': {
      const n = numberOf(input.text);
      if (n === 1) return startDraft(state, env);
      if (n === 2) return { step: 'idle', state, language: env.language, replies: [t('channels:howToTrack')] };
      return again('menu', state, env, input.text, 'menu');
    }
    case 'category':
    case 'municipality':
    case 'vereda':
    case 'company':
      return answerMenu(step, state, input.text, env);
    case 'identity': {
      const mode = (['named', 'confidential', 'anonymous'] as const)[(numberOf(input.text) ?? 0) - 1];
      if (!mode) return again(step, state, env, input.text, 'choice');
      const draft: Draft = { ...state.draft!, identityMode: mode, ...(mode === 'anonymous' ? { name: undefined } : {}) };
      return moveOn(step, state, draft, env);
    }
    case 'name': {
      const name = input.text.replace(/\s+/g, ' ').trim();
      if (name.length < 3 || name.length > INTAKE_LIMITS.nameMax || !/\p{L}.*\p{L}/u.test(name) || keyword) return again(step, state, env, input.text, 'name');
      return moveOn(step, state, { ...state.draft!, name }, env);
    }
    case 'push': {
      const n = numberOf(input.text);
      if (n !== 1 && n !== 2) return again(step, state, env, input.text, 'yesNo');
      return moveOn(step, state, { ...state.draft!, push: n === 1 }, env);
    }
    case 'story':
      return answerStory(state, input, env);
    case 'consent': {
      const n = numberOf(input.text);
      if (n === 2) return stay([t('channels:consentRefused')]);
      if (n !== 1) return again(step, state, env, input.text, 'yesNo');
      return stay([], { file: true });
    }
  }
}

function advanceLanguage(step: Step, state: ConversationState, env: ConversationEnv): Outcome {
  const question = questionOf(step === 'new' || step === 'expired' || step === 'idle' ? 'menu' : step, state, env);
  const to: Step = step === 'new' || step === 'expired' ? 'menu' : step;
  return { step: to, state, language: env.language, replies: [env.t('channels:language'), ...(question && step !== 'idle' ? [question] : [])] };
}

/** An answer to a numbered menu: a number, 0 for the next page, or a name. */
function answerMenu(step: Step, state: ConversationState, text: string, env: ConversationEnv): Outcome {
  const draft = state.draft!;
  const menu = menuOf(step, draft, env)!;
  const n = numberOf(text);
  if (n === 0) {
    const next = { ...state, page: state.page + 1 };
    return { step, state: next, language: env.language, replies: [questionOf(step, next, env)!] };
  }
  const chosen = n ?? optionByName(text, menu.options);
  const total = menu.options.length + (menu.extra ? 1 : 0);
  if (!chosen || chosen < 1 || chosen > total) return again(step, state, env, text, 'number');
  const known = chosen <= menu.options.length;
  const { lists } = env;
  switch (step) {
    case 'category': {
      const category = lists.categories[chosen - 1]!;
      const before = category.redFlag ? [env.t('channels:redFlag')] : [];
      return moveOn(step, state, { ...draft, categoryCode: category.code }, env, before);
    }
    case 'municipality':
      return moveOn(step, state, { ...draft, municipalityId: lists.municipalities[chosen - 1]!.id, veredaId: null }, env);
    case 'vereda': {
      const municipality = lists.municipalities.find((m) => m.id === draft.municipalityId)!;
      return moveOn(step, state, { ...draft, veredaId: known ? municipality.veredas[chosen - 1]!.id : null }, env);
    }
    default:
      return moveOn(step, state, { ...draft, companyId: known ? lists.companies[chosen - 1]!.id : null }, env);
  }
}

/** A part of what happened, its files, or LISTO. */
function answerStory(state: ConversationState, input: ConversationInput, env: ConversationEnv): Outcome {
  const { t } = env;
  const draft = state.draft!;
  const stay = (replies: string[], next: Draft = draft, change: Partial<Outcome> = {}): Outcome => ({
    step: 'story',
    state: { ...state, draft: next },
    language: env.language,
    replies,
    ...change,
  });
  if (keywordOf(input.text) === 'done') {
    if (!storyComplete(draft)) return stay([t('channels:storyTooShort', { count: INTAKE_LIMITS.whatHappenedMin })]);
    return moveOn('story', state, draft, env);
  }
  let next = draft;
  const replies: string[] = [];
  let keepFiles = false;
  if (input.files > 0) {
    if (draft.files + input.files > env.maxFiles) replies.push(t('channels:media.tooMany', { count: env.maxFiles }));
    else {
      next = { ...next, files: next.files + input.files };
      keepFiles = true;
    }
  }
  const text = input.text.trim();
  if (text !== '') {
    const told = storyText(next);
    // Room for the joining line break and, if only files tell the story, the note that says so.
    if (told.length + text.length + 1 > INTAKE_LIMITS.whatHappenedMax - 100) replies.push(t('channels:storyFull', { count: INTAKE_LIMITS.whatHappenedMax }));
    else next = { ...next, parts: [...next.parts, text] };
  }
  if (replies.length === 0) replies.push(t(text === '' ? 'channels:fileReceived' : 'channels:storyReceived'));
  return stay(replies, next, { keepFiles });
}
