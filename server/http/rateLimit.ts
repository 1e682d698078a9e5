/**
 * Fixed-window rate limits kept in PostgreSQL, so every server instance counts the same attempts.
 * Used for filing, sign-ups, password resets and tokens; guesses of a secret (logins, receipt keys) are
 * slowed down by guessThrottle.ts instead, which never locks the owner out.
 */
import type { Queryable } from '../db/database';
import { TooManyAttempts } from '../errors';
import { countHit, type RateLimitWindow } from '../repositories/rateLimits';

/** How many hits a key may make per window. */
export interface Limit {
  max: number;
  windowMs: number;
}

/** Counts one hit on `key`; throws TooManyAttempts (429) once the window's allowance is used up. */
export async function consumeRateLimit(db: Queryable, key: string, limit: Limit, now: Date): Promise<void> {
  refuseOverLimit(await countHit(db, key, now, windowStartFor(limit, now)), limit, now);
}

/** The window's start before which a hit on a key begins a new window. */
export function windowStartFor(limit: Limit, now: Date): Date {
  return new Date(now.getTime() - limit.windowMs);
}

/** How many hits `row`'s window holds and when it ends. */
export function windowVerdict(row: RateLimitWindow, limit: Limit, now: Date): { hits: number; retryAfterSeconds: number } {
  const retryAfterMs = new Date(row.window_started_at).getTime() + limit.windowMs - now.getTime();
  return { hits: row.hits, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/** Throws TooManyAttempts (429) when `row`'s window holds more hits than the limit allows. */
export function refuseOverLimit(row: RateLimitWindow, limit: Limit, now: Date): void {
  const counted = windowVerdict(row, limit, now);
  if (counted.hits > limit.max) throw new TooManyAttempts(counted.retryAfterSeconds);
}

/**
 * Counts one hit on `key` and tells how many the current window holds and when it ends, for callers
 * that answer a flood once (the hit just over the limit) instead of refusing every request.
 */
export async function countRateLimitHit(db: Queryable, key: string, limit: Limit, now: Date): Promise<{ hits: number; retryAfterSeconds: number }> {
  const row = await countHit(db, key, now, windowStartFor(limit, now));
  return windowVerdict(row, limit, now);
}
