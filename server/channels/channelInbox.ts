/**
 * What happens to a message a person sends by SMS or WhatsApp, once its webhook is verified: floods are
 * throttled (answered once), SALIR and VOLVER are honoured, `ESTADO` is answered, files are fetched and
 * checked by content, and the conversation (conversation.ts) decides the answer. Its effects go through
 * the same commands as the web: createCase files the complaint, postMessage writes in the thread,
 * attachFiles keeps a file. Every answer goes to the channel outbox in the transaction that records the
 * message as handled, under keys derived from the gateway's message id: a webhook the gateway sends
 * twice is handled once, and an effect retried after a crash files, posts and answers once.
 */
import crypto from 'node:crypto';
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError, NotFound } from '../errors';
import { translatorFor } from '../i18n';
import { logger } from '../logger';
import { countRateLimitHit } from '../http/rateLimit';
import type { ReceivedFile } from '../http/multipart';
import { discardAll } from '../http/multipart';
import { sniff, type SniffedType } from '../../shared/fileType';
import { createCase } from '../commands/caseCreator';
import { postMessage } from '../commands/messagePoster';
import { attachFiles } from '../commands/attachmentUploader';
import { currentDataPolicy } from '../repositories/dataPolicies';
import { findMechanismBySlug, mechanismLists, type MechanismRecord } from '../repositories/mechanisms';
import { findCase, findCaseForUpdate } from '../repositories/cases';
import { insertAttachment } from '../repositories/attachments';
import {
  clearConversationMedia,
  conversationLanguage,
  inboundHandled,
  insertCaseLink,
  insertConversationMedia,
  latestLinkedCase,
  listConversationMedia,
  lockConversation,
  markInboundHandled,
  saveConversation,
  setOptedOut,
  upsertContact,
  type ContactRow,
  type ConversationRow,
} from '../repositories/channels';
import { cancelPendingFor } from '../repositories/channelOutbox';
import { fileComplaintSchema } from '../../shared/validation/intake';
import { bogotaDate } from '../../shared/calendar';
import { newDeviceReceiptKey } from '../../shared/deviceReceipt';
import type { Language } from '../../shared/roles';
import type { TrackerActor } from '../policies/casePolicy';
import {
  advance,
  keywordOf,
  questionOf,
  statusCommandOf,
  storyText,
  type ConversationEnv,
  type ConversationState,
  type Outcome,
  type Step,
} from './conversation';
import type { Gateway, InboundMessage } from './gateway';
import { receiveMedia } from './mediaDownload';
import { enqueueChannelMessage, type ChannelMessageKind } from './outbound';
import { colombianMobile, phoneIndex, phoneLogTag } from './phoneIdentity';
import { checkStatusKey, statusText } from './statusAnswer';
import { channelContactPlace, conversationPlace } from '../crypto/sealedColumns';
import { receivedWithoutMetadata } from '../storage/fileMetadata';

/** A draft left this long without a message is dropped (the person is told when they write again). */
export const DRAFT_TIMEOUT_MS = 24 * 60 * 60 * 1000;
/** The longest single message taken; a longer one is refused with a message (send it in parts). */
export const MAX_INBOUND_CHARACTERS = 1600;
/** The window of the per-number flood limit. */
const NUMBER_WINDOW_MS = 10 * 60 * 1000;
/** The window of the per-gateway flood limit. */
const GATEWAY_WINDOW_MS = 60 * 1000;

const DRAFT_STEPS: readonly Step[] = ['category', 'municipality', 'vereda', 'company', 'identity', 'name', 'push', 'story', 'consent'];

/** One message in hand: who sent it, where, and the conversation's language for answers. */
interface Handling {
  ctx: AppContext;
  gateway: Gateway;
  message: InboundMessage;
  mechanism: MechanismRecord;
  contact: ContactRow;
  /** For logs: never the number. */
  tag: string;
}

/** A file that passed the checks, waiting to be kept. */
interface CheckedFile {
  file: ReceivedFile;
  type: SniffedType;
}

function emptyState(): ConversationState {
  return { page: 0 };
}

