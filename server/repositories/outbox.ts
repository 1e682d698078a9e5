/** The e-mail outbox as the admin sees and repairs it: SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { OutboxScope } from '../policies/outboxPolicy';
import type { OutboxStatus } from '../../shared/types/outbox';

/** An outbox row without its message data (which may name a case). */
export interface OutboxRow {
  id: number;
  toAddress: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  mechanismId: string | null;
  mechanismName: string | null;
}

// Rows without a mechanism are in every admin's scope (see outboxPolicy); `$1` is the scope's ids.
const IN_SCOPE = '(o.mechanism_id = ANY($1::uuid[]) OR o.mechanism_id IS NULL)';

// Read from `o` (the outbox, or the rows an UPDATE returned) joined to its mechanism `m`.
const COLUMNS = `o.id, o.to_address AS "toAddress", o.template, o.status, o.attempts, o.last_error AS "lastError",
  o.created_at AS "createdAt", o.next_attempt_at AS "nextAttemptAt", o.sent_at AS "sentAt",
  o.mechanism_id AS "mechanismId", m.name AS "mechanismName"`;

/**
 * Where a page of the list ended: the last row's creation time, to the microsecond as PostgreSQL keeps
 * it (a JavaScript Date would round it to the millisecond and skip or repeat rows), and its id, which
 * orders rows created in the same instant.
 */
export interface OutboxPosition {
  /** `YYYY-MM-DDTHH:MI:SS.uuuuuuZ`, always UTC with six fractional digits. */
  createdAt: string;
  id: number;
}

/** An outbox row as the list returns it: with its position, the cursor of the page after it. */
export interface OutboxListedRow extends OutboxRow {
  position: OutboxPosition;
}

/**
 * The newest e-mails in `status` within `scope`, up to `limit`, older than `before` when given (keyset
 * paging: rows that arrive or leave meanwhile neither shift nor repeat the next page). Newest first,
 * ties broken by id; served by outbox_status_created_idx (migration 0011).
 */
export async function listOutbox(
  db: Queryable,
  scope: OutboxScope,
  status: OutboxStatus,
  limit: number,
  before: OutboxPosition | null = null,
): Promise<OutboxListedRow[]> {
  const params: unknown[] = [scope.mechanismIds, status, limit];
  // Two texts rather than `$4 IS NULL OR …`, so the first page's plan never carries a dead condition.
  const older = before ? 'AND (o.created_at, o.id) < ($4::timestamptz, $5::bigint)' : '';
  if (before) params.push(before.createdAt, before.id);
  const rows = await db.query<OutboxRow & { positionAt: string }>(
    `SELECT ${COLUMNS}, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionAt"
     FROM outbox o LEFT JOIN mechanisms m ON m.id = o.mechanism_id
     WHERE ${IN_SCOPE} AND o.status = $2 ${older} ORDER BY o.created_at DESC, o.id DESC LIMIT $3`,
    params,
  );
  return rows.map(({ positionAt, ...row }) => ({ ...row, position: { createdAt: positionAt, id: row.id } }));
}

/** How many e-mails within `scope` are in `status` (the list's total; the overview's failed count). */
export async function countOutbox(db: Queryable, scope: OutboxScope, status: OutboxStatus): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM outbox o WHERE ${IN_SCOPE} AND o.status = $2`, [scope.mechanismIds, status])).n;
}

/**
 * Queues failed e-mails within `scope` again — one (`id`) or all (`id` null) — as if new: pending,
 * no attempts, due at `at`. Returns the rows queued; none when `id` is not a failed e-mail in scope.
 */
export function requeueFailed(db: Queryable, scope: OutboxScope, id: number | null, at: Date): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `WITH requeued AS (
       UPDATE outbox o SET status = 'pending', attempts = 0, next_attempt_at = $3
       WHERE ${IN_SCOPE} AND o.status = 'failed' AND ($2::bigint IS NULL OR o.id = $2::bigint)
       RETURNING o.*)
     SELECT ${COLUMNS} FROM requeued o LEFT JOIN mechanisms m ON m.id = o.mechanism_id ORDER BY o.id`,
    [scope.mechanismIds, id, at],
  );
}
