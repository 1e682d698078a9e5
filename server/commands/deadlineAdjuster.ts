/**
 * Stopping, restarting and extending a case's deadlines. Each command locks the case and its open
 * deadlines, checks the policy, recomputes the dates with shared/calendar.ts and writes a history
 * event plus a thread entry the complainant reads (on the tracking page too), all in one transaction;
 * the change is pushed after commit. stopClock / restartClock are shared with information requests,
 * the other way a clock stops (Ley 1755 de 2015, art. 17).
 */
import { bogotaDate, businessDaysBetween } from '../../shared/calendar';
import type { DeadlineStage } from '../../shared/types/deadlines';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError, NotFound } from '../errors';
import { canExtendDeadline, actsFor, clockRefusal } from '../policies/deadlinePolicy';
import type { CaseRow } from '../repositories/cases';
import {
  findCaseDeadlineForUpdate,
  mechanismCalendar,
  openCaseDeadlinesForUpdate,
  pauseDeadlines,
  updateDeadlineTiming,
  type DeadlineRow,
} from '../repositories/deadlines';
import { closeInformationRequest, findOpenInformationRequestForUpdate } from '../repositories/informationRequests';
import { closePauseWindow } from '../repositories/deadlinePauses';
import type { UserRecord } from '../repositories/users';
import { timingOf } from '../deadlines/deadlineScheduler';
import { complainantAudience } from '../deadlines/deadlineNotices';
import { notifyAudience } from '../notifications/notifier';
import { assertAllowed, lockVisibleCase, recordDialogueStep } from './threadWriter';

/** A deadline that started running again, as the history and the thread record it. */
export interface RestartedDeadline {
  stage: DeadlineStage;
  dueOn: string;
  pausedBusinessDays: number;
}

/**
 * Stops every running deadline of the (locked) case at `at` and returns the stages it stopped.
 * Overdue deadlines stay as they are: a pause never undoes an expiry.
 */
export async function stopClock(tx: Tx, c: CaseRow, at: Date): Promise<DeadlineStage[]> {
  const running = (await openCaseDeadlinesForUpdate(tx, c.id)).filter((d) => d.pausedAt === null && d.escalatedAt === null);
  await pauseDeadlines(
    tx,
    running.map((d) => d.id),
    at,
  );
  return running.map((d) => d.stage);
}

/**
 * Restarts every paused deadline of the (locked) case at `at`: each moves later by the business days
 * after the day it stopped up to and including today (art. 17: the term runs again from the day after
 * the answer). Returns what moved.
 */
export async function restartClock(tx: Tx, c: CaseRow, at: Date): Promise<RestartedDeadline[]> {
  const paused = (await openCaseDeadlinesForUpdate(tx, c.id)).filter((d): d is DeadlineRow & { pausedAt: Date } => d.pausedAt !== null);
  if (paused.length === 0) return [];
  const today = bogotaDate(at);
  const calendar = await mechanismCalendar(tx, c.mechanismId);
  const moved: RestartedDeadline[] = [];
  for (const d of paused) {
    // Days after the pause began up to and including today: the day it began had already run.
    const stood = Math.max(0, businessDaysBetween(bogotaDate(d.pausedAt), today, calendar));
    const next = { ...d, pausedBusinessDays: d.pausedBusinessDays + stood };
    const timing = timingOf(next, calendar);
    await updateDeadlineTiming(tx, d.id, {
      ...timing,
      extendedDays: d.extendedDays,
      pausedAt: null,
      pausedBusinessDays: next.pausedBusinessDays,
      remindedAt: timing.dueOn === d.dueOn ? d.remindedAt : null,
    });
    // The window is kept so a later change to the calendar recounts these days (deadlineRecalculator).
    await closePauseWindow(tx, d.id, d.pausedAt, at, stood);
    moved.push({ stage: d.stage, dueOn: timing.dueOn, pausedBusinessDays: stood });
  }
  return moved;
}

function pushClockChange(ctx: AppContext, tx: Tx, c: CaseRow): void {
  tx.afterCommit(() => ctx.realtime.caseChanged(c));
}