/**
 * Writes answers to the outbox, keyed by the inbound message (or by `keyBase`, for an answer that must
 * exist once whatever message asked for it) so a retried webhook answers once.
 */
async function answer(
  h: Handling,
  q: Tx,
  texts: string[],
  kind: ChannelMessageKind = 'conversation',
  keyBase = `in:${h.gateway.config.id}:${h.message.externalId}`,
): Promise<void> {
  const at = h.ctx.clock.now();
  for (const [i, text] of texts.entries()) {
    await enqueueChannelMessage(
      h.ctx,
      q,
      { key: `${keyBase}:${i}`, gateway: h.gateway.config.id, channel: h.message.channel, contactId: h.contact.id, mechanismId: h.mechanism.id, kind, text },
      at,
    );
  }
}

/** The conversation row, locked, with its state read back. */
async function openConversation(h: Handling, tx: Tx): Promise<{ row: ConversationRow; step: Step; state: ConversationState }> {
  const row = await lockConversation(
    tx,
    { contactId: h.contact.id, gateway: h.gateway.config.id, channel: h.message.channel, mechanismId: h.mechanism.id },
    h.ctx.cipher.seal(emptyState(), conversationPlace({ contactId: h.contact.id, gateway: h.gateway.config.id, channel: h.message.channel })),
    h.ctx.clock.now(),
  );
  let step = row.step as Step;
  let state = h.ctx.cipher.open<ConversationState>(row.stateCiphertext, conversationPlace(row));
  // A day of silence drops an unfinished draft; the conversation says so (step `expired`).
  const silentFor = h.ctx.clock.now().getTime() - row.lastInboundAt.getTime();
  if (DRAFT_STEPS.includes(step) && silentFor > DRAFT_TIMEOUT_MS) {
    step = 'expired';
    state = { page: 0, caseId: state.caseId };
  }
  return { row, step, state };
}

/** Saves the conversation where `outcome` leaves it. */
async function save(h: Handling, tx: Tx, row: ConversationRow, step: Step, state: ConversationState, language: Language): Promise<void> {
  await saveConversation(tx, row.id, { step, stateCiphertext: h.ctx.cipher.seal(state, conversationPlace(row)), language, lastInboundAt: h.ctx.clock.now() });
}

/**
 * Handles a verified inbound message from `gateway`. Throws NotFound when the gateway's mechanism does
 * not exist (a configuration error: the route answers 404, as for a gateway that is not configured).
 */
