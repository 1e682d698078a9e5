/**
 * National holidays recorded by administrators and the `business_days` table the SQL figures count
 * with: SQL in one place. Mechanism holidays stay with the deadline policy (repositories/deadlines.ts).
 */
import type { CalendarOptions } from '../../shared/calendar';
import type { NationalHolidayDto } from '../../shared/types/holidays';
import type { NationalHolidayInput } from '../../shared/validation/holidays';
import type { Queryable } from '../db/database';

/** The advisory lock every calendar change and business-day regeneration takes (any fixed number). */
const CALENDAR_LOCK = 7_251_013;

/** Takes the calendar's lock until the transaction ends: calendar changes and regenerations go one at a time. */
export async function lockCalendar(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK]);
}

/** Every national holiday recorded, by date. */
export async function listNationalHolidays(db: Queryable): Promise<NationalHolidayDto[]> {
  const rows = await db.query<Omit<NationalHolidayDto, 'createdAt'> & { createdAt: Date }>(
    'SELECT date, kind, name, law, created_at AS "createdAt" FROM national_holidays ORDER BY date',
  );
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** The national adjustments in the form shared/calendar.ts takes (the built-in rules need none). */
export async function nationalCalendar(db: Queryable): Promise<CalendarOptions> {
  const rows = await db.query<{ date: string; kind: 'added' | 'removed' }>('SELECT date, kind FROM national_holidays ORDER BY date');
  return {
    extraHolidays: rows.filter((r) => r.kind === 'added').map((r) => r.date),
    removedHolidays: rows.filter((r) => r.kind === 'removed').map((r) => r.date),
  };
}

/** Whether a change is already recorded for this date. */
export async function nationalHolidayExists(db: Queryable, date: string): Promise<boolean> {
  return (await db.maybeOne('SELECT 1 FROM national_holidays WHERE date = $1', [date])) !== undefined;
}

/** Records a national holiday change. */
export async function insertNationalHoliday(tx: Queryable, holiday: NationalHolidayInput, by: string, at: Date): Promise<void> {
  await tx.query(`INSERT INTO national_holidays (date, kind, name, law, created_by_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    holiday.date,
    holiday.kind,
    holiday.name,
    holiday.law,
    by,
    at,
  ]);
}

/** Removes the change recorded for a date and returns it; undefined when there was none. */
export function deleteNationalHoliday(tx: Queryable, date: string): Promise<{ date: string; kind: 'added' | 'removed'; law: string } | undefined> {
  return tx.maybeOne('DELETE FROM national_holidays WHERE date = $1 RETURNING date, kind, law', [date]);
}

/** What `business_days` covers and the digest of its ordinals, or undefined before it was first generated. */
export interface BusinessDaysState {
  firstDay: string;
  lastDay: string;
  digest: string;
}

/** What deciding the span and content of `business_days` needs, read in one query (it runs at every start). */
export interface CalendarInputs {
  state: BusinessDaysState | null;
  /** Bogota date of the earliest case, if any. */
  firstCase: string | null;
  /** The latest due date of any deadline, if any. */
  lastDue: string | null;
  national: { date: string; kind: 'added' | 'removed' }[];
}

/** Reads the table's recorded state, the span of case dates and the national holidays on record. */
export async function findCalendarInputs(db: Queryable): Promise<CalendarInputs> {
  const row = await db.one<Omit<CalendarInputs, 'national'> & { national: CalendarInputs['national'] | null }>(
    `SELECT (SELECT json_build_object('firstDay', first_day, 'lastDay', last_day, 'digest', digest) FROM business_days_state) AS state,
            ((SELECT min(created_at) FROM cases) AT TIME ZONE 'UTC' - interval '5 hours')::date AS "firstCase",
            (SELECT max(due_on) FROM case_deadlines) AS "lastDue",
            (SELECT json_agg(json_build_object('date', date, 'kind', kind) ORDER BY date) FROM national_holidays) AS national`,
  );
  return { ...row, national: row.national ?? [] };
}

/**
 * Writes the ordinals of `business_days` from `firstDay` on (one per day, in order), touching only
 * rows whose ordinal changed, records the new state, and rebuilds every mechanism's calendar_shift
 * (migration 0012), whose rows follow the national ordinals to the end of the table.
 */
export async function writeBusinessDays(tx: Queryable, firstDay: string, ordinals: number[], state: BusinessDaysState, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO business_days (day, ordinal)
     SELECT $1::date + (t.i - 1)::int, t.o FROM unnest($2::int[]) WITH ORDINALITY AS t(o, i)
     ON CONFLICT (day) DO UPDATE SET ordinal = EXCLUDED.ordinal WHERE business_days.ordinal <> EXCLUDED.ordinal`,
    [firstDay, ordinals],
  );
  // Days before the new first day would count from another origin: the table starts where the state says.
  await tx.query('DELETE FROM business_days WHERE day < $1::date', [firstDay]);
  await tx.query(
    `INSERT INTO business_days_state (singleton, first_day, last_day, digest, updated_at) VALUES (true, $1, $2, $3, $4)
     ON CONFLICT (singleton) DO UPDATE SET first_day = $1, last_day = $2, digest = $3, updated_at = $4`,
    [state.firstDay, state.lastDay, state.digest, at],
  );
  await tx.query('SELECT rebuild_calendar_shift(id) FROM mechanisms');
}
