/**
 * The habeas data desk: a person files a request about their data; the mechanism's staff (ombudsman
 * officers and admins of that mechanism) extend its term once, with reasons and before it lapses, and
 * answer it. A granted deletion or withdrawal of consent redacts the person's identity
 * (identityRedactor). Withdrawing the consent for sensitive data needs nobody's decision: the answers
 * are erased at once. Terms follow shared/habeas.ts on the mechanism's business-day calendar.
 */
import { bogotaDate } from '../../shared/calendar';
import { habeasDueDates, outcomesFor, type HabeasOutcome, type HabeasRequestKind } from '../../shared/habeas';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError, NotFound, ValidationFailed } from '../errors';
import type { UserRecord } from '../repositories/users';
import { mechanismCalendar } from '../repositories/deadlines';
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';
import {
  caseIdsFiledBy,
  clearSensitiveAnswers,
  findCaseByReferenceAmong,
  findSubjectCase,
  isComplainantOf,
  type SubjectCase,
} from '../repositories/personalData';
import {
  findHabeasRequest,
  insertHabeasRequest,
  recordAnswer,
  recordCorrectedFields,
  recordExtension,
  type HabeasRequestRow,
} from '../repositories/habeasRequests';
import { correctIdentity, type IdentityCorrection } from './identityCorrector';
import { noticeToRequester } from './habeasNotices';
import { redactAccount, redactCaseIdentity } from './identityRedactor';
import { logger } from '../logger';

/**
 * Whose data a request is about: the logged-in account (with the cases it filed as complainant) and the
 * cases whose receipt key was shown in this session. Never anyone else.
 */
export interface DataSubject {
  user: UserRecord | null;
  trackedCaseIds: readonly string[];
}

/** The cases of a subject: filed by their account as complainant, or proven with a receipt key. */
export async function subjectCaseIds(ctx: AppContext, subject: DataSubject): Promise<string[]> {
  const own = subject.user ? await caseIdsFiledBy(ctx.db, subject.user.id, 'filing') : [];
  return [...new Set([...own, ...subject.trackedCaseIds])];
}

/** Whether anyone stands behind the request: an account or a proven receipt key. */
export function hasSubject(subject: DataSubject): boolean {
  return subject.user !== null || subject.trackedCaseIds.length > 0;
}

/** The mechanisms whose requests this person handles; none for everyone but ombudsman officers and admins. */
export function habeasStaffMechanisms(user: UserRecord | undefined): string[] {
  return user && (user.role === 'ombudsman' || user.role === 'admin') ? user.mechanismIds : [];
}

/** Files a request; returns its id. */
export async function fileHabeasRequest(
  ctx: AppContext,
  subject: DataSubject,
  input: { kind: HabeasRequestKind; details: string; caseReference?: string },
): Promise<string> {
  if (!hasSubject(subject)) throw new NotFound();
  const caseIds = await subjectCaseIds(ctx, subject);
  let about: SubjectCase | undefined;
  if (input.caseReference) {
    about = await findCaseByReferenceAmong(ctx.db, input.caseReference, caseIds);
    if (!about) throw new ValidationFailed([{ field: 'caseReference', messageKey: 'validation.habeas_case' }]);
  } else if (!subject.user) {
    // Without an account the request is about the case whose key was shown (the latest, if several).
    const last = subject.trackedCaseIds[subject.trackedCaseIds.length - 1]!;
    about = await findSubjectCase(ctx.db, last);
    if (!about) throw new NotFound();
  }
  // An account asks as itself (about all it holds, or one of its cases); a receipt-key holder asks as the case.
  const requester = subject.user && (!about || (await isComplainantOf(ctx.db, about.id, subject.user.id))) ? subject.user : null;
  const mechanismId = about?.mechanismId ?? subject.user!.mechanismId;
  const at = ctx.clock.now();
  const receivedOn = bogotaDate(at);
  const { dueOn } = habeasDueDates(input.kind, receivedOn, await mechanismCalendar(ctx.db, mechanismId));
  const id = await ctx.db.transaction(async (tx) => {
    const filed = await insertHabeasRequest(tx, {
      mechanismId,
      kind: input.kind,
      requesterUserId: requester?.id ?? null,
      caseId: about?.id ?? null,
      details: input.details,
      receivedOn,
      dueOn,
      at,
    });
    // Acknowledged by e-mail with its due date (Decreto 1377: the person knows when to expect the answer).
    await noticeToRequester(ctx, tx, (await findHabeasRequest(tx, filed))!, 'habeas_received');
    return filed;
  });
  logger.info('habeas data request filed', { requestId: id, kind: input.kind, mechanismId, dueOn });
  return id;
}

