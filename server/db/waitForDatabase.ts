/**
 * A server started while its PostgreSQL server is away (both restarted by an orchestrator, the database
 * slower to come up) waits for it instead of exiting: it tries again with backoff, saying so in the log,
 * and starts as soon as the database answers. Any other error (wrong password, no such database) is a
 * mistake to fix, not an outage to wait out: it is thrown at once.
 */
import { isConnectionError, type Database } from './database';
import { logger } from '../logger';

/** First wait after a failed try, doubling up to the cap: quick when a database is just restarting. */
const FIRST_WAIT_MS = 500;
const MAX_WAIT_MS = 15_000;

/** Resolves once `db` answers a query; waits through connection errors, throws any other. */
export async function waitForDatabase(db: Database, options: { firstWaitMs?: number; maxWaitMs?: number } = {}): Promise<void> {
  const first = options.firstWaitMs ?? FIRST_WAIT_MS;
  const cap = options.maxWaitMs ?? MAX_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query('SELECT 1');
      if (attempt > 1) logger.info('database answers; starting', { attempts: attempt });
      return;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      const waitMs = Math.min(cap, first * 2 ** (attempt - 1));
      logger.warn('database not reachable at start; trying again', { attempt, retryInMs: waitMs, err });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
