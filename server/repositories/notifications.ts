/** In-app notifications: SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { Language, Role } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
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

/** Writes several notifications in one statement; call inside the transaction of the event they tell about. */
export function insertNotifications(
  tx: Queryable,
  rows: readonly { userId: string; caseId: string | null; kind: string; data: Record<string, unknown>; at: Date }[],
): Promise<NotificationRow[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return tx.query<NotificationRow>(
    `INSERT INTO notifications (user_id, case_id, kind, data, created_at)
     SELECT n.user_id, n.case_id, n.kind, n.data, n.created_at
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY AS n(user_id, case_id, kind, data, created_at, i)
     ORDER BY n.i
     RETURNING id, user_id AS "userId", case_id AS "caseId", kind, data, created_at AS "createdAt", read_at AS "readAt"`,
    [rows.map((r) => r.userId), rows.map((r) => r.caseId), rows.map((r) => r.kind), rows.map((r) => JSON.stringify(r.data)), rows.map((r) => r.at)],
  );
}

/** A user's notifications: every unread one, then the latest read ones, up to `limit`. */
export function listNotifications(db: Queryable, userId: string, limit: number): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(
    `${SELECT_NOTIFICATION} WHERE user_id = $1 ORDER BY (read_at IS NULL) DESC, created_at DESC, id DESC LIMIT $2`,
    [userId, limit],
  );
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

/** The active accounts of an audience, as recipients (one statement, read once for the notices and the e-mails). */
export async function audienceRecipients(db: Queryable, cipher: FieldCipher, audience: AudienceGroups): Promise<Recipient[]> {
  const rows = await db.query<Recipient>(`${SELECT_RECIPIENT} WHERE active AND ${AUDIENCE_WHERE} ORDER BY id`, audienceParams(audience));
  return rows.map((row) => openUserFields(cipher, row));
}

