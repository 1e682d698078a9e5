/** Habeas data requests (table `habeas_requests`, migration 0030): SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { HabeasOutcome, HabeasRequestKind } from '../../shared/habeas';

/** A request as stored, with the reference of the case it concerns. */
export interface HabeasRequestRow {
  id: string;
  mechanismId: string;
  kind: HabeasRequestKind;
  requesterUserId: string | null;
  caseId: string | null;
  caseReference: string | null;
  byReceiptKey: boolean;
  details: string | null;
  receivedOn: string;
  dueOn: string;
  extendedDueOn: string | null;
  extensionReason: string | null;
  extendedAt: Date | null;
  status: 'open' | 'answered';
  outcome: HabeasOutcome | null;
  answer: string | null;
  answeredAt: Date | null;
  createdAt: Date;
  /** Which identity fields a granted correction changed (names only). */
  correctedFields: string[] | null;
}

const SELECT_REQUEST = `
  SELECT r.id, r.mechanism_id AS "mechanismId", r.kind, r.requester_user_id AS "requesterUserId", r.case_id AS "caseId",
         c.reference AS "caseReference", r.by_receipt_key AS "byReceiptKey", r.details,
         to_char(r.received_on, 'YYYY-MM-DD') AS "receivedOn", to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn",
         to_char(r.extended_due_on, 'YYYY-MM-DD') AS "extendedDueOn", r.extension_reason AS "extensionReason",
         r.extended_at AS "extendedAt", r.status, r.outcome, r.answer, r.answered_at AS "answeredAt", r.created_at AS "createdAt",
         r.corrected_fields AS "correctedFields"
  FROM habeas_requests r LEFT JOIN cases c ON c.id = r.case_id`;

/** A new request. */
export interface NewHabeasRequest {
  mechanismId: string;
  kind: HabeasRequestKind;
  requesterUserId: string | null;
  caseId: string | null;
  details: string;
  receivedOn: string;
  dueOn: string;
  at: Date;
}

/** Stores a request and returns its id. */
export async function insertHabeasRequest(db: Queryable, r: NewHabeasRequest): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO habeas_requests (mechanism_id, kind, requester_user_id, case_id, by_receipt_key, details, received_on, due_on, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [r.mechanismId, r.kind, r.requesterUserId, r.caseId, r.requesterUserId === null, r.details, r.receivedOn, r.dueOn, r.at],
  );
  return row.id;
}

/** One request, optionally locked for a change. */
export function findHabeasRequest(db: Queryable, id: string, forUpdate = false): Promise<HabeasRequestRow | undefined> {
  return db.maybeOne<HabeasRequestRow>(`${SELECT_REQUEST} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id]);
}

/** The requests a person made: by their account, or by the receipt keys of the cases they proved. */
export function listRequestsOf(db: Queryable, userId: string | null, caseIds: readonly string[]): Promise<HabeasRequestRow[]> {
  return db.query<HabeasRequestRow>(
    `${SELECT_REQUEST} WHERE ($1::uuid IS NOT NULL AND r.requester_user_id = $1) OR (r.by_receipt_key AND r.case_id = ANY($2::uuid[]))
     ORDER BY r.created_at DESC, r.id`,
    [userId, caseIds],
  );
}

/** The staff queue of some mechanisms: open requests first by due date, then the latest answered. */
export function listQueue(db: Queryable, mechanismIds: readonly string[], limit = 200): Promise<HabeasRequestRow[]> {
  return db.query<HabeasRequestRow>(
    `${SELECT_REQUEST} WHERE r.mechanism_id = ANY($1::uuid[])
     ORDER BY r.status = 'answered', COALESCE(r.extended_due_on, r.due_on), r.answered_at DESC, r.id LIMIT $2`,
    [mechanismIds, limit],
  );
}

/** Records the announced extension of a request's term. */
export async function recordExtension(db: Queryable, id: string, dueOn: string, reason: string, by: string, at: Date): Promise<void> {
  await db.query(`UPDATE habeas_requests SET extended_due_on = $2, extension_reason = $3, extended_by_user_id = $4, extended_at = $5 WHERE id = $1`, [
    id,
    dueOn,
    reason,
    by,
    at,
  ]);
}

/** Records staff's answer, closing the request. */
export async function recordAnswer(db: Queryable, id: string, outcome: HabeasOutcome, answer: string, by: string, at: Date): Promise<void> {
  await db.query(`UPDATE habeas_requests SET status = 'answered', outcome = $2, answer = $3, answered_by_user_id = $4, answered_at = $5 WHERE id = $1`, [
    id,
    outcome,
    answer,
    by,
    at,
  ]);
}

/** Records which identity fields a granted correction changed. */
export async function recordCorrectedFields(db: Queryable, id: string, fields: readonly string[]): Promise<void> {
  await db.query('UPDATE habeas_requests SET corrected_fields = $2 WHERE id = $1', [id, fields]);
}

/**
 * The reclamos still open about a case (Ley 1581 art. 15: while one is in process the record carries the
 * legend "reclamo en trámite" and its motive): filed about the case, or by the account that filed it.
 */
export async function openReclamosAbout(
  db: Queryable,
  c: { id: string; complainantUserId: string | null },
): Promise<{ kind: HabeasRequestKind; receivedOn: string }[]> {
  return db.query(
    `SELECT kind, to_char(received_on, 'YYYY-MM-DD') AS "receivedOn" FROM habeas_requests
     WHERE status = 'open' AND kind <> 'consulta' AND (case_id = $1 OR (case_id IS NULL AND requester_user_id = $2))
     ORDER BY received_on, id`,
    [c.id, c.complainantUserId],
  );
}

/** Erases what was written in the requests about a case (its identity is being redacted). */
export async function forgetDetailsAboutCase(db: Queryable, caseId: string): Promise<void> {
  await db.query('UPDATE habeas_requests SET details = NULL WHERE case_id = $1', [caseId]);
}

/** Erases what an account wrote in its requests (the account is being redacted). */
export async function forgetDetailsOfRequester(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE habeas_requests SET details = NULL WHERE requester_user_id = $1', [userId]);
}
