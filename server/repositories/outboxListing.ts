/**
 * What the e-mail outbox and the SMS/WhatsApp outbox share as the admin sees them: the scope rule, the
 * keyset-paged list newest first, the count, and queueing failed rows again. Each outbox says only its table, columns and joins.
 */
import type { Queryable } from '../db/database';
import type { OutboxScope } from '../policies/outboxPolicy';
import type { OutboxStatus } from '../../shared/types/outbox';

// Rows without a mechanism are in every admin's scope (see outboxPolicy); `$1` is the scope's ids.
export const OUTBOX_IN_SCOPE = '(o.mechanism_id = ANY($1::uuid[]) OR o.mechanism_id IS NULL)';

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

/** What every outbox row tells the admin of its delivery, whatever it carries. */
export interface OutboxDeliveryState {
  id: number;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  mechanismId: string | null;
  mechanismName: string | null;
}

/** One outbox as listed: its table (aliased `o`), the columns to read and the joins they need. */
export interface OutboxTable {
  table: 'outbox' | 'channel_outbox';
  columns: string;
  joins: string;
}

/**
 * The newest rows in `status` within `scope`, up to `limit`, older than `before` when given (keyset
 * paging: rows that arrive or leave meanwhile neither shift nor repeat the next page). Newest first,
 * ties broken by id; served by each table's (status, created_at) index.
 */
export async function listOutboxPage<Row extends { id: number }>(
  db: Queryable,
  outbox: OutboxTable,
  scope: OutboxScope,
  status: OutboxStatus,
  limit: number,
  before: OutboxPosition | null,
): Promise<(Row & { position: OutboxPosition })[]> {
  const params: unknown[] = [scope.mechanismIds, status, limit];
  // Two texts rather than `$4 IS NULL OR …`, so the first page's plan never carries a dead condition.
  const older = before ? 'AND (o.created_at, o.id) < ($4::timestamptz, $5::bigint)' : '';
  if (before) params.push(before.createdAt, before.id);
  const rows = await db.query<Row & { positionAt: string }>(
    `SELECT ${outbox.columns}, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionAt"
     FROM ${outbox.table} o ${outbox.joins}
     WHERE ${OUTBOX_IN_SCOPE} AND o.status = $2 ${older} ORDER BY o.created_at DESC, o.id DESC LIMIT $3`,
    params,
  );
  return rows.map(({ positionAt, ...row }) => ({ ...(row as unknown as Row), position: { createdAt: positionAt, id: row.id } }));
}

/** How many rows of `table` within `scope` are in `status` (the list's total; the overview's failed count). */
export async function countOutboxRows(db: Queryable, table: OutboxTable['table'], scope: OutboxScope, status: OutboxStatus): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} o WHERE ${OUTBOX_IN_SCOPE} AND o.status = $2`, [scope.mechanismIds, status])).n;
}

/**
 * Queues failed rows of `outbox` within `scope` again — one (`id`) or all (`id` null) — as if new:
 * pending, no attempts, due at `at`; none for which `unless` (a fixed condition on `o`) holds. Returns
 * the rows queued, by id; none when `id` is not a failed row in scope.
 */
export function requeueFailedRows<Row>(
  db: Queryable,
  outbox: OutboxTable,
  scope: OutboxScope,
  id: number | null,
  at: Date,
  unless: string | null = null,
): Promise<Row[]> {
  return db.query<Row>(
    `WITH requeued AS (
       UPDATE ${outbox.table} o SET status = 'pending', attempts = 0, next_attempt_at = $3
       WHERE ${OUTBOX_IN_SCOPE} AND o.status = 'failed' AND ($2::bigint IS NULL OR o.id = $2::bigint) ${unless ? `AND NOT ${unless}` : ''}
       RETURNING o.*)
     SELECT ${outbox.columns} FROM requeued o ${outbox.joins} ORDER BY o.id`,
    [scope.mechanismIds, id, at],
  );
}
