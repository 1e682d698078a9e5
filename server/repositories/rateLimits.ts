/**
 * The rate_limits table: fixed windows of hits per key, counted in PostgreSQL so that every server
 * instance counts the same attempts. The limits themselves (how many, how long) are http/rateLimit.ts's.
 */
import { namedStatement, type Queryable } from '../db/database';

/** A window as the upsert returns it. */
export interface RateLimitWindow {
  hits: number;
  window_started_at: Date;
}

/**
 * The statement that counts one hit on a key: an upsert that starts a new window once the old one is
 * over, and returns the window's hits and start. `key`, `now` and `windowStart` name its parameters
 * (`$1`…), so that the filing's first read can count its hit in the same statement (filings.ts).
 * With `optional`, a NULL key counts nothing (and returns no row).
 */
export function rateLimitUpsert(key: string, now: string, windowStart: string, optional = false): string {
  return `INSERT INTO rate_limits (key, window_started_at, hits) ${optional ? `SELECT ${key}::text, ${now}::timestamptz, 1 WHERE ${key}::text IS NOT NULL` : `VALUES (${key}, ${now}, 1)`}
   ON CONFLICT (key) DO UPDATE SET
     hits = CASE WHEN rate_limits.window_started_at <= ${windowStart} THEN 1 ELSE rate_limits.hits + 1 END,
     window_started_at = CASE WHEN rate_limits.window_started_at <= ${windowStart} THEN ${now} ELSE rate_limits.window_started_at END
   RETURNING hits, window_started_at`;
}

// Every filing, sign-up and token request counts a hit: kept prepared on each connection.
const HIT = namedStatement('rate_limit_hit', rateLimitUpsert('$1', '$2', '$3'));

/** Counts one hit on `key` at `now`, in a new window when the one holding it started at or before `windowStart`. */
export function countHit(db: Queryable, key: string, now: Date, windowStart: Date): Promise<RateLimitWindow> {
  return db.one<RateLimitWindow>(HIT, [key, now, windowStart]);
}