/** The request, locked, if `staff` handles its mechanism; 404 otherwise (as if it did not exist). */
async function requestForStaff(tx: Tx, staff: UserRecord, id: string): Promise<HabeasRequestRow> {
  const row = await findHabeasRequest(tx, id, true);
  if (!row || !habeasStaffMechanisms(staff).includes(row.mechanismId)) throw new NotFound();
  if (row.status !== 'open') throw new AppError(409, 'habeas_answered');
  return row;
}

/**
 * Announces an extension of the term (Ley 1581 arts. 14–15): once, before the first term lapses, with
 * reasons and the new date, which may not pass the legal maximum.
 */
export async function extendHabeasRequest(ctx: AppContext, staff: UserRecord, id: string, input: { reason: string; dueOn: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await requestForStaff(tx, staff, id);
    if (row.extendedDueOn) throw new AppError(409, 'habeas_already_extended');
    const at = ctx.clock.now();
    if (bogotaDate(at) > row.dueOn) throw new AppError(409, 'habeas_extension_late', { dueOn: row.dueOn });
    const { latestExtendedOn } = habeasDueDates(row.kind, row.receivedOn, await mechanismCalendar(tx, row.mechanismId));
    if (input.dueOn <= row.dueOn || input.dueOn > latestExtendedOn) {
      throw new ValidationFailed([{ field: 'dueOn', messageKey: 'validation.habeas_extension_date', params: { dueOn: row.dueOn, latest: latestExtendedOn } }]);
    }
    await recordExtension(tx, id, input.dueOn, input.reason, staff.id, at);
    await noticeToRequester(ctx, tx, (await findHabeasRequest(tx, id))!, 'habeas_extended');
  });
}

/**
 * Answers a request, telling the person by e-mail. A granted deletion or withdrawal of consent redacts the
 * requester's identity, and a granted correction with `identity` applies it (identityCorrector), in the
 * same transaction.
 */
export async function answerHabeasRequest(
  ctx: AppContext,
  staff: UserRecord,
  id: string,
  input: { outcome: HabeasOutcome; answer: string; identity?: IdentityCorrection },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await requestForStaff(tx, staff, id);
    if (!outcomesFor(row.kind).includes(input.outcome)) {
      throw new ValidationFailed([{ field: 'outcome', messageKey: 'validation.habeas_outcome' }]);
    }
    const at = ctx.clock.now();
    if (input.identity && (row.kind !== 'correction' || input.outcome !== 'granted')) throw new AppError(409, 'habeas_not_correction');
    if (input.identity) {
      const fields = await correctIdentity(ctx, tx, staff, row, input.identity, at);
      await recordCorrectedFields(tx, id, fields);
    }
    const redacting = input.outcome === 'granted' && (row.kind === 'deletion' || row.kind === 'withdraw_consent');
    // An erased address is not written to again (the redaction also drops e-mails waiting for it):
    // a granted deletion's answer is read on /mis-datos, every other answer is also e-mailed.
    if (!redacting) await noticeToRequester(ctx, tx, { ...row, status: 'answered', outcome: input.outcome }, 'habeas_answered');
    if (redacting) {
      const why = {
        cause: 'request' as const,
        actorUserId: staff.id,
        actorRole: staff.role === 'admin' ? ('admin' as const) : ('ombudsman' as const),
        requestId: id,
        at,
      };
      if (row.requesterUserId) await redactAccount(ctx, tx, row.requesterUserId, why);
      else if (row.caseId) await redactCaseIdentity(tx, row.caseId, why);
    }
    await recordAnswer(tx, id, input.outcome, input.answer, staff.id, at);
  });
  logger.info('habeas data request answered', { requestId: id, outcome: input.outcome, by: staff.id });
}

/**
 * Withdraws the consent for sensitive data (ethnicity, gender, disability, age band): the answers of
 * every case of the subject are erased now, each with an event in its history. Returns how many cases had some.
 */
export async function withdrawSensitiveConsent(ctx: AppContext, subject: DataSubject): Promise<number> {
  if (!hasSubject(subject)) throw new NotFound();
  const caseIds = await subjectCaseIds(ctx, subject);
  const at = ctx.clock.now();
  let erased = 0;
  for (const caseId of caseIds) {
    const done = await ctx.db.transaction(async (tx) => {
      const row = await findCaseForUpdate(tx, caseId);
      if (!row) return false;
      if (!(await clearSensitiveAnswers(tx, caseId))) return false;
      const own = subject.user !== null && row.complainantUserId === subject.user.id;
      await insertCaseEvent(tx, {
        caseId,
        kind: 'cases.sensitive_data_withdrawn',
        actorUserId: own ? subject.user!.id : null,
        actorRole: own ? 'complainant' : 'anonymous',
        at,
      });
      return true;
    });
    if (done) erased += 1;
  }
  return erased;
}
