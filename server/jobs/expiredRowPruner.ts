/**
 * Deletes what has outlived its use (issue #15 §6): expired sessions, rate-limit windows and guess
 * counters long over, receipt-key copies kept for a lost answer past their day, and invitation and
 * password-reset links past their expiry. A few thousand rows per table per run, so no run holds a
 * table for long; what is left goes on the next run.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';

/** Rows deleted per table in one run. */
const BATCH = 5_000;
/** Longer than any rate-limit window (the longest is an hour) and any guess-forgetting time. */
const COUNTER_KEEP_MS = 24 * 60 * 60 * 1000;

// Each: the table, its key column, and which rows are over (p.now, and p.keep = now − COUNTER_KEEP_MS).
const EXPIRED = [
  { table: 'rate_limits', key: 'key', over: 'window_started_at < p.keep' },
  { table: 'guess_throttle', key: 'key', over: 'last_failure_at < p.keep AND (blocked_until IS NULL OR blocked_until <= p.now)' },
  { table: 'filing_receipts', key: 'idempotency_key', over: 'expires_at <= p.now' },
  { table: 'invitations', key: 'id', over: 'expires_at <= p.now' },
  { table: 'password_resets', key: 'id', over: 'expires_at <= p.now' },
] as const;

/** One pruning run; returns how many rows went from each table. */
export async function pruneExpiredRows(ctx: AppContext, signal?: AbortSignal): Promise<Record<string, number>> {
  const now = ctx.clock.now();
  const pruned: Record<string, number> = { sessions: await ctx.sessions.prune() };
  for (const { table, key, over } of EXPIRED) {
    if (signal?.aborted) break;
    const rows = await ctx.db.query(
      `WITH p AS (SELECT $1::timestamptz AS now, $2::timestamptz AS keep)
       DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table}, p WHERE ${over} LIMIT ${BATCH}) RETURNING 1`,
      [now, new Date(now.getTime() - COUNTER_KEEP_MS)],
    );
    pruned[table] = rows.length;
  }
  if (Object.values(pruned).some((n) => n > 0)) logger.info('expired rows pruned', pruned);
  return pruned;
}
