/** In-app notifications: SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { Language, Role } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { CaseAudience } from '../policies/caseAudience';
import { openUserFields } from './users';

/** A notification row. */
export interface NotificationRow {
  id: number;
  userId: string;
  caseId: string | null;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

const SELECT_NOTIFICATION = `SELECT id, user_id AS "userId", case_id AS "caseId", kind, data, created_at AS "createdAt", read_at AS "readAt" FROM notifications`;

/** An outbox row as insertNotificationsWithEmails writes it: recipient already sealed (mailer.sealedOutboxRows). */
export interface OutboxInsert {
  seal_id: string;
  to_address_ciphertext: string;
  language: string;
  template: string;
  data: Record<string, unknown>;
  mechanism_id: string;
}

/**
 * The columns of outbox rows as the arrays that `unnest($a::uuid[], $b::text[], $c::text[], $d::text[],
 * $e::jsonb[], $f::uuid[]) AS e(seal_id, recipient, language, template, data, mechanism_id)` reads, in that order.
 */
export function outboxColumnArrays(emails: readonly OutboxInsert[]): unknown[] {
  return [
    emails.map((e) => e.seal_id),
    emails.map((e) => e.to_address_ciphertext),
    emails.map((e) => e.language),
    emails.map((e) => e.template),
    emails.map((e) => JSON.stringify(e.data)),
    emails.map((e) => e.mechanism_id),
  ];
}

/** The references of cases `ids` (the e-mails of notices that do not carry theirs name it). */
export async function caseReferences(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await q.query<{ id: string; reference: string }>('SELECT id, reference FROM cases WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((c) => [c.id, c.reference]));
}

/** Writes sealed e-mails to the outbox in one statement; their ids, in order. */
export async function insertOutboxRows(tx: Queryable, emails: readonly OutboxInsert[], at: Date): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO outbox (seal_id, to_address_ciphertext, language, template, data, mechanism_id, next_attempt_at, created_at)
     SELECT e.seal_id, e.recipient, e.language, e.template, e.data, e.mechanism_id, $7, $7
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[]) WITH ORDINALITY AS e(seal_id, recipient, language, template, data, mechanism_id, n)
     ORDER BY e.n RETURNING id`,
    [...outboxColumnArrays(emails), at],
  );
  return rows.map((r) => r.id);
}

/**
 * Writes notifications and the outbox e-mails that go with them in one statement (one round trip less
 * inside the event's transaction, which a live message waits for); returns the notifications in order.
 * With `pendingMessageId`, the notices of that message (noted in message_notices_pending when it was
 * posted): the note is deleted by the same statement, and nothing is written unless this statement
 * deleted it — a second writer (the message-notices job, another server) waits for the first one's
 * commit, then finds no note and writes nothing.
 */
export function insertNotificationsWithEmails(
  tx: Queryable,
  rows: readonly { userId: string; caseId: string | null; kind: string; data: Record<string, unknown>; at: Date }[],
  emails: readonly OutboxInsert[],
  at: Date,
  pendingMessageId?: number,
): Promise<NotificationRow[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return tx.query<NotificationRow>(
    `WITH claimed AS (DELETE FROM message_notices_pending WHERE message_id = $13::bigint RETURNING message_id),
     mailed AS (
       INSERT INTO outbox (seal_id, to_address_ciphertext, language, template, data, mechanism_id, next_attempt_at, created_at)
       SELECT e.seal_id, e.recipient, e.language, e.template, e.data, e.mechanism_id, $12, $12
       FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::uuid[]) WITH ORDINALITY AS e(seal_id, recipient, language, template, data, mechanism_id, n)
       WHERE $13::bigint IS NULL OR EXISTS (SELECT 1 FROM claimed)
       ORDER BY e.n
     )
     INSERT INTO notifications (user_id, case_id, kind, data, created_at)
     SELECT n.user_id, n.case_id, n.kind, n.data, n.created_at
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY AS n(user_id, case_id, kind, data, created_at, i)
     WHERE $13::bigint IS NULL OR EXISTS (SELECT 1 FROM claimed)
     ORDER BY n.i
     RETURNING id, user_id AS "userId", case_id AS "caseId", kind, data, created_at AS "createdAt", read_at AS "readAt"`,
    [
      rows.map((r) => r.userId),
      rows.map((r) => r.caseId),
      rows.map((r) => r.kind),
      rows.map((r) => JSON.stringify(r.data)),
      rows.map((r) => r.at),
      ...outboxColumnArrays(emails),
      at,
      pendingMessageId ?? null,
    ],
  );
}

/** Deletes the note that a message's notices are still to be written (when they reach nobody). */
export async function releasePendingNotices(tx: Queryable, messageId: number): Promise<void> {
  await tx.query('DELETE FROM message_notices_pending WHERE message_id = $1', [messageId]);
}

/** A user's notifications: every unread one, then the latest read ones, up to `limit`. */
export function listNotifications(db: Queryable, userId: string, limit: number): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(`${SELECT_NOTIFICATION} WHERE user_id = $1 ORDER BY (read_at IS NULL) DESC, created_at DESC, id DESC LIMIT $2`, [
    userId,
    limit,
  ]);
}

/** How many notifications a user has not read. */
export async function countUnread(db: Queryable, userId: string): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId])).n;
}

/** Marks some of a user's notifications read (others' ids are silently ignored); all when `ids` is null. */
export async function markRead(db: Queryable, userId: string, ids: readonly number[] | null, at: Date): Promise<number> {
  const rows = await db.query(
    `UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[])) RETURNING id`,
    [userId, ids, at],
  );
  return rows.length;
}

/** Who a notification can reach: an active account, with its language for e-mails. */
export interface Recipient {
  id: string;
  role: Role;
  /** Null for accounts opened with a phone number only: they are told in the app. */
  email: string | null;
  displayName: string;
  language: Language;
  /** Which kinds of e-mail the person wants (users.email_preferences). */
  emailPreferences: Partial<Record<string, boolean>> | null;
}

/** The active accounts among `ids`. */
export async function findRecipients(db: Queryable, cipher: FieldCipher, ids: readonly string[]): Promise<Recipient[]> {
  const rows = await db.query<Recipient>(`${SELECT_RECIPIENT} WHERE id = ANY($1::uuid[]) AND active ORDER BY id`, [ids]);
  return rows.map((row) => openUserFields(cipher, row));
}

const SELECT_RECIPIENT = `SELECT id, role, email_ciphertext AS email, name_ciphertext AS "displayName", language,
  email_preferences AS "emailPreferences" FROM users`;

/** The active liaisons of a company, as recipients. */
export async function liaisonsOf(db: Queryable, cipher: FieldCipher, companyId: string): Promise<Recipient[]> {
  const rows = await db.query<Recipient>(`${SELECT_RECIPIENT} WHERE company_id = $1 AND role = 'liaison' AND active ORDER BY id`, [companyId]);
  return rows.map((row) => openUserFields(cipher, row));
}

/** Who hears of something about a case, as policies/caseAudience decides it (named accounts and whole groups). */
export interface AudienceGroups {
  userIds: readonly string[];
  /** The company whose active liaisons hear, or null. */
  companyId: string | null;
  /** The mechanism whose active officers hear, or null. */
  ombudsmanOf: string | null;
}

/**
 * The accounts of an audience in one statement: the named ones (whatever their state, as callers
 * filter), the company's active liaisons, the mechanism's active officers.
 */
const AUDIENCE_WHERE = `(id = ANY($1::uuid[])
  OR (active AND role = 'liaison' AND company_id = $2::uuid)
  OR (active AND role = 'ombudsman' AND mechanism_id = $3::uuid))`;

function audienceParams(audience: AudienceGroups): unknown[] {
  return [audience.userIds, audience.companyId, audience.ombudsmanOf];
}

/** The ids of an audience's accounts (one statement, however many groups). */
export async function audienceUserIds(db: Queryable, audience: AudienceGroups): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM users WHERE ${AUDIENCE_WHERE}`, audienceParams(audience));
  return rows.map((r) => r.id);
}

