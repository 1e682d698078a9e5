/**
 * After the calendar changes (a national holiday recorded or undone, a mechanism's holiday added or
 * removed), recomputes the open deadlines whose term spans the changed day, and the last day to answer
 * an open information request that the day decides, inside the caller's transaction, and writes
 * `deadlines.recalculated` in each affected case's history.
 *
 * What the law keeps (docs/deadlines.md): a deadline that has already expired, escalated or not, is
 * never revived or moved; and a change never makes a running deadline expire in the past — a date that
 * would already have passed becomes today, so nobody is overdue because of a retroactive change.
 * A paused clock (Ley 1755, art. 17) has not expired whatever its stored date says: it is recounted
 * like a running one, its days left frozen at the day it stopped, which is its "today". The same
 * floor keeps a complainant's last day to answer from moving into the past. The business days of each
 * pause that has ended are recounted from its window (`deadline_pauses`), so a day inside a finished
 * pause never moves the deadline: the clock did not run that day, holiday or not.
 */
import { bogotaDate, businessDaysBetween, endOfBogotaDay } from '../../shared/calendar';
import type { DeadlineStage } from '../../shared/types/deadlines';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { insertCaseEvent } from '../repositories/cases';
import { openRequestsNearForUpdate, updateInformationLapse } from '../repositories/informationRequests';
import { casesOnDayForUpdate, deadlinesOnDayForUpdate, mechanismCalendars, updateDeadlineTiming } from '../repositories/deadlines';
import { endedPauseWindowsForUpdate, recountPauseWindow, type EndedPauseWindow } from '../repositories/deadlinePauses';
import { timingOf } from './deadlineScheduler';
import { informationLapseDate } from './informationTerm';

/** The change that moved the calendar, as the history records it. */
export interface CalendarChange {
  scope: 'national' | 'mechanism';
  /** The day that became a holiday ('added') or a business day ('removed'). */
  date: string;
  kind: 'added' | 'removed';
  /** True when an earlier change was undone (the day went back to what the rules say). */
  undone: boolean;
  /** The law or decree (national) or the admin's reason (mechanism). */
  reason: string;
}

/** One deadline a change moved. */
export interface MovedDeadline {
  deadlineId: string;
  stage: DeadlineStage;
  previousDueOn: string;
  dueOn: string;
}

/**
 * Recomputes the open, unexpired deadlines of `mechanismIds` (every mechanism when null) whose term
 * spans `change.date`, with the calendar this transaction now sees. Cases are locked first, in id
 * order, then their deadlines, as the transitioner does, so the two never wait on each other in a
 * circle. Returns how many cases and deadlines moved.
 */
export async function recalculateOpenDeadlines(
  ctx: Pick<AppContext, 'clock' | 'realtime'>,
  tx: Tx,
  mechanismIds: string[] | null,
  change: CalendarChange,
): Promise<{ cases: number; deadlines: number }> {
  const now = ctx.clock.now();
  const cases = await casesOnDayForUpdate(tx, change.date, now, mechanismIds);
  if (cases.length === 0) return { cases: 0, deadlines: 0 };
  const deadlines = await deadlinesOnDayForUpdate(
    tx,
    cases.map((c) => c.id),
    change.date,
    now,
  );
  const calendars = await mechanismCalendars(
    tx,
    cases.map((c) => c.mechanismId),
  );
  const byCase = new Map(cases.map((c) => [c.id, c]));
  const today = bogotaDate(now);
  const windows = new Map<string, EndedPauseWindow[]>();
  for (const w of await endedPauseWindowsForUpdate(
    tx,
    deadlines.map((d) => d.id),
  ))
    windows.set(w.deadlineId, [...(windows.get(w.deadlineId) ?? []), w]);
  const moved = new Map<string, MovedDeadline[]>();
  for (const d of deadlines) {
    const c = byCase.get(d.caseId)!;
    const calendar = calendars.get(c.mechanismId)!;
    // Each ended pause recounted under the new calendar: a day that became (or stopped being) a holiday
    // while the clock stood still changes the days it stood still by as much as it changes the term, so
    // the due date stays. Days counted before migration 0022 have no window and stay as stored.
    const recounted = (windows.get(d.id) ?? []).map((w) => ({ ...w, recount: Math.max(0, businessDaysBetween(w.pausedOn, w.resumedOn, calendar)) }));
    const changedWindows = recounted.filter((w) => w.recount !== w.businessDays);
    const pausedBusinessDays = d.pausedBusinessDays + changedWindows.reduce((n, w) => n + w.recount - w.businessDays, 0);
    const timing = timingOf({ ...d, pausedBusinessDays }, calendar);
    const floor = d.pausedAt ? bogotaDate(d.pausedAt) : today;
    const dueOn = timing.dueOn < floor ? floor : timing.dueOn;
    if (dueOn === d.dueOn && changedWindows.length === 0) continue;
    for (const w of changedWindows) await recountPauseWindow(tx, w.id, w.recount);
    await updateDeadlineTiming(tx, d.id, {
      dueOn,
      dueAt: endOfBogotaDay(dueOn),
      reminderAt: timing.reminderAt,
      extendedDays: d.extendedDays,
      pausedAt: d.pausedAt,
      pausedBusinessDays,
      // A new date deserves its own reminder, as after an extension or a resume.
      remindedAt: dueOn === d.dueOn ? d.remindedAt : null,
    });
    // Only a due date that moved is news for the case's history.
    if (dueOn === d.dueOn) continue;
    const list = moved.get(c.id) ?? [];
    list.push({ deadlineId: d.id, stage: d.stage, previousDueOn: d.dueOn, dueOn });
    moved.set(c.id, list);
  }
  // The complainant's month to answer (art. 17) ends on a business day: recount it in the new calendar.
  const movedRequests = new Map<string, { previousLapsesOn: string; lapsesOn: string }>();
  for (const r of await openRequestsNearForUpdate(
    tx,
    cases.map((c) => c.id),
    change.date,
    now,
  )) {
    const c = byCase.get(r.caseId)!;
    const counted = informationLapseDate(bogotaDate(r.askedAt), r.waitMonths, calendars.get(c.mechanismId)!);
    const lapsesOn = counted < today ? today : counted;
    if (lapsesOn === r.lapsesOn) continue;
    await updateInformationLapse(tx, r.id, lapsesOn, endOfBogotaDay(lapsesOn));
    movedRequests.set(c.id, { previousLapsesOn: r.lapsesOn, lapsesOn });
  }
  for (const caseId of new Set([...moved.keys(), ...movedRequests.keys()])) {
    const request = movedRequests.get(caseId);
    await insertCaseEvent(tx, {
      caseId,
      kind: 'deadlines.recalculated',
      actorUserId: null,
      actorRole: 'system',
      reason: change.reason,
      data: {
        change: { scope: change.scope, date: change.date, kind: change.kind, undone: change.undone },
        deadlines: moved.get(caseId) ?? [],
        ...(request ? { informationRequest: request } : {}),
      },
      at: now,
    });
    const c = byCase.get(caseId)!;
    tx.afterCommit(() => ctx.realtime.caseChanged(c));
  }
  return { cases: moved.size, deadlines: [...moved.values()].reduce((n, l) => n + l.length, 0) };
}
