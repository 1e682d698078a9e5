/**
 * Keeps `business_days` (the SQL copy of the calendar the oversight medians count with) equal to
 * shared/calendar.ts plus the national holidays administrators recorded, over every date a case can
 * have: from the earliest case (never after 2015) to YEARS_AHEAD years after today or the latest due
 * date. Run at start, periodically, and inside every national holiday change. The table only grows.
 *
 * Several servers may start at once: the check reads one row, and whoever finds the table stale
 * regenerates it under a transaction-level advisory lock, re-checking inside it, so the others find
 * it done. Only rows whose ordinal changed are written.
 */
import crypto from 'node:crypto';
import { bogotaDate, businessDayOrdinals } from '../../shared/calendar';
import type { Database, Queryable, Tx } from '../db/database';
import { findCalendarInputs, lockCalendar, writeBusinessDays, type BusinessDaysState } from '../repositories/holidays';
import { logger } from '../logger';

/** The table never starts after this day (migration 0006 started it here). */
const EARLIEST_FIRST_DAY = '2015-01-01';
/** Years covered after today or the latest due date, whichever is later (to 31 December). */
const YEARS_AHEAD = 20;

function minDate(...dates: (string | null | undefined)[]): string {
  return dates.filter((d): d is string => Boolean(d)).sort()[0]!;
}

function maxDate(...dates: (string | null | undefined)[]): string {
  return dates
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1)!;
}

/** The table as it should be: its span, its ordinals and their digest. */
interface Plan extends BusinessDaysState {
  ordinals: number[];
}

async function plan(q: Queryable, now: Date): Promise<{ plan: Plan; current: BusinessDaysState | null }> {
  const { state: current, firstCase, lastDue, national } = await findCalendarInputs(q);
  const firstDay = minDate(EARLIEST_FIRST_DAY, current?.firstDay, firstCase ? `${firstCase.slice(0, 4)}-01-01` : null);
  const lastYear = Number(maxDate(bogotaDate(now), lastDue).slice(0, 4)) + YEARS_AHEAD;
  const lastDay = maxDate(`${lastYear}-12-31`, current?.lastDay);
  // The convention of migration 0006: business days from firstDay up to and including each date.
  const ordinals = businessDayOrdinals(firstDay, lastDay, {
    extraHolidays: national.filter((h) => h.kind === 'added').map((h) => h.date),
    removedHolidays: national.filter((h) => h.kind === 'removed').map((h) => h.date),
  });
  const digest = crypto
    .createHash('sha256')
    .update(`${firstDay}:${ordinals.join(',')}`)
    .digest('hex');
  return { plan: { firstDay, lastDay, digest, ordinals }, current };
}

function upToDate(p: Plan, current: BusinessDaysState | null): boolean {
  return current !== null && current.digest === p.digest && current.firstDay === p.firstDay && current.lastDay === p.lastDay;
}

/**
 * Inside a transaction that holds the calendar's lock (lockCalendar) (a holiday change, or the start-up check): brings the
 * table in line with the calendar this transaction sees. Returns whether anything was written.
 */
export async function refreshBusinessDays(tx: Tx, now: Date): Promise<boolean> {
  const { plan: p, current } = await plan(tx, now);
  if (upToDate(p, current)) return false;
  await writeBusinessDays(tx, p.firstDay, p.ordinals, { firstDay: p.firstDay, lastDay: p.lastDay, digest: p.digest }, now);
  return true;
}

/**
 * At start and periodically: checks the table with one read and regenerates it only when the rules,
 * the national holidays or the dates of cases call for it. Returns whether it wrote.
 */
export async function syncBusinessDays(db: Database, now: Date): Promise<boolean> {
  const started = performance.now();
  const { plan: p, current } = await plan(db, now);
  if (upToDate(p, current)) return false;
  const wrote = await db.transaction(async (tx) => {
    await lockCalendar(tx);
    return refreshBusinessDays(tx, now);
  });
  if (wrote) {
    logger.info('business days regenerated', { firstDay: p.firstDay, lastDay: p.lastDay, ms: Math.round(performance.now() - started) });
  }
  return wrote;
}
