/**
 * Keeping times and what has outlived them: each mechanism's retention of identities, closed cases whose complainant identity is due for redaction
 * (jobs/identityRetention.ts) and expired rows of the housekeeping tables (jobs/expiredRowPruner.ts).
 */
import type { Queryable } from '../db/database';
import type { CaseStatus } from '../../shared/caseLifecycle';

/** How many days after closure a mechanism keeps complainants' identities; null: for good. */
export async function findIdentityRetention(db: Queryable, mechanismId: string): Promise<number | null> {
  return (await db.one<{ days: number | null }>('SELECT identity_retention_days AS days FROM mechanisms WHERE id = $1', [mechanismId])).days;
}

/** Sets how many days after closure a mechanism keeps complainants' identities (null: for good). */
export async function setIdentityRetention(db: Queryable, mechanismId: string, days: number | null): Promise<void> {
  await db.query('UPDATE mechanisms SET identity_retention_days = $2 WHERE id = $1', [mechanismId, days]);
}

/**
 * Up to `limit` cases, in id order, in one of `finalStatuses` whose mechanism keeps identities for a
 * set number of days that have passed at `now` since the case reached its status, not yet redacted.
 */
export async function casesDueForRedaction(db: Queryable, now: Date, finalStatuses: readonly CaseStatus[], limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT c.id FROM cases c JOIN mechanisms m ON m.id = c.mechanism_id
     WHERE m.identity_retention_days IS NOT NULL AND c.identity_redacted_at IS NULL AND c.status = ANY($2::text[])
       AND (SELECT max(e.created_at) FROM case_events e WHERE e.case_id = c.id AND e.to_status = c.status)
           + make_interval(days => m.identity_retention_days) <= $1
     ORDER BY c.id LIMIT $3`,
    [now, finalStatuses, limit],
  );
  return rows.map((r) => r.id);
}

// Each: the table, its key column, and which rows are over (p.now, and p.keep = the counters' cut-off).
const EXPIRED = {
  rate_limits: { key: 'key', over: 'window_started_at < p.keep' },
  guess_throttle: { key: 'key', over: 'last_failure_at < p.keep AND (blocked_until IS NULL OR blocked_until <= p.now)' },
  filing_receipts: { key: 'idempotency_key', over: 'expires_at <= p.now' },
  invitations: { key: 'id', over: 'expires_at <= p.now' },
  password_resets: { key: 'id', over: 'expires_at <= p.now' },
} as const;

/** The tables whose expired rows are pruned, in the order a run goes through them. */
export type PrunedTable = keyof typeof EXPIRED;

/** Every table with rows that expire. */
export const PRUNED_TABLES = Object.keys(EXPIRED) as PrunedTable[];

/**
 * Deletes up to `limit` rows of `table` that are over at `now` (counters: last touched before
 * `keepCountersFrom`); returns how many went.
 */
export async function deleteExpiredRows(db: Queryable, table: PrunedTable, now: Date, keepCountersFrom: Date, limit: number): Promise<number> {
  const { key, over } = EXPIRED[table];
  const rows = await db.query(
    `WITH p AS (SELECT $1::timestamptz AS now, $2::timestamptz AS keep)
     DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table}, p WHERE ${over} LIMIT $3) RETURNING 1`,
    [now, keepCountersFrom, limit],
  );
  return rows.length;
}
