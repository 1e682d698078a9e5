/**
 * After the calendar changes (a national holiday recorded or undone, a mechanism's holiday added or
 * removed), recomputes the open deadlines whose term spans the changed day, inside the caller's
 * transaction, and writes `deadlines.recalculated` in each affected case's history.
 *
 * What the law keeps (docs/deadlines.md): a deadline that has already expired, escalated or not, is
 * never revived or moved; and a change never makes a running deadline expire in the past — a date that
 * would already have passed becomes today, so nobody is overdue because of a retroactive change.
 */
import { bogotaDate, endOfBogotaDay } from '../../shared/calendar';
import type { DeadlineStage } from '../../shared/types/deadlines';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { insertCaseEvent } from '../repositories/cases';
import { mechanismCalendars, updateDeadlineTiming, type DeadlineRow } from '../repositories/deadlines';
import type { CaseAudience } from '../realtime/realtime';
import { timingOf } from './deadlineScheduler';

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

const DEADLINE_COLUMNS = `d.id, d.case_id AS "caseId", d.stage, d.started_on AS "startedOn", d.due_on AS "dueOn", d.base_days AS "baseDays",
  d.extended_days AS "extendedDays", d.paused_at AS "pausedAt", d.paused_business_days AS "pausedBusinessDays",
  d.reminder_days_before AS "reminderDaysBefore", d.reminded_at AS "remindedAt"`;

type SpanningDeadline = Pick<
  DeadlineRow,
  'id' | 'caseId' | 'stage' | 'startedOn' | 'dueOn' | 'baseDays' | 'extendedDays' | 'pausedAt' | 'pausedBusinessDays' | 'reminderDaysBefore' | 'remindedAt'
>;

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
  // A day the term already started on, or after its due date, changes nothing for it.
  const spanning = `d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.escalated_at IS NULL AND d.due_at >= $1
    AND d.started_on < $2::date AND d.due_on >= $2::date`;
  const inScope = mechanismIds === null ? 'true' : 'c.mechanism_id = ANY($3::uuid[])';
  const params = mechanismIds === null ? [now, change.date] : [now, change.date, mechanismIds];
  const cases = await tx.query<CaseAudience>(
    `SELECT c.id, c.reference, c.status, c.mechanism_id AS "mechanismId", c.company_id AS "companyId", c.red_flag AS "redFlag",
            c.complainant_user_id AS "complainantUserId", c.filed_by_user_id AS "filedByUserId"
     FROM cases c WHERE ${inScope} AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND ${spanning})
     ORDER BY c.id FOR UPDATE OF c`,
    params,
  );
  if (cases.length === 0) return { cases: 0, deadlines: 0 };
  const deadlines = await tx.query<SpanningDeadline>(
    `SELECT ${DEADLINE_COLUMNS} FROM case_deadlines d WHERE d.case_id = ANY($3::uuid[]) AND ${spanning} ORDER BY d.case_id, d.id FOR UPDATE OF d`,
    [now, change.date, cases.map((c) => c.id)],
  );
  const calendars = await mechanismCalendars(tx, cases.map((c) => c.mechanismId));
  const byCase = new Map(cases.map((c) => [c.id, c]));
  const today = bogotaDate(now);
  const moved = new Map<string, MovedDeadline[]>();
  for (const d of deadlines) {
    const c = byCase.get(d.caseId)!;
    const timing = timingOf(d, calendars.get(c.mechanismId)!);
    const dueOn = timing.dueOn < today ? today : timing.dueOn;
    if (dueOn === d.dueOn) continue;
    await updateDeadlineTiming(tx, d.id, {
      dueOn,
      dueAt: endOfBogotaDay(dueOn),
      reminderAt: timing.reminderAt,
      extendedDays: d.extendedDays,
      pausedAt: d.pausedAt,
      pausedBusinessDays: d.pausedBusinessDays,
      // A new date deserves its own reminder, as after an extension or a resume.
      remindedAt: null,
    });
    const list = moved.get(c.id) ?? [];
    list.push({ deadlineId: d.id, stage: d.stage, previousDueOn: d.dueOn, dueOn });
    moved.set(c.id, list);
  }
  for (const [caseId, list] of moved) {
    await insertCaseEvent(tx, {
      caseId,
      kind: 'deadlines.recalculated',
      actorUserId: null,
      actorRole: 'system',
      reason: change.reason,
      data: { change: { scope: change.scope, date: change.date, kind: change.kind, undone: change.undone }, deadlines: list },
      at: now,
    });
    const c = byCase.get(caseId)!;
    tx.afterCommit(() => ctx.realtime.caseChanged(c));
  }
  return { cases: moved.size, deadlines: [...moved.values()].reduce((n, l) => n + l.length, 0) };
}
