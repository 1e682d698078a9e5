/**
 * Posting a message to a case's thread. A retry with the same client key returns the message already
 * posted instead of posting it twice, so a flaky connection never duplicates nor loses a message.
 */
import type { MessageVisibility } from '../../shared/types/dialogue';
import type { AppContext } from '../context';
import { ValidationFailed } from '../errors';
import { isComplainantSide, type CaseActor } from '../policies/casePolicy';
import { internalOrgFor, mayWriteVisibility, writableVisibilities } from '../policies/messagePolicy';
import type { CaseRow } from '../repositories/cases';
import { findMessageByClientKey, type MessageRow } from '../repositories/messages';
import { satisfyStage } from '../deadlines/deadlineScheduler';
import { appendThreadEntry, assertAllowed, authorOf, linkFilesOrRefuse, lockCaseFor } from './threadWriter';
import { answerInformationRequest } from './informationRequester';
import { messageNotifies, writeMessageNotices } from '../notifications/notifier';
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

type Poster = CaseActor | ((c: CaseRow) => CaseActor | undefined);
type Posted = { message: MessageRow; case: CaseRow; actor: CaseActor; created: boolean };

/**
 * Posts a message by `poster`: an actor, or (a web request) how to tell who reads the case from its
 * locked row, so the case is read once; `input` may be a parse that runs once the poster may see the
 * case (a forbidden case answers 404 whatever the body, as on every case route). `created` is false when
 * a retry found it already posted.
 *
 * Most messages need no statement after their insert, and that is known once the case is locked: the
 * insert then goes with COMMIT right behind it (Tx.queryAndCommit), a round trip less before the push.
 * When the insert wrote nothing (a retry, or an open information request the message must answer), that
 * transaction committed nothing, and the message is posted the usual way.
 */
export async function postMessage(ctx: AppContext, poster: Poster, caseId: string, readInput: MessageInput | (() => MessageInput)): Promise<Posted> {
  const posted = await ctx.db.transaction((tx) => post(ctx, tx, poster, caseId, readInput, true));
  return posted ?? ctx.db.transaction(async (tx) => (await post(ctx, tx, poster, caseId, readInput, false))!);
}

/** One attempt: undefined only when `commitWithEntry` and the entry was not written (postMessage). */
async function post(
  ctx: AppContext,
  tx: Tx,
  poster: Poster,
  caseId: string,
  readInput: MessageInput | (() => MessageInput),
  commitWithEntry: boolean,
): Promise<Posted | undefined> {
  const { c, actor } = await lockCaseFor(tx, poster, caseId);
  const input = typeof readInput === 'function' ? readInput() : readInput;
  const alreadyPosted = async () => {
    const existing = await findMessageByClientKey(tx, c.id, authorOf(actor), input.clientKey);
    return existing && { message: existing, case: c, actor, created: false };
  };
  // A retry is answered with the message posted before, even where posting is refused now (the case
  // closed since): the client key is looked up first on a refusal, and by the insert's unique index otherwise.
  if (!mayWriteVisibility(actor, c, input.visibility)) {
    const posted = await alreadyPosted();
    if (posted) return posted;
    throw new ValidationFailed([{ field: 'visibility', messageKey: 'validation.visibility_not_allowed' }]);
  }
  if (writableVisibilities(actor, c).length === 0) {
    const posted = await alreadyPosted();
    if (posted) return posted;
    assertAllowed('case_closed', c);
  }
  // Noted as pending with the message, its notices are written once it is committed and pushed (below).
  const noticesPending = messageNotifies(input.visibility);
  const internalOrg = input.visibility === 'internal' ? internalOrgFor(actor, c) : null;
  // What may follow the insert, known before it: the company's first message to the parties is its
  // substantive answer (Ley 1755 term); what the company or the Defensoría says to the complainant also
  // reaches the phone that asked for it; files are linked to the new entry.
  const answersFirst = input.visibility === 'parties' && actor.role === 'liaison';
  const relays = (actor.role === 'liaison' || actor.role === 'ombudsman') && reachesPhones({ visibility: input.visibility, internalOrg }, c);
  const files = input.attachmentIds?.length ? input.attachmentIds : undefined;
  const lastInTransaction = commitWithEntry && !answersFirst && !relays && !files;
  const message = await appendThreadEntry(
    ctx,
    tx,
    c,
    {
      kind: 'message',
      ...authorOf(actor),
      visibility: input.visibility,
      internalOrg,
      body: input.body,
      clientKey: input.clientKey,
      noticesPending,
      withOpenInformationRequest: isComplainantSide(actor, c),
      lastInTransaction,
    },
    files ? (messageId) => linkFilesOrRefuse(tx, actor, files, { caseId: c.id, messageId }) : undefined,
  );
  // Committed with nothing written: posted the usual way (postMessage).
  if (!message && lastInTransaction) return undefined;
  if (!message) return (await alreadyPosted())!;
  if (answersFirst) await satisfyStage(ctx, tx, c.id, 'first_answer');
  // The complainant's side replying answers an open request for information and restarts the clock (art.
  // 17); an entry that was the last statement found none open, and this sends nothing.
  await answerInformationRequest(ctx, tx, c, actor, message);
  if (relays) await relayToPhones(ctx, tx, c, message, actor.role === 'liaison' ? 'company' : 'ombudsman');
  // After the push appendThreadEntry registered: 200 sockets hear the message without waiting for 100
  // notices and 100 sealed e-mails. If this fails or the server stops first, the note written with the
  // message stays and the message-notices job writes them (docs/scaling.md, Session 11).
  if (noticesPending) tx.afterCommit(() => writeMessageNotices(ctx, message, c));
  return { message, case: c, actor, created: true };
}
