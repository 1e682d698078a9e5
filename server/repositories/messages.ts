/** A case's thread and how far each reader has read it (case_messages, case_reads). SQL in one place; plain objects out. */
import { SESSION_DIGEST, type UserRecord } from './users';
import { namedStatement, type Queryable, type Tx } from '../db/database';
import type { AuthorRole, MessageVisibility, ThreadEntryKind } from '../../shared/types/dialogue';
import type { CaseActor } from '../policies/casePolicy';
import { visibleEntriesSql } from '../policies/messagePolicy';
import { rawSql, sql, type SqlFragment } from '../db/sql';
import { linkedFilesSql, type LinkedFile } from './linkedFiles';

/** A thread entry as stored, with its author's display name (ciphertext: the presenter opens it). */
export interface MessageRow {
  id: number;
  caseId: string;
  kind: ThreadEntryKind;
  authorUserId: string | null;
  authorNameCiphertext: string | null;
  authorRole: AuthorRole;
  visibility: MessageVisibility;
  internalOrg: string | null;
  body: string | null;
  data: Record<string, unknown>;
  duringMediation: boolean;
  clientKey: string | null;
  attachments: LinkedFile[];
  createdAt: Date;
}

/** The columns of a thread entry read from `m` (a table or a CTE of case_messages rows) with its author `u`, but its files. */
const ENTRY_COLUMNS = `
  SELECT m.id, m.case_id AS "caseId", m.kind, m.author_user_id AS "authorUserId",
         -- A redacted identity (server/habeas/identityRedactor.ts) names no author: the message stays, by role.
         CASE WHEN u.redacted_at IS NOT NULL
                OR (m.author_role = 'complainant' AND EXISTS (SELECT 1 FROM cases rc WHERE rc.id = m.case_id AND rc.identity_redacted_at IS NOT NULL))
              THEN NULL ELSE u.name_ciphertext END AS "authorNameCiphertext",
         m.author_role AS "authorRole", m.visibility, m.internal_org AS "internalOrg", m.body, m.data,
         m.during_mediation AS "duringMediation", m.client_key AS "clientKey", m.created_at AS "createdAt"`;

/** ENTRY_COLUMNS with the entry's files. */
const MESSAGE_COLUMNS = `${ENTRY_COLUMNS}, ${linkedFilesSql('message_id', 'm.id')} AS attachments`;

const SELECT_MESSAGE = `${MESSAGE_COLUMNS} FROM case_messages m LEFT JOIN users u ON u.id = m.author_user_id`;

/** A new thread entry. */
export interface NewThreadEntry {
  caseId: string;
  kind: ThreadEntryKind;
  authorUserId: string | null;
  authorRole: AuthorRole;
  visibility: MessageVisibility;
  internalOrg: string | null;
  body: string | null;
  data?: Record<string, unknown>;
  duringMediation: boolean;
  clientKey: string | null;
  at: Date;
  /** Its notices are written after commit (notifier.writeMessageNotices): noted in message_notices_pending with it. */
  noticesPending?: boolean;
  /**
   * Lock and return the case's open request for information with the entry (a message by the complainant's
   * side answers it): the statement after the case's lock sees every request committed before it.
   */
  withOpenInformationRequest?: boolean;
  /**
   * The transaction's last statement, COMMIT sent with it (Tx.queryAndCommit). Then nothing is written
   * when, with `withOpenInformationRequest`, the case has a request open: the entry would answer it, which
   * takes statements after the insert (the caller writes it the usual way instead).
   */
  lastInTransaction?: boolean;
  /**
   * Written only while the case's row is still this version (repositories/cases VersionedCase): for an
   * entry decided on a case row read before the lock, sent before the lock's answer.
   */
  caseVersion?: string;
  /**
   * Written only while this session row is still this digest (SESSION_DIGEST: the same data and account)
   * and unexpired at `at`: for an entry decided on a session this server read lately, not read again
   * (PgSessionStore.recentSession).
   */
  session?: { sid: string; digest: string };
}

