/**
 * Fixed-window rate limits kept in PostgreSQL, so every server instance counts the same attempts.
 * Used for filing, sign-ups, password resets and tokens; guesses of a secret (logins, receipt keys) are
 * slowed down by guessThrottle.ts instead, which never locks the owner out.
 */
import type { Queryable } from '../db/database';
import { TooManyAttempts } from '../errors';

/** How many hits a key may make per window. */
export interface Limit {
  max: number;
  windowMs: number;
}

/** Counts one hit on `key`; throws TooManyAttempts (429) once the window's allowance is used up. */
export async function consumeRateLimit(db: Queryable, key: string, limit: Limit, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const row = await db.one<{ hits: number; window_started_at: Date }>(
    `INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_started_at <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
       window_started_at = CASE WHEN rate_limits.window_started_at <= $3 THEN $2 ELSE rate_limits.window_started_at END
     RETURNING hits, window_started_at`,
    [key, now, windowStart],
  );
  if (row.hits > limit.max) {
    const retryAfterMs = row.window_started_at.getTime() + limit.windowMs - now.getTime();
    throw new TooManyAttempts(Math.ceil(retryAfterMs / 1000));
  }
}
