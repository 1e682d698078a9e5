/**
 * Formal requests for information to the complainant (Ley 1755 de 2015, art. 17) — the one way the
 * company stops a case's clock:
 * - asking writes the question into the thread (so the complainant reads it there, on the tracking
 *   page too), stops every running deadline, records the request with the last day to answer, and
 *   notifies the complainant's accounts (in the app and by e-mail);
 * - a reply in the thread by the complainant's side answers it and restarts the clock it stopped;
 * - when the last day passes unanswered, the deadline sweeper closes the case as withdrawn, with notice.
 * Each step is one transaction with its history event; pushes go after commit.
 */
import { bogotaDate, endOfBogotaDay } from '../../shared/calendar';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { informationRequestRefusal, INFORMATION_REQUEST_STATUSES } from '../policies/deadlinePolicy';
import { isComplainantSide, type CaseActor } from '../policies/casePolicy';
import { findCaseForUpdate, insertCaseEvent, type CaseRow } from '../repositories/cases';
import { mechanismCalendar, openCaseDeadlinesForUpdate, policyInForce } from '../repositories/deadlines';
import {
  closeInformationRequest,
  findInformationRequest,
  findOpenInformationRequestForUpdate,
  insertInformationRequest,
} from '../repositories/informationRequests';
import type { UserRecord } from '../repositories/users';
import { informationLapseDate } from '../deadlines/informationTerm';
import { publishCaseUpdated } from '../realtime/caseRooms';
import { audienceIds, notify } from '../notifications/notifier';
import { restartClock, stopClock } from './deadlineAdjuster';
import { transitionCaseIn } from './caseTransitioner';
import { appendThreadEntry, assertAllowed, authorOf, lockVisibleCase } from './threadWriter';

function pushChange(ctx: AppContext, tx: Tx, c: CaseRow): void {
  tx.afterCommit(() => {
    ctx.realtime.caseChanged(c);
    publishCaseUpdated(ctx, c);
  });
}

/** The complainant's accounts (and the facilitator who filed): never the company. */
function complainantSideIds(tx: Tx, c: CaseRow): Promise<string[]> {
  return audienceIds(tx, c, 'complainant');
}

/**
 * The company (a liaison) or the ombudsman formally asks the complainant for `question`. Refused with
 * a 409 to the complainant's side, in statuses where nothing waits on them, and while a request is open.
 */
export async function requestInformation(ctx: AppContext, actor: UserRecord, caseId: string, question: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const open = await findOpenInformationRequestForUpdate(tx, c.id);
    assertAllowed(informationRequestRefusal(actor, c, open), c);
    const at = ctx.clock.now();
    const [policy, calendar] = await Promise.all([policyInForce(tx, c.mechanismId), mechanismCalendar(tx, c.mechanismId)]);
    const lapsesOn = informationLapseDate(bogotaDate(at), policy.informationWaitMonths, calendar);
    // When the ombudsman had already stopped the clock, the request waits with it and restarts nothing.
    const alreadyPaused = (await openCaseDeadlinesForUpdate(tx, c.id)).some((d) => d.pausedAt !== null);
    const pausedStages = alreadyPaused ? [] : await stopClock(tx, c, at);
    const author = authorOf(actor);
    const entry = await appendThreadEntry(ctx, tx, c, {
      kind: 'information_requested',
      ...author,
      visibility: 'parties',
      internalOrg: null,
      body: null,
      data: { question, lapsesOn, pausedStages },
      clientKey: null,
    });
    const askedByRole = actor.role === 'ombudsman' ? 'ombudsman' : 'liaison';
    const id = await insertInformationRequest(tx, {
      caseId: c.id,
      askedByUserId: actor.id,
      askedByRole,
      question,
      messageId: entry.id,
      askedAt: at,
      lapsesOn,
      lapsesAt: endOfBogotaDay(lapsesOn),
      waitMonths: policy.informationWaitMonths,
      pausedClock: pausedStages.length > 0,
    });
    await insertCaseEvent(tx, {
      caseId: c.id,
      kind: 'cases.information_requested',
      actorUserId: actor.id,
      actorRole: askedByRole,
      reason: question,
      data: { informationRequestId: id, lapsesOn, pausedStages },
      at,
    });
    await notify(ctx, tx, {
      kind: 'information_requested',
      caseId: c.id,
      recipients: await complainantSideIds(tx, c),
      actorUserId: actor.id,
      data: { reference: c.reference, dueOn: lapsesOn },
    });
    pushChange(ctx, tx, c);
  });
}

/**
 * Hook for the thread, inside the transaction of a message just posted on the locked case: a reply by
 * the complainant's side (account, facilitator or receipt-key session) answers the open request and
 * restarts the clock it stopped. The message's insert found and locked that request (asked for when the
 * poster is on the complainant's side), so a message that answers nothing costs no statement here.
 * Returns whether it answered one.
 */
export async function answerInformationRequest(
  ctx: AppContext,
  tx: Tx,
  c: CaseRow,
  actor: CaseActor,
  message: { id: number; openInformationRequestId: string | null },
): Promise<boolean> {
  const messageId = message.id;
  if (!isComplainantSide(actor, c) || message.openInformationRequestId === null) return false;
  const request = await findInformationRequest(tx, message.openInformationRequestId);
  if (!request) return false;
  const at = ctx.clock.now();
  await closeInformationRequest(tx, request.id, 'answered', at, messageId);
  const restarted = request.pausedClock ? await restartClock(tx, c, at) : [];
  const author = authorOf(actor);
  await insertCaseEvent(tx, {
    caseId: c.id,
    kind: 'cases.information_answered',
    actorUserId: author.authorUserId,
    actorRole: author.authorRole,
    data: { informationRequestId: request.id, messageId, deadlines: restarted },
    at,
  });
  await appendThreadEntry(ctx, tx, c, {
    kind: 'information_answered',
    authorUserId: null,
    authorRole: 'system',
    visibility: 'parties',
    internalOrg: null,
    body: null,
    data: { deadlines: restarted },
    clientKey: null,
  });
  pushChange(ctx, tx, c);
  return true;
}

/**
 * For the deadline sweeper, inside its batch transaction with the request and its case locked: when
 * the request is still open and its last day has passed, the case is closed as withdrawn (art. 17),
 * the parties are told and the thread says why. Returns 'skipped' when there is nothing left to do.
 */
export async function lapseInformationRequest(ctx: AppContext, tx: Tx, requestId: string, now: Date): Promise<'done' | 'skipped'> {
  const request = await findInformationRequest(tx, requestId);
  if (!request || request.closedAt || request.lapsesAt.getTime() >= now.getTime()) return 'skipped';
  const c = await findCaseForUpdate(tx, request.caseId);
  if (!c || !INFORMATION_REQUEST_STATUSES.includes(c.status)) {
    // The case moved on without closing it (it cannot, through onStatusChanged): never withdraw it now.
    await closeInformationRequest(tx, request.id, 'case_closed', now);
    return 'skipped';
  }
  await closeInformationRequest(tx, request.id, 'lapsed', now);
  const facts = { informationRequestId: request.id, askedOn: bogotaDate(request.askedAt), lapsesOn: request.lapsesOn };
  const withdrawn = await transitionCaseIn(ctx, tx, null, { caseId: c.id, action: 'deem_withdrawn', data: facts, notice: 'information_lapsed' });
  await appendThreadEntry(ctx, tx, withdrawn, {
    kind: 'information_lapsed',
    authorUserId: null,
    authorRole: 'system',
    visibility: 'parties',
    internalOrg: null,
    body: null,
    data: facts,
    clientKey: null,
  });
  return 'done';
}
