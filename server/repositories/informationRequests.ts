/** Formal requests for information to the complainant (Ley 1755 de 2015, art. 17): SQL in one place. */
import type { Queryable } from '../db/database';
import { rawSql, sql, type SqlFragment } from '../db/sql';

/** How an information request ended. */
export type InformationRequestClosing = 'answered' | 'resumed' | 'case_closed' | 'lapsed';

/** An information request as stored. */
export interface InformationRequestRow {
  id: string;
  caseId: string;
  askedByUserId: string;
  askedByRole: 'liaison' | 'ombudsman';
  question: string;
  messageId: number;
  askedAt: Date;
  lapsesOn: string;
  lapsesAt: Date;
  /** The calendar months given to answer (the policy when asked). */
  waitMonths: number;
  pausedClock: boolean;
  closedAt: Date | null;
  closedHow: InformationRequestClosing | null;
}

const SELECT_REQUEST = `
  SELECT id, case_id AS "caseId", asked_by_user_id AS "askedByUserId", asked_by_role AS "askedByRole", question,
         message_id AS "messageId", asked_at AS "askedAt", lapses_on AS "lapsesOn", lapses_at AS "lapsesAt",
         wait_months AS "waitMonths", paused_clock AS "pausedClock", closed_at AS "closedAt", closed_how AS "closedHow"
  FROM information_requests`;

/** The case's open request (at most one), without locking: for presenting. */
export function findOpenInformationRequest(db: Queryable, caseId: string): Promise<InformationRequestRow | undefined> {
  return db.maybeOne<InformationRequestRow>(`${SELECT_REQUEST} WHERE case_id = $1 AND closed_at IS NULL`, [caseId]);
}

/** The case's open request, locked for the rest of the transaction. */
export function findOpenInformationRequestForUpdate(tx: Queryable, caseId: string): Promise<InformationRequestRow | undefined> {
  return tx.maybeOne<InformationRequestRow>(`${SELECT_REQUEST} WHERE case_id = $1 AND closed_at IS NULL FOR UPDATE`, [caseId]);
}

/** One request by id, read fresh (the sweeper re-reads it after claiming it). */
export function findInformationRequest(tx: Queryable, id: string): Promise<InformationRequestRow | undefined> {
  return tx.maybeOne<InformationRequestRow>(`${SELECT_REQUEST} WHERE id = $1`, [id]);
}

/** A request about to be stored: a row before it has an id and while it is open. */
export type NewInformationRequest = Omit<InformationRequestRow, 'id' | 'closedAt' | 'closedHow'>;

/** Stores a new open request and returns its id (the unique index refuses a second open one). */
export async function insertInformationRequest(tx: Queryable, r: NewInformationRequest): Promise<string> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO information_requests (case_id, asked_by_user_id, asked_by_role, question, message_id, asked_at, lapses_on, lapses_at, wait_months, paused_clock)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [r.caseId, r.askedByUserId, r.askedByRole, r.question, r.messageId, r.askedAt, r.lapsesOn, r.lapsesAt, r.waitMonths, r.pausedClock],
  );
  return row.id;
}

/** Closes an open request; `answerMessageId` is the complainant's reply when it was answered. */
export async function closeInformationRequest(
  tx: Queryable,
  id: string,
  how: InformationRequestClosing,
  at: Date,
  answerMessageId: number | null = null,
): Promise<void> {
  await tx.query('UPDATE information_requests SET closed_at = $2, closed_how = $3, answer_message_id = $4 WHERE id = $1 AND closed_at IS NULL', [
    id,
    at,
    how,
    answerMessageId,
  ]);
}

/**
 * Claims up to `limit` open requests whose answer time has passed, locking each request and its case;
 * rows another transaction holds are skipped, never waited for (see claimDueDeadlines). `only` narrows
 * the claim to these requests (a failed batch retried in halves).
 */
export function claimLapsedInformationRequests(
  tx: Queryable,
  now: Date,
  limit: number,
  skip: string[],
  only: string[] | null = null,
): Promise<{ id: string; caseId: string }[]> {
  return tx.query<{ id: string; caseId: string }>(
    `SELECT r.id, r.case_id AS "caseId" FROM information_requests r JOIN cases c ON c.id = r.case_id
     WHERE r.closed_at IS NULL AND r.lapses_at < $1 AND NOT (r.id = ANY($3::uuid[])) AND ($4::uuid[] IS NULL OR r.id = ANY($4::uuid[]))
     ORDER BY r.lapses_at
     LIMIT $2
     FOR UPDATE OF r, c SKIP LOCKED`,
    [now, limit, skip, only],
  );
}

/**
 * The open, not yet lapsed requests of these cases whose last day to answer may move when `date`
 * changes in the calendar: the day is that last day, or one of the non-business days before it that
 * pushed it there (Ley 4 de 1913, art. 62). Locked; the caller holds the cases' locks already.
 */
export function openRequestsNearForUpdate(tx: Queryable, caseIds: string[], date: string, now: Date): Promise<InformationRequestRow[]> {
  return tx.query<InformationRequestRow>(
    sql`${rawSql(SELECT_REQUEST)} r WHERE r.case_id = ANY(${caseIds}::uuid[]) AND ${requestNearDaySql(date, now)} ORDER BY r.case_id FOR UPDATE`,
  );
}

/**
 * The condition of an open, unlapsed request `r` whose last day to answer `date` may decide: the day
 * itself or the non-business days just before it (LAPSE_SHIFT_DAYS).
 */
export function requestNearDaySql(date: string, now: Date): SqlFragment {
  return sql`r.closed_at IS NULL AND r.lapses_at >= ${now}
    AND r.lapses_on BETWEEN ${date}::date AND ${date}::date + ${rawSql(String(LAPSE_SHIFT_DAYS))}`;
}

/** Moves an open request's last day to answer (a calendar change moved it). */
export async function updateInformationLapse(tx: Queryable, id: string, lapsesOn: string, lapsesAt: Date): Promise<void> {
  await tx.query('UPDATE information_requests SET lapses_on = $2, lapses_at = $3 WHERE id = $1 AND closed_at IS NULL', [id, lapsesOn, lapsesAt]);
}

/**
 * The most calendar days a last day to answer can sit after the date its months reach (a run of
 * non-business days: Holy Thursday to Easter Monday, or a long weekend next to new local holidays),
 * with room to spare. Used only to narrow the search; the exact date is recounted.
 */
export const LAPSE_SHIFT_DAYS = 15;
