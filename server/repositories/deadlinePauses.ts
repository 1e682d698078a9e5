/**
 * The windows in which a deadline's clock stood still (`deadline_pauses`, migration 0022): opened when
 * it stops, closed with the business days it added when it restarts, recounted when the calendar
 * changes. `case_deadlines.paused_business_days` stays the sum the due date is counted from.
 */
import { bogotaDate } from '../../shared/calendar';
import type { Queryable } from '../db/database';

/** A window that has ended, with the business days it added to its deadline's term. */
export interface EndedPauseWindow {
  id: string;
  deadlineId: string;
  pausedOn: string;
  resumedOn: string;
  businessDays: number;
}

/** Opens a window for each of `deadlineIds`, whose clock stopped at `at`. */
export async function openPauseWindows(tx: Queryable, deadlineIds: string[], at: Date): Promise<void> {
  if (deadlineIds.length === 0) return;
  await tx.query(`INSERT INTO deadline_pauses (deadline_id, paused_at, paused_on) SELECT unnest($1::uuid[]), $2, $3::date`, [deadlineIds, at, bogotaDate(at)]);
}

/**
 * Closes the open window of a deadline whose clock restarts at `at`, recording the business days it
 * added. A deadline paused before migration 0022 has no open window: its window is recorded whole from
 * `pausedAt`, the stop the deadline row kept.
 */
export async function closePauseWindow(tx: Queryable, deadlineId: string, pausedAt: Date, at: Date, businessDays: number): Promise<void> {
  const closed = await tx.query<{ id: string }>(
    `UPDATE deadline_pauses SET resumed_at = $2, resumed_on = $3::date, business_days = $4
     WHERE deadline_id = $1 AND resumed_at IS NULL RETURNING id`,
    [deadlineId, at, bogotaDate(at), businessDays],
  );
  if (closed.length > 0) return;
  await tx.query(
    `INSERT INTO deadline_pauses (deadline_id, paused_at, paused_on, resumed_at, resumed_on, business_days)
     VALUES ($1, $2, $3::date, $4, $5::date, $6)`,
    [deadlineId, pausedAt, bogotaDate(pausedAt), at, bogotaDate(at), businessDays],
  );
}

/** The ended windows of `deadlineIds`, locked with their deadlines (the caller holds those). */
export function endedPauseWindowsForUpdate(tx: Queryable, deadlineIds: string[]): Promise<EndedPauseWindow[]> {
  if (deadlineIds.length === 0) return Promise.resolve([]);
  return tx.query<EndedPauseWindow>(
    `SELECT id, deadline_id AS "deadlineId", paused_on AS "pausedOn", resumed_on AS "resumedOn", business_days AS "businessDays"
     FROM deadline_pauses WHERE deadline_id = ANY($1::uuid[]) AND resumed_at IS NOT NULL ORDER BY deadline_id, paused_at, id FOR UPDATE`,
    [deadlineIds],
  );
}

/** Stores a window's business days recounted under a changed calendar. */
export async function recountPauseWindow(tx: Queryable, id: string, businessDays: number): Promise<void> {
  await tx.query('UPDATE deadline_pauses SET business_days = $2 WHERE id = $1', [id, businessDays]);
}