/** An entry just written, and the id of the case's open information request, locked (when asked for; else null). */
export type InsertedThreadEntry = MessageRow & { openInformationRequestId: string | null };

// Inserted and read back with its author in one statement (a round trip less on every post), parsed and
// planned once per connection. $14: write nothing when the request found is open (lastInTransaction); $15:
// nothing unless the case's row is this version (caseVersion); $16, $17: nothing unless that session is
// unchanged and unexpired (session). An entry just inserted has no files (a file links to an entry that
// exists: appendThreadEntry links them after, and reads the entry again), so their lookup is not made.
const INSERT_ENTRY = namedStatement(
  'thread_entry_insert',
  `WITH open_request AS (SELECT id FROM information_requests WHERE case_id = $1 AND closed_at IS NULL AND $13 FOR UPDATE),
   m AS (
     INSERT INTO case_messages (case_id, kind, author_user_id, author_role, visibility, internal_org, body, data, during_mediation, client_key, created_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
     WHERE NOT ($14 AND EXISTS (SELECT 1 FROM open_request))
       AND ($15::text IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = $1 AND md5(c::text) = $15))
       AND ($17::text IS NULL OR EXISTS (SELECT 1 FROM sessions s WHERE s.sid = $16 AND s.expires_at > $11 AND ${SESSION_DIGEST} = $17))
     ON CONFLICT (case_id, (COALESCE(author_user_id::text, author_role)), client_key) WHERE client_key IS NOT NULL DO NOTHING
     RETURNING *),
   pending AS (INSERT INTO message_notices_pending (message_id, created_at) SELECT id, created_at FROM m WHERE $12)
   ${ENTRY_COLUMNS}, '[]'::json AS attachments, (SELECT id FROM open_request) AS "openInformationRequestId"
   FROM m LEFT JOIN users u ON u.id = m.author_user_id`,
);

/**
 * Appends to a thread; call with the case row locked so ids commit in order within the case. Nothing is
 * written, and undefined returned, when the author already posted an entry with this client key in the
 * case (a retried POST: the unique index says so, no read before).
 */
export async function insertThreadEntry(tx: Queryable | Tx, entry: NewThreadEntry): Promise<InsertedThreadEntry | undefined> {
  const params = [
    entry.caseId,
    entry.kind,
    entry.authorUserId,
    entry.authorRole,
    entry.visibility,
    entry.internalOrg,
    entry.body,
    JSON.stringify(entry.data ?? {}),
    entry.duringMediation,
    entry.clientKey,
    entry.at,
    entry.noticesPending ?? false,
    entry.withOpenInformationRequest ?? false,
    entry.lastInTransaction ?? false,
    entry.caseVersion ?? null,
    entry.session?.sid ?? null,
    entry.session?.digest ?? null,
  ];
  if (entry.lastInTransaction) {
    if (!('queryAndCommit' in tx)) throw new Error('lastInTransaction needs a transaction');
    return (await tx.queryAndCommit<InsertedThreadEntry>(INSERT_ENTRY, params))[0];
  }
  return tx.maybeOne<InsertedThreadEntry>(INSERT_ENTRY, params);
}

/** A message whose notices are still to be written, with what decides who hears it. */
export interface PendingNoticeMessage {
  id: number;
  caseId: string;
  visibility: MessageVisibility;
  authorUserId: string | null;
}

/** Messages noted before `before` whose notices are still to be written, oldest first (the message-notices job). */
export function messagesWithPendingNotices(db: Queryable, before: Date, limit: number): Promise<PendingNoticeMessage[]> {
  return db.query<PendingNoticeMessage>(
    `SELECT m.id, m.case_id AS "caseId", m.visibility, m.author_user_id AS "authorUserId"
     FROM message_notices_pending p JOIN case_messages m ON m.id = p.message_id
     WHERE p.created_at < $1 ORDER BY p.created_at, p.message_id LIMIT $2`,
    [before, limit],
  );
}