/**
 * The ombudsman stops every running deadline of a case, with a reason the parties read in the thread.
 * Anyone else who sees the case gets a 409 saying how a clock may stop: by asking the complainant.
 */
export async function pauseCaseClock(ctx: AppContext, actor: UserRecord, caseId: string, reason: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    assertAllowed(clockRefusal(actor, c), c);
    const open = await openCaseDeadlinesForUpdate(tx, c.id);
    if (open.some((d) => d.pausedAt !== null)) throw new AppError(409, 'deadlines_already_paused');
    const at = ctx.clock.now();
    const stages = await stopClock(tx, c, at);
    if (stages.length === 0) throw new AppError(409, 'deadlines_nothing_to_pause');
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'deadlines.paused',
      entryKind: 'clock_paused',
      data: { stages, pausedOn: bogotaDate(at) },
      reason,
    });
    pushClockChange(ctx, tx, c);
  });
}

/**
 * The ombudsman restarts a paused clock. An unanswered information request that stopped it ends with
 * it ("resumed"): a case whose clock runs again can no longer be withdrawn for want of that answer.
 */
export async function resumeCaseClock(ctx: AppContext, actor: UserRecord, caseId: string, reason: string | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    assertAllowed(clockRefusal(actor, c), c);
    const at = ctx.clock.now();
    const moved = await restartClock(tx, c, at);
    if (moved.length === 0) throw new AppError(409, 'deadlines_not_paused');
    const request = await findOpenInformationRequestForUpdate(tx, c.id);
    if (request) await closeInformationRequest(tx, request.id, 'resumed', at);
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'deadlines.resumed',
      entryKind: 'clock_resumed',
      data: { deadlines: moved },
      reason: reason ?? null,
    });
    pushClockChange(ctx, tx, c);
  });
}

/**
 * A reasoned extension of one open deadline, announced before it expires (Ley 1755 de 2015, art. 14,
 * parágrafo): the complainant reads the reason and the new date in the thread, the history and a
 * notice (e-mail included). The extended term may never exceed double the original: beyond that the
 * answer is a 400 naming the `days` field and how many days are still possible.
 */
export async function extendDeadline(
  ctx: AppContext,
  actor: UserRecord,
  request: { caseId: string; deadlineId: string; days: number; reason: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, request.caseId);
    const d = await findCaseDeadlineForUpdate(tx, c.id, request.deadlineId);
    if (!d || !actsFor(actor, c, d.responsible)) throw new NotFound();
    const at = ctx.clock.now();
    if (d.satisfiedAt || d.cancelledAt) throw new AppError(409, 'deadline_closed');
    if (d.pausedAt) throw new AppError(409, 'deadlines_already_paused');
    if (d.stage === 'referral') throw new AppError(409, 'referral_not_extendable');
    if (!canExtendDeadline(actor, c, d, at, d.dueAt)) throw new AppError(409, 'deadline_expired');
    const remaining = d.baseDays - d.extendedDays;
    if (request.days > remaining) {
      throw new AppError(400, 'deadline_extension_too_long', { remaining, count: remaining }, [
        { field: 'days', messageKey: 'validation.extension_beyond_double', params: { remaining, count: remaining } },
      ]);
    }
    const calendar = await mechanismCalendar(tx, c.mechanismId);
    const next = { ...d, extendedDays: d.extendedDays + request.days };
    const timing = timingOf(next, calendar);
    await updateDeadlineTiming(tx, d.id, {
      ...timing,
      extendedDays: next.extendedDays,
      pausedAt: null,
      pausedBusinessDays: d.pausedBusinessDays,
      remindedAt: null,
    });
    const data = { deadlineId: d.id, stage: d.stage, days: request.days, previousDueOn: d.dueOn, dueOn: timing.dueOn };
    await recordDialogueStep(ctx, tx, c, actor, { eventKind: 'deadlines.extended', entryKind: 'deadline_extended', data, reason: request.reason });
    await notifyAudience(ctx, tx, (work) => tx.afterCommit(work), complainantAudience(c), {
      caseId: c.id,
      kind: 'deadlines.extended',
      data: { reference: c.reference, ...data },
      at,
    });
    pushClockChange(ctx, tx, c);
  });
}
