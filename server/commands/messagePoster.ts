/**
 * Posting a message to a case's thread. A retry with the same client key returns the message already
 * posted instead of posting it twice, so a flaky connection never duplicates nor loses a message.
 */
import type { MessageVisibility } from '../../shared/types/dialogue';
import type { AppContext } from '../context';
import { ValidationFailed } from '../errors';
import { isComplainantSide, type CaseActor } from '../policies/casePolicy';
import { internalOrgFor, mayWriteVisibility, writableVisibilities } from '../policies/messagePolicy';
import type { CaseRow, VersionedCase } from '../repositories/cases';
import { findMessageByClientKey, type InsertedThreadEntry, type MessageRow, type NewThreadEntry } from '../repositories/messages';
import { satisfyStage } from '../deadlines/deadlineScheduler';
import { actorOn, appendOnKnownCase, appendThreadEntry, assertAllowed, authorOf, linkFilesOrRefuse, lockCaseFor, type ReaderOf } from './threadWriter';
import { answerInformationRequest } from './informationRequester';
import { afterNextPoll, messageNotifies, writeMessageNotices } from '../notifications/notifier';
import { reachesPhones, relayToPhones } from '../channels/caseRelay';
import type { Tx } from '../db/database';

/** What the writer sends. */
export interface MessageInput {
  body: string;
  visibility: MessageVisibility;
  clientKey: string;
  /** Files uploaded for this message (`?for=message`). */
  attachmentIds?: string[];
}

type Posted = { message: MessageRow; case: CaseRow; actor: CaseActor; created: boolean };

/** What a message writes and what follows its insert, decided on a case row; or why it is refused. */
interface Plan {
  entry: Omit<NewThreadEntry, 'caseId' | 'at' | 'duringMediation'>;
  /** The company's first message to the parties is its substantive answer (Ley 1755 term). */
  answersFirst: boolean;
  /** What the company or the Defensoría says to the complainant also reaches the phone that asked for it. */
  relays: boolean;
  /** Files uploaded for it, linked to the new entry. */
  files: string[] | undefined;
}

function plan(actor: CaseActor, c: CaseRow, input: MessageInput): Plan | 'visibility_not_allowed' | 'case_closed' {
  if (!mayWriteVisibility(actor, c, input.visibility)) return 'visibility_not_allowed';
  if (writableVisibilities(actor, c).length === 0) return 'case_closed';
  const internalOrg = input.visibility === 'internal' ? internalOrgFor(actor, c) : null;
  return {
    entry: {
      kind: 'message',
      ...authorOf(actor),
      visibility: input.visibility,
      internalOrg,
      body: input.body,
      clientKey: input.clientKey,
      // Noted as pending with the message, its notices are written once it is committed and pushed (finish).
      noticesPending: messageNotifies(input.visibility),
      withOpenInformationRequest: isComplainantSide(actor, c),
    },
    answersFirst: input.visibility === 'parties' && actor.role === 'liaison',
    relays: (actor.role === 'liaison' || actor.role === 'ombudsman') && reachesPhones({ visibility: input.visibility, internalOrg }, c),
    files: input.attachmentIds?.length ? input.attachmentIds : undefined,
  };
}

/** Whether statements follow the insert (known before it: then it cannot go with COMMIT). */
function followsInsert(p: Plan): boolean {
  return p.answersFirst || p.relays || p.files !== undefined;
}

/**
 * Case rows as the last message posted on each found them under its lock, with their version: the next
 * message on the case is decided on it and sent with the lock (appendOnKnownCase), written only if the
 * row is still that version. A stale or missing one costs nothing but the round trip it would save.
 */
const lastLocked = new Map<string, VersionedCase>();
const LAST_LOCKED_MAX = 2000;

function remember(locked: VersionedCase): void {
  lastLocked.delete(locked.c.id);
  lastLocked.set(locked.c.id, locked);
  if (lastLocked.size > LAST_LOCKED_MAX) lastLocked.delete(lastLocked.keys().next().value!);
}

/**
 * Posts a message by `poster`: an actor, or (a web request) how to tell who reads the case from its
 * locked row, so the case is read once; `input` may be a parse that runs once the poster may see the
 * case (a forbidden case answers 404 whatever the body, as on every case route). `created` is false when
 * a retry found it already posted.
 *
 * Most messages need no statement after their insert (followsInsert), so the insert goes with COMMIT
 * right behind it (Tx.queryAndCommit); and when the case's row is the one the last post on the case
 * locked, the message is decided on that row as before and the insert goes out with the lock too, written
 * only if the row is still that version: BEGIN, lock, insert and COMMIT in one round trip. When the
 * insert wrote nothing (the case changed, a retry, an open information request the message must answer),
 * that transaction committed nothing, and the message is posted the usual way.
 */
export async function postMessage(ctx: AppContext, poster: ReaderOf, caseId: string, readInput: MessageInput | (() => MessageInput)): Promise<Posted> {
  const posted = await ctx.db.transaction((tx) => post(ctx, tx, poster, caseId, readInput, true));
  return posted ?? ctx.db.transaction(async (tx) => (await post(ctx, tx, poster, caseId, readInput, false))!);
}

/** The input, or undefined when it does not parse (then it is refused after the lock, as always). */
function inputOrNothing(readInput: MessageInput | (() => MessageInput)): MessageInput | undefined {
  try {
    return typeof readInput === 'function' ? readInput() : readInput;
  } catch {
    return undefined;
  }
}