/** One thread entry by id (after files were linked to it). */
export function findThreadEntry(db: Queryable, id: number): Promise<MessageRow | undefined> {
  return db.maybeOne<MessageRow>(`${SELECT_MESSAGE} WHERE m.id = $1`, [id]);
}

/** Who may read an entry: its case, visibility and organisation (for files sent with it). */
export function findEntryVisibility(
  db: Queryable,
  id: number,
): Promise<{ caseId: string; visibility: MessageVisibility; internalOrg: string | null } | undefined> {
  return db.maybeOne(`SELECT case_id AS "caseId", visibility, internal_org AS "internalOrg" FROM case_messages WHERE id = $1`, [id]);
}

/** The message an author already posted with this client key in this case (a retried POST). */
export function findMessageByClientKey(
  db: Queryable,
  caseId: string,
  author: { authorUserId: string | null; authorRole: AuthorRole },
  clientKey: string,
): Promise<MessageRow | undefined> {
  // The same key as the unique index: the account, or the role for an anonymous author.
  return db.maybeOne<MessageRow>(`${SELECT_MESSAGE} WHERE m.case_id = $1 AND COALESCE(m.author_user_id::text, m.author_role) = $2 AND m.client_key = $3`, [
    caseId,
    author.authorUserId ?? author.authorRole,
    clientKey,
  ]);
}

/** Entries of a case after `after` that `reader` may see, oldest first. */
export function listVisibleEntries(db: Queryable, reader: CaseActor, caseId: string, after: number, limit: number): Promise<MessageRow[]> {
  return db.query<MessageRow>(
    sql`${rawSql(SELECT_MESSAGE)} WHERE m.case_id = ${caseId} AND m.id > ${after} AND ${visibleEntriesSql(reader)} ORDER BY m.id LIMIT ${limit}`,
  );
}

/** The newest entry of a case `reader` may see, or 0. */
export async function lastVisibleEntryId(db: Queryable, reader: CaseActor, caseId: string): Promise<number> {
  const row = await db.one<{ id: number | null }>(
    sql`SELECT max(m.id) AS id FROM case_messages m WHERE m.case_id = ${caseId} AND ${visibleEntriesSql(reader)}`,
  );
  return row.id ?? 0;
}

/**
 * SQL (over the cases alias `c`) counting the entries of each case that `reader` may see, did not
 * write and has not read yet; for queues.
 */
export function unreadCountSql(reader: UserRecord): SqlFragment {
  return sql`(SELECT count(*) FROM case_messages m
           WHERE m.case_id = c.id AND m.author_user_id IS DISTINCT FROM ${reader.id}::uuid AND ${visibleEntriesSql(reader)}
             AND m.id > COALESCE((SELECT r.last_read_message_id FROM case_reads r WHERE r.case_id = c.id AND r.user_id = ${reader.id}::uuid), 0))`;
}

/** How far `userId` has read the case's thread (0 when never). */
export async function lastReadEntryId(db: Queryable, userId: string, caseId: string): Promise<number> {
  const row = await db.maybeOne<{ id: number }>('SELECT last_read_message_id AS id FROM case_reads WHERE user_id = $1 AND case_id = $2', [userId, caseId]);
  return row?.id ?? 0;
}

/** Moves the read mark forward (never back: two tabs may report out of order); returns the mark. */
export async function markRead(db: Queryable, userId: string, caseId: string, upTo: number, at: Date): Promise<number> {
  const row = await db.one<{ id: number }>(
    `INSERT INTO case_reads (user_id, case_id, last_read_message_id, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, case_id) DO UPDATE
       SET last_read_message_id = GREATEST(case_reads.last_read_message_id, EXCLUDED.last_read_message_id), updated_at = EXCLUDED.updated_at
     RETURNING last_read_message_id AS id`,
    [userId, caseId, upTo, at],
  );
  return row.id;
}