/**
 * The active accounts of an audience, as recipients (one statement, read once for the notices and the
 * e-mails), their e-mail and name still sealed: the caller opens them (openUserFields) when it is ready to.
 */
export function sealedAudienceRecipients(db: Queryable, audience: AudienceGroups): Promise<Recipient[]> {
  return db.query<Recipient>(`${SELECT_RECIPIENT} WHERE active AND ${AUDIENCE_WHERE} ORDER BY id`, audienceParams(audience));
}

/** The mechanism of case `caseId` (which must exist). */
export async function caseMechanismId(db: Queryable, caseId: string): Promise<string> {
  return (await db.one<{ mechanismId: string }>('SELECT mechanism_id AS "mechanismId" FROM cases WHERE id = $1', [caseId])).mechanismId;
}

/** An active account that may be in a case's audience, with what decides which audiences it is in. */
export interface AudienceAccount extends Recipient {
  mechanismId: string | null;
  companyId: string | null;
}

/**
 * The active accounts of many audiences in one statement (a deadline sweep's batch): the officers and
 * liaisons of their mechanisms and the named accounts, as recipients. Who of them hears which notice is
 * decided in Node (notifications/notifier.audienceMembers), so the statements that write the notices need no join.
 */
export async function audienceAccounts(db: Queryable, cipher: FieldCipher, audiences: readonly CaseAudience[]): Promise<AudienceAccount[]> {
  const mechanisms = [...new Set(audiences.filter((a) => a.ombudsman || a.companyId !== null).map((a) => a.mechanismId))];
  const named = [...new Set(audiences.flatMap((a) => a.userIds))];
  const rows = await db.query<AudienceAccount>(
    `SELECT id, role, email_ciphertext AS email, name_ciphertext AS "displayName", language, email_preferences AS "emailPreferences",
       mechanism_id AS "mechanismId", company_id AS "companyId"
     FROM users WHERE active AND ((role IN ('ombudsman', 'liaison') AND mechanism_id = ANY($1::uuid[])) OR id = ANY($2::uuid[]))
     ORDER BY id`,
    [mechanisms, named],
  );
  return rows.map((row) => openUserFields(cipher, row));
}