export async function receiveChannelMessage(ctx: AppContext, gateway: Gateway, message: InboundMessage): Promise<void> {
  const mechanism = await findMechanismBySlug(ctx.db, gateway.config.mechanism);
  if (!mechanism) {
    logger.error('channel gateway names a mechanism that does not exist', { gateway: gateway.config.id, mechanism: gateway.config.mechanism });
    throw new NotFound();
  }
  if (await inboundHandled(ctx.db, gateway.config.id, message.externalId)) return;
  const index = phoneIndex(ctx.cipher, message.from);
  const tag = phoneLogTag(index);
  const now = ctx.clock.now();

  // Floods: past the allowance nothing is handled, and the number hears about it once per window.
  const gatewayHits = await countRateLimitHit(
    ctx.db,
    `channel:gateway:${gateway.config.id}`,
    { max: ctx.config.channelMessagesPerGateway, windowMs: GATEWAY_WINDOW_MS },
    now,
  );
  const numberHits = await countRateLimitHit(ctx.db, `channel:number:${index}`, { max: ctx.config.channelMessagesPerNumber, windowMs: NUMBER_WINDOW_MS }, now);
  const gatewayFlooded = gatewayHits.hits > ctx.config.channelMessagesPerGateway;
  const numberFlooded = numberHits.hits > ctx.config.channelMessagesPerNumber;
  if (gatewayFlooded || numberFlooded) {
    const contact = await upsertContact(ctx.db, index, ctx.cipher.seal(message.from, channelContactPlace(index)), now);
    const h: Handling = { ctx, gateway, message, mechanism, contact, tag };
    // Told once: the first refused message of the window (a gateway flood: once per number and window).
    const tellOnce = gatewayFlooded
      ? (await countRateLimitHit(ctx.db, `channel:gateway-notice:${gateway.config.id}:${index}`, { max: 1, windowMs: GATEWAY_WINDOW_MS }, now)).hits === 1
      : numberHits.hits === ctx.config.channelMessagesPerNumber + 1;
    if (gatewayHits.hits === ctx.config.channelMessagesPerGateway + 1)
      logger.warn('channel gateway flooded; messages turned away', { gateway: gateway.config.id });
    if (numberHits.hits === ctx.config.channelMessagesPerNumber + 1)
      logger.warn('phone number flooding; messages turned away', { gateway: gateway.config.id, contact: tag });
    if (tellOnce && !contact.optedOutAt) {
      const t = translatorFor(await replyLanguage(ctx, h));
      const text = gatewayFlooded ? t('channels:floodGateway') : t('channels:floodNumber', { count: Math.ceil(numberHits.retryAfterSeconds / 60) });
      await ctx.db.transaction((tx) => answer(h, tx, [text], 'notice', `flood:${h.gateway.config.id}:${h.message.externalId}`));
    }
    return;
  }

  const contact = await upsertContact(ctx.db, index, ctx.cipher.seal(message.from, channelContactPlace(index)), now);
  const h: Handling = { ctx, gateway, message, mechanism, contact, tag };
  const keyword = keywordOf(message.body);
  if (keyword === 'optOut') return optOut(h);
  if (contact.optedOutAt) {
    // Nothing is sent to a number that said SALIR until it writes VOLVER.
    if (keyword !== 'optIn') {
      await ctx.db.transaction((tx) => markInboundHandled(tx, gateway.config.id, message.externalId, now));
      return;
    }
    await setOptedOut(ctx.db, contact.id, null);
    h.contact = { ...contact, optedOutAt: null };
    logger.info('phone number opted in again', { gateway: gateway.config.id, contact: tag });
  }
  if (message.body.length > MAX_INBOUND_CHARACTERS) {
    const t = translatorFor(await replyLanguage(ctx, h));
    await ctx.db.transaction(async (tx) => {
      if (await markInboundHandled(tx, gateway.config.id, message.externalId, now))
        await answer(h, tx, [t('channels:tooLong', { count: MAX_INBOUND_CHARACTERS })]);
    });
    return;
  }
  const status = statusCommandOf(message.body);
  if (status !== undefined) return answerStatus(h, status);

  const { accepted, refused } = await fetchFiles(h);
  try {
    await converse(h, accepted, refused);
  } finally {
    // Files not kept by now were refused by the conversation (or the handling failed): never left behind.
    await discardAll(accepted.map((f) => f.file));
  }
}

/** The language this number's conversation on this gateway is in. */
async function replyLanguage(ctx: AppContext, h: Pick<Handling, 'contact' | 'gateway' | 'message'>): Promise<Language> {
  return (await conversationLanguage(ctx.db, { contactId: h.contact.id, gateway: h.gateway.config.id, channel: h.message.channel })) ?? 'es';
}

/** SALIR: nothing more is sent to the number (what waits is dropped), its draft is forgotten, and it is told so once. */
async function optOut(h: Handling): Promise<void> {
  const { ctx } = h;
  await ctx.db.transaction(async (tx) => {
    const { row, state } = await openConversation(h, tx);
    if (!(await markInboundHandled(tx, h.gateway.config.id, h.message.externalId, ctx.clock.now()))) return;
    await setOptedOut(tx, h.contact.id, ctx.clock.now());
    await cancelPendingFor(tx, h.contact.id);
    await clearConversationMedia(tx, row.id);
    await save(h, tx, row, 'idle', { page: 0, caseId: state.caseId }, row.language);
    await answer(h, tx, [translatorFor(row.language)('channels:optedOut')], 'opt_out');
  });
  logger.info('phone number opted out', { gateway: h.gateway.config.id, contact: h.tag });
}

