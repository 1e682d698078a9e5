/**
 * Pausing, resuming and extending a case's deadlines. Each locks the case and its open deadlines,
 * checks the policy, recomputes the dates with shared/calendar.ts and writes a history event the
 * complainant sees, all in one transaction; the change is pushed after commit.
 */
import { bogotaDate, businessDaysBetween } from '../../shared/calendar';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError, NotFound } from '../errors';
import { canControlClock, canExtendDeadline, actsFor } from '../policies/deadlinePolicy';
import { canViewCase } from '../policies/casePolicy';
import { findCaseForUpdate, insertCaseEvent, type CaseRow } from '../repositories/cases';
import {
  findCaseDeadlineForUpdate,
  mechanismCalendar,
  openCaseDeadlinesForUpdate,
  pauseDeadlines,
  updateDeadlineTiming,
  type DeadlineRow,
} from '../repositories/deadlines';
import type { UserRecord } from '../repositories/users';
import { timingOf } from '../deadlines/deadlineScheduler';
import { complainantAudience, notifyPeople } from '../deadlines/deadlineNotices';

async function lockVisibleCase(tx: Tx, actor: UserRecord, caseId: string): Promise<CaseRow> {
  const c = await findCaseForUpdate(tx, caseId);
  if (!c || !canViewCase(actor, c)) throw new NotFound();
  return c;
}

/**
 * Stops the clock of every running deadline of a case while it waits on the complainant (asked for
 * more information). Overdue deadlines stay as they are: a pause never undoes an expiry.
 */
export async function pauseCaseClock(ctx: AppContext, actor: UserRecord, caseId: string, reason: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const open = await openCaseDeadlinesForUpdate(tx, c.id);
    if (!canControlClock(actor, c, open)) throw new NotFound();
    if (open.some((d) => d.pausedAt !== null)) throw new AppError(409, 'deadlines_already_paused');
    const running = open.filter((d) => d.escalatedAt === null);
    if (running.length === 0) throw new AppError(409, 'deadlines_nothing_to_pause');
    const at = ctx.clock.now();
    await pauseDeadlines(tx, running.map((d) => d.id), at);
    await insertCaseEvent(tx, {
      caseId: c.id,
      kind: 'deadlines.paused',
      actorUserId: actor.id,
      actorRole: actor.role,
      reason,
      data: { stages: running.map((d) => d.stage), pausedOn: bogotaDate(at) },
      at,
    });
    tx.afterCommit(() => ctx.realtime.caseChanged(c));
  });
}

/** Restarts a paused clock: each paused deadline moves later by the business days it stood still. */
export async function resumeCaseClock(ctx: AppContext, actor: UserRecord, caseId: string, reason: string | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const open = await openCaseDeadlinesForUpdate(tx, c.id);
    if (!canControlClock(actor, c, open)) throw new NotFound();
    const paused = open.filter((d): d is DeadlineRow & { pausedAt: Date } => d.pausedAt !== null);
    if (paused.length === 0) throw new AppError(409, 'deadlines_not_paused');
    const at = ctx.clock.now();
    const today = bogotaDate(at);
    const calendar = await mechanismCalendar(tx, c.mechanismId);
    const moved: { stage: string; dueOn: string; pausedBusinessDays: number }[] = [];
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
      moved.push({ stage: d.stage, dueOn: timing.dueOn, pausedBusinessDays: stood });
    }
    await insertCaseEvent(tx, {
      caseId: c.id,
      kind: 'deadlines.resumed',
      actorUserId: actor.id,
      actorRole: actor.role,
      reason: reason ?? null,
      data: { deadlines: moved },
      at,
    });
    tx.afterCommit(() => ctx.realtime.caseChanged(c));
  });
}

/**
 * A reasoned extension of one open, not yet expired deadline. The extended term may never exceed
 * double the original (Ley 1755 de 2015, art. 14, parágrafo): beyond that the answer is a 400 naming
 * the `days` field and how many days are still possible. The complainant is told.
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
    await insertCaseEvent(tx, { caseId: c.id, kind: 'deadlines.extended', actorUserId: actor.id, actorRole: actor.role, reason: request.reason, data, at });
    await notifyPeople(ctx, tx, (work) => tx.afterCommit(work), complainantAudience(c), {
      caseId: c.id,
      kind: 'deadlines.extended',
      data: { reference: c.reference, ...data },
      at,
    });
    tx.afterCommit(() => ctx.realtime.caseChanged(c));
  });
}
