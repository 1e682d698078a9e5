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
  const counted = await countRateLimitHit(db, key, limit, now);
  if (counted.hits > limit.max) throw new TooManyAttempts(counted.retryAfterSeconds);
}

/**
 * Counts one hit on `key` and tells how many the current window holds and when it ends, for callers
 * that answer a flood once (the hit just over the limit) instead of refusing every request.
 */
export async function countRateLimitHit(db: Queryable, key: string, limit: Limit, now: Date): Promise<{ hits: number; retryAfterSeconds: number }> {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const row = await db.one<{ hits: number; window_started_at: Date }>(
    `INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_started_at <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
       window_started_at = CASE WHEN rate_limits.window_started_at <= $3 THEN $2 ELSE rate_limits.window_started_at END
     RETURNING hits, window_started_at`,
    [key, now, windowStart],
  );
  const retryAfterMs = row.window_started_at.getTime() + limit.windowMs - now.getTime();
  return { hits: row.hits, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}