/** ESTADO: the status of a case whose reference and key are right, and from then on replies go to it. */
async function answerStatus(h: Handling, command: { reference: string; key: string } | null): Promise<void> {
  const { ctx } = h;
  const language = await replyLanguage(ctx, h);
  const t = translatorFor(language);
  const check = command
    ? await checkStatusKey(ctx, h.contact.phoneIndex, command.reference, command.key, t)
    : { found: null, reply: t('channels:status.malformed') };
  const replies = check.found ? [await statusText(ctx, check.found, t), t('channels:status.canReply')] : [check.reply];
  // Read before the transaction: on the embedded database a read outside it would wait for it forever.
  const env = await conversationEnv(h, language);
  await ctx.db.transaction(async (tx) => {
    const { row, step, state } = await openConversation(h, tx);
    if (!(await markInboundHandled(tx, h.gateway.config.id, h.message.externalId, ctx.clock.now()))) return;
    const next: ConversationState = check.found ? { ...state, caseId: check.found.id } : state;
    // In the middle of a complaint, the question waiting for an answer comes again.
    const question = DRAFT_STEPS.includes(step) ? questionOf(step, next, env) : undefined;
    await save(h, tx, row, step, next, language);
    await answer(h, tx, [...replies, ...(question ? [question] : [])], 'status');
  });
  logger.info('channel status asked', { gateway: h.gateway.config.id, contact: h.tag, found: Boolean(check.found) });
}

/** Fetches the message's files and checks each by content and size, like every upload. */
async function fetchFiles(h: Handling): Promise<{ accepted: CheckedFile[]; refused: number }> {
  const accepted: CheckedFile[] = [];
  let refused = 0;
  for (const media of h.message.media) {
    try {
      const file = await receiveMedia(h.gateway, media, h.ctx.storage, h.ctx.config.uploadMaxBytes);
      const type = file.truncated ? undefined : sniff(file.head);
      // Photos, audio and PDFs are kept only without their metadata (storage/fileMetadata.ts); a photo that cannot be read is refused below.
      if (type) accepted.push({ file: await receivedWithoutMetadata(h.ctx.storage, file, type.mime), type });
      else {
        refused += 1;
        if (!file.truncated) await file.incoming.discard();
        logger.warn('channel file refused', { gateway: h.gateway.config.id, contact: h.tag, declaredType: media.contentType, tooLarge: file.truncated });
      }
    } catch (err) {
      refused += 1;
      logger.warn('channel file could not be fetched', { gateway: h.gateway.config.id, contact: h.tag, err });
    }
  }
  return { accepted, refused };
}

/** What the conversation needs to know about the mechanism, in `language`. */
async function conversationEnv(h: Handling, language: Language): Promise<ConversationEnv> {
  return {
    lists: await mechanismLists(h.ctx.db, h.mechanism.id),
    channel: h.message.channel,
    language,
    t: translatorFor(language),
    policyUrl: `${h.ctx.config.publicUrl}/presentar-queja?mechanism=${h.mechanism.slug}`,
    maxFiles: h.ctx.config.uploadMaxFilesPerCase,
  };
}