/**
 * Posts a message in one round trip, decided on a session this server read lately and not read again
 * (PgSessionStore.recentSession) and on the case row the last post on it locked: BEGIN, lock, insert and
 * COMMIT together, the insert writing only while both the session's and the case's rows are the ones
 * decided on (digests). Undefined, with nothing written, whenever that is not so or the message is not
 * that simple (a refusal included): then the request takes the usual path, its session read first.
 */
export async function postMessageAtOnce(
  ctx: AppContext,
  poster: ReaderOf,
  caseId: string,
  readInput: () => MessageInput,
  session: { sid: string; digest: string },
): Promise<Posted | undefined> {
  const known = decidedOnKnown(poster, caseId, readInput);
  return known && ctx.db.transaction((tx) => postOnKnown(ctx, tx, known, session));
}

/** A message decided on the case row the last post locked. */
interface DecidedOnKnown {
  known: VersionedCase;
  actor: CaseActor;
  plan: Plan;
}

/** A message allowed on the case row the last post locked, with nothing after its insert; else undefined. */
function decidedOnKnown(poster: ReaderOf, caseId: string, readInput: MessageInput | (() => MessageInput)): DecidedOnKnown | undefined {
  const known = lastLocked.get(caseId);
  const actor = known && actorOn(poster, known.c);
  const input = actor && inputOrNothing(readInput);
  const planned = actor && input && plan(actor, known.c, input);
  return known && actor && typeof planned === 'object' && !followsInsert(planned) ? { known, actor, plan: planned } : undefined;
}

/** Sends the decided message with the case's lock; undefined when it wrote nothing (the transaction committed nothing). */
async function postOnKnown(
  ctx: AppContext,
  tx: Tx,
  { known, actor, plan: p }: DecidedOnKnown,
  session?: { sid: string; digest: string },
): Promise<Posted | undefined> {
  const written = await appendOnKnownCase(ctx, tx, known, { ...p.entry, session });
  if (written.locked) remember(written.locked);
  else lastLocked.delete(known.c.id);
  if (!written.locked || !written.entry) return undefined;
  return finish(ctx, tx, written.locked.c, actor, written.entry, p);
}

/** One attempt: undefined only when `committing` (the first) wrote nothing with its COMMIT (postMessage). */
async function post(
  ctx: AppContext,
  tx: Tx,
  poster: ReaderOf,
  caseId: string,
  readInput: MessageInput | (() => MessageInput),
  committing: boolean,
): Promise<Posted | undefined> {
  // Decided on the row the last post locked: only a message that is allowed and needs nothing after its
  // insert goes this way; anything else (a refusal included) is decided on the locked row, below.
  const known = committing ? decidedOnKnown(poster, caseId, readInput) : undefined;
  if (known) return postOnKnown(ctx, tx, known);

  const locked = await lockCaseFor(tx, poster, caseId);
  remember(locked);
  const { c, actor } = locked;
  const input = typeof readInput === 'function' ? readInput() : readInput;
  const planned = plan(actor, c, input);
  // A retry is answered with the message posted before, even where posting is refused now (the case
  // closed since): the client key is looked up first on a refusal, and by the insert's unique index otherwise.
  if (typeof planned === 'string') {
    const existing = await findMessageByClientKey(tx, c.id, authorOf(actor), input.clientKey);
    if (existing) return { message: existing, case: c, actor, created: false };
    if (planned === 'visibility_not_allowed') throw new ValidationFailed([{ field: 'visibility', messageKey: 'validation.visibility_not_allowed' }]);
    assertAllowed(planned, c);
  }
  const p = planned as Plan;
  const lastInTransaction = committing && !followsInsert(p);
  const files = p.files;
  const message = await appendThreadEntry(
    ctx,
    tx,
    c,
    { ...p.entry, lastInTransaction },
    files ? (messageId) => linkFilesOrRefuse(tx, actor, files, { caseId: c.id, messageId }) : undefined,
  );
  // Committed with nothing written: posted the usual way (postMessage).
  if (!message && lastInTransaction) return undefined;
  if (!message) {
    const existing = (await findMessageByClientKey(tx, c.id, authorOf(actor), input.clientKey))!;
    return { message: existing, case: c, actor, created: false };
  }
  return finish(ctx, tx, c, actor, message, p);
}

/** What follows a message's insert, in its transaction and after its commit. */
async function finish(ctx: AppContext, tx: Tx, c: CaseRow, actor: CaseActor, message: InsertedThreadEntry, p: Plan): Promise<Posted> {
  if (p.answersFirst) await satisfyStage(ctx, tx, c.id, 'first_answer');
  // The complainant's side replying answers an open request for information and restarts the clock (art.
  // 17); an entry that was the last statement found none open, and this sends nothing.
  await answerInformationRequest(ctx, tx, c, actor, message);
  if (p.relays) await relayToPhones(ctx, tx, c, message, actor.role === 'liaison' ? 'company' : 'ombudsman');
  // After the push appendThreadEntry registered: 200 sockets hear the message without waiting for 100
  // notices and 100 sealed e-mails. If this fails or the server stops first, the note written with the
  // message stays and the message-notices job writes them (docs/scaling.md, Session 11).
  // They start only after the event loop's next poll, so that their transaction and Node work do not run
  // before the sockets' writes and whatever they made ready are handled (afterNextPoll).
  if (p.entry.noticesPending)
    tx.afterCommit(async () => {
      await afterNextPoll();
      await writeMessageNotices(ctx, message, c);
    });
  return { message, case: c, actor, created: true };
}
