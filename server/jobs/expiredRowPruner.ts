/**
 * Deletes what has outlived its use (issue #15 §6): expired sessions, rate-limit windows and guess
 * counters long over, receipt-key copies kept for a lost answer past their day, and invitation and
 * password-reset links past their expiry. A few thousand rows per table per run, so no run holds a
 * table for long; what is left goes on the next run.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { deleteExpiredRows, PRUNED_TABLES } from '../repositories/retention';

/** Rows deleted per table in one run. */
const BATCH = 5_000;
/** Longer than any rate-limit window (the longest is an hour) and any guess-forgetting time. */
const COUNTER_KEEP_MS = 24 * 60 * 60 * 1000;

/** One pruning run; returns how many rows went from each table. */
export async function pruneExpiredRows(ctx: AppContext, signal?: AbortSignal): Promise<Record<string, number>> {
  const now = ctx.clock.now();
  const pruned: Record<string, number> = { sessions: await ctx.sessions.prune() };
  for (const table of PRUNED_TABLES) {
    if (signal?.aborted) break;
    pruned[table] = await deleteExpiredRows(ctx.db, table, now, new Date(now.getTime() - COUNTER_KEEP_MS), BATCH);
  }
  if (Object.values(pruned).some((n) => n > 0)) logger.info('expired rows pruned', pruned);
  return pruned;
}