/** Runs the conversation for one message and carries out what it decides. */
async function converse(h: Handling, files: CheckedFile[], refused: number): Promise<void> {
  const { ctx } = h;
  const language = await replyLanguage(ctx, h);
  const env = await conversationEnv(h, language);
  const t = translatorFor(language);
  const refusal = refused > 0 ? [t('channels:media.refused', { megabytes: Math.floor(ctx.config.uploadMaxBytes / (1024 * 1024)) })] : [];
  // The conversation decides in a transaction that holds the number's row; effects that run their own
  // commands (filing, posting) come after it, and record the message as handled when they are done.
  const decided = await ctx.db.transaction(async (tx): Promise<{ outcome: Outcome; state: ConversationState; row: ConversationRow } | undefined> => {
    const opened = await openConversation(h, tx);
    const { row } = opened;
    let { step, state } = opened;
    if (await inboundHandled(tx, h.gateway.config.id, h.message.externalId)) return undefined;
    // A number that filed here goes on in its case once its session's case is forgotten.
    if (!state.caseId && step === 'idle') state = { ...state, caseId: (await latestLinkedCase(tx, h.contact.id, h.message.channel))?.caseId };
    const outcome = advance(step, state, { text: h.message.body, files: files.length }, { ...env, language, t });
    if (outcome.file) {
      const draft = outcome.state.draft!;
      const ready: ConversationState = {
        ...outcome.state,
        draft: { ...draft, idempotencyKey: draft.idempotencyKey ?? crypto.randomUUID(), receiptKey: draft.receiptKey ?? newDeviceReceiptKey() },
      };
      await save(h, tx, row, step, ready, outcome.language);
      return { outcome, state: ready, row };
    }
    if (outcome.post) return { outcome, state: outcome.state, row };
    await markInboundHandled(tx, h.gateway.config.id, h.message.externalId, ctx.clock.now());
    if (outcome.clearFiles) await clearConversationMedia(tx, row.id);
    if (outcome.keepFiles) {
      for (const { file, type } of files.splice(0)) {
        const storageKey = await file.incoming.keep();
        await insertConversationMedia(tx, row.id, { storageKey, kind: type.kind, mime: type.mime, size: file.size, sha256: file.sha256 }, ctx.clock.now());
      }
    }
    step = outcome.step;
    await save(h, tx, row, step, outcome.state, outcome.language);
    await answer(h, tx, [...refusal, ...outcome.replies]);
    return undefined;
  });
  if (!decided) return;
  if (decided.outcome.file) return fileDraft(h, decided.row, decided.state, t);
  if (decided.outcome.post) return postReply(h, decided.outcome.post.caseId, files, refusal, t);
}

/** A key for the thread and the uploader, derived from the gateway's message id (a retry finds what it made). */
function derivedKey(h: Handling, what: string): string {
  return crypto.createHash('sha256').update(`${h.gateway.config.id}\u0000${h.message.externalId}\u0000${what}`).digest('hex');
}

/** The same as a UUID (attachments' client keys are UUIDs). */
function derivedUuid(h: Handling, what: string): string {
  const hex = derivedKey(h, what);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Free text (and files) from a number that has a case: a message in its thread, as its complainant. */
async function postReply(h: Handling, caseId: string, files: CheckedFile[], refusal: string[], t: TFunction): Promise<void> {
  const { ctx } = h;
  const actor: TrackerActor = { role: 'tracker', trackedCaseIds: [caseId] };
  const c = await findCase(ctx.db, caseId);
  let reply: string;
  try {
    const attachmentIds: string[] = [];
    for (const [i, { file }] of files.splice(0).entries()) {
      const [kept] = await attachFiles(ctx, actor, caseId, [file], 'message', derivedUuid(h, `file${i}`));
      attachmentIds.push(kept!.id);
    }
    await postMessage(ctx, actor, caseId, {
      body: h.message.body.trim(),
      visibility: 'parties',
      clientKey: `sms-${derivedKey(h, 'message').slice(0, 40)}`,
      attachmentIds,
    });
    reply = t('channels:reply.received', { reference: c?.reference ?? '' });
    logger.info('channel reply posted', { caseId, gateway: h.gateway.config.id, contact: h.tag });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'too_many_files') reply = t('channels:media.tooMany', { count: ctx.config.uploadMaxFilesPerCase });
    else reply = c ? t('channels:reply.closed', { reference: c.reference }) : t('channels:reply.noCase');
    logger.info('channel reply refused', { caseId, gateway: h.gateway.config.id, contact: h.tag, code: err.code });
  }
  await ctx.db.transaction(async (tx) => {
    const { row, step, state } = await openConversation(h, tx);
    if (!(await markInboundHandled(tx, h.gateway.config.id, h.message.externalId, ctx.clock.now()))) return;
    await save(h, tx, row, step, state, row.language);
    await answer(h, tx, [...refusal, reply], 'reply_received');
  });
}

