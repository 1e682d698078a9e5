/**
 * Keeps the oversight summary tables (migration 0024) small and in step with the calendar: recounts
 * the durations of mechanisms whose holidays changed (readers count from the rows meanwhile), then
 * folds the rows each change appended into one per group. Figures are exact whether it has run or
 * not; it only keeps reading them cheap. Safe on several servers: the fold takes an advisory lock,
 * and a recount of rows already recounted changes nothing.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { keepOversightTallies } from '../repositories/oversightTallies';

/** How often the keeper looks: a minute of changes is a few thousand appended rows at national volume. */
export const OVERSIGHT_TALLY_INTERVAL_MS = 60_000;

/** One run of the keeper. */
export async function keepOversightTalliesJob(ctx: AppContext): Promise<void> {
  const { recounted, folded } = await keepOversightTallies(ctx.db);
  if (recounted > 0) logger.info('oversight durations recounted after a calendar change', { recounted });
  if (folded > 0) logger.debug('oversight tallies folded', { folded });
}