/** The draft as the body of a web filing, checked by the same schema. */
function filingInput(h: Handling, state: ConversationState, policyVersion: string) {
  const draft = state.draft!;
  const t = translatorFor('es');
  const told = storyText(draft);
  const whatHappened = told.length >= 20 ? told : `${told} ${t('channels:storyFromFiles')}`.trim();
  const mobile = colombianMobile(h.message.from);
  const anonymous = draft.identityMode === 'anonymous';
  const contactPreference = !anonymous && draft.push && mobile ? (h.message.channel === 'whatsapp' ? 'whatsapp' : 'phone') : 'none';
  return fileComplaintSchema(bogotaDate(h.ctx.clock.now())).safeParse({
    idempotencyKey: draft.idempotencyKey,
    whatHappened,
    municipalityId: draft.municipalityId,
    ...(draft.veredaId ? { veredaId: draft.veredaId } : {}),
    companyId: draft.companyId ?? null,
    categoryCodes: [draft.categoryCode],
    identityMode: draft.identityMode,
    ...(anonymous ? {} : { identity: { name: draft.name, ...(mobile ? { phone: mobile } : {}) } }),
    contactPreference,
    consent: { policyVersion, accepted: true },
  });
}

/** Files the draft through createCase, then — in one transaction — its files, the link, and the receipt. */
async function fileDraft(h: Handling, row: ConversationRow, state: ConversationState, t: TFunction): Promise<void> {
  const { ctx } = h;
  const draft = state.draft!;
  const policy = await currentDataPolicy(ctx.db, h.mechanism.id, ctx.clock.now());
  const input = policy ? filingInput(h, state, policy.version) : undefined;
  let filed: { caseId: string; reference: string } | undefined;
  try {
    if (!input?.success)
      throw new Error(`the draft does not make a valid filing: ${input ? input.error.issues.map((i) => i.path.join('.')).join(', ') : 'no data policy'}`);
    filed = await createCase(ctx, h.mechanism, undefined, input.data, { receiptKey: draft.receiptKey! });
  } catch (err) {
    logger.error('complaint by SMS/WhatsApp could not be filed', { gateway: h.gateway.config.id, contact: h.tag, err });
    await ctx.db.transaction((tx) =>
      answer(h, tx, [t('channels:filingFailed')], 'conversation', `filing-failed:${h.gateway.config.id}:${h.message.externalId}`),
    );
    return;
  }
  const { caseId, reference } = filed;
  const attached = await ctx.db.transaction(async (tx) => {
    const locked = await findCaseForUpdate(tx, caseId);
    const current = await lockConversation(
      tx,
      { contactId: h.contact.id, gateway: h.gateway.config.id, channel: h.message.channel, mechanismId: h.mechanism.id },
      ctx.cipher.seal(emptyState(), conversationPlace({ contactId: h.contact.id, gateway: h.gateway.config.id, channel: h.message.channel })),
      ctx.clock.now(),
    );
    await markInboundHandled(tx, h.gateway.config.id, h.message.externalId, ctx.clock.now());
    const at = ctx.clock.now();
    const media = await listConversationMedia(tx, current.id);
    for (const m of media) {
      await insertAttachment(tx, {
        caseId,
        ...m,
        uploadedByUserId: null,
        uploadedByRole: draft.identityMode === 'anonymous' ? 'anonymous' : 'complainant',
        purpose: 'case',
        at,
      });
    }
    await clearConversationMedia(tx, current.id);
    // An anonymous complaint is tied to the number only when the person asked for answers here.
    if (draft.identityMode !== 'anonymous' || draft.push) {
      await insertCaseLink(tx, { caseId, contactId: h.contact.id, gateway: h.gateway.config.id, channel: h.message.channel, push: Boolean(draft.push) }, at);
    }
    await save(h, tx, row, 'idle', { page: 0, caseId }, current.language);
    await answer(
      h,
      tx,
      [t('channels:filed', { reference, key: draft.receiptKey }), t(draft.push ? 'channels:filedPush' : 'channels:filedNoPush')],
      'receipt',
      `receipt:${caseId}`,
    );
    if (media.length > 0 && locked) tx.afterCommit(() => ctx.realtime.caseChanged(locked));
    return media.length;
  });
  logger.info('complaint filed by SMS/WhatsApp', {
    caseId,
    reference,
    gateway: h.gateway.config.id,
    channel: h.message.channel,
    contact: h.tag,
    files: attached,
  });
}
