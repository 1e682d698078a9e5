/**
 * The counts of wrong guesses (table `guess_throttle`): failures and waits under hashed keys, one row a
 * key. SQL only; what the counts mean is decided in http/guessThrottle.ts.
 */
import type { Queryable } from '../db/database';

/** The latest time until which any of `keys` must still wait at `now`; undefined when none waits. */
export async function waitingUntil(db: Queryable, keys: readonly string[], now: Date): Promise<Date | undefined> {
  const row = await db.maybeOne<{ until: Date | null }>(
    'SELECT max(blocked_until) AS until FROM guess_throttle WHERE key = ANY($1::text[]) AND blocked_until > $2',
    [keys, now],
  );
  return row?.until ?? undefined;
}

/**
 * Counts one failure at `now` on each of `keys` in one statement (a count last touched before
 * `forgetBefore` starts over, its wait with it); the counts by key.
 */
export async function countFailures(db: Queryable, keys: readonly string[], now: Date, forgetBefore: Date): Promise<Map<string, number>> {
  const rows = await db.query<{ key: string; failures: number }>(
    `INSERT INTO guess_throttle (key, failures, last_failure_at) SELECT k, 1, $2 FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN guess_throttle.last_failure_at < $3 THEN 1 ELSE guess_throttle.failures + 1 END,
       blocked_until = CASE WHEN guess_throttle.last_failure_at < $3 THEN NULL ELSE guess_throttle.blocked_until END,
       last_failure_at = $2
     RETURNING key, failures`,
    [keys, now, forgetBefore],
  );
  return new Map(rows.map((r) => [r.key, r.failures]));
}

/** Makes each key wait until its time (never shortening a longer wait already set). */
export async function blockUntil(db: Queryable, waits: readonly { key: string; until: Date }[]): Promise<void> {
  if (waits.length === 0) return;
  await db.query(
    `UPDATE guess_throttle g SET blocked_until = GREATEST(COALESCE(g.blocked_until, w.until), w.until)
     FROM unnest($1::text[], $2::timestamptz[]) AS w(key, until) WHERE g.key = w.key`,
    [waits.map((w) => w.key), waits.map((w) => w.until)],
  );
}

/**
 * Gives back the failures of `pair` (one address on one target, this attempt included): its row goes, and
 * its count comes off the address's and the target's; the address stops waiting once within `addressFree`.
 */
export async function forgiveFailures(db: Queryable, keys: { address: string; target: string; pair: string }, addressFree: number): Promise<void> {
  await db.query(
    `WITH own AS (DELETE FROM guess_throttle WHERE key = $1 RETURNING failures),
          n AS (SELECT COALESCE((SELECT failures FROM own), 1) AS n)
     UPDATE guess_throttle g SET failures = GREATEST(g.failures - n.n, 0),
       blocked_until = CASE WHEN g.key = $2 AND g.failures - n.n <= $4 THEN NULL ELSE g.blocked_until END
     FROM n WHERE g.key IN ($2, $3)`,
    [keys.pair, keys.address, keys.target, addressFree],
  );
}

/** Deletes up to 50 counts last touched before `forgetBefore` that no longer make anyone wait at `now`. */
export async function forgetStaleFailures(db: Queryable, forgetBefore: Date, now: Date): Promise<void> {
  await db.query(
    `DELETE FROM guess_throttle WHERE key IN (
       SELECT key FROM guess_throttle WHERE last_failure_at < $1 AND (blocked_until IS NULL OR blocked_until <= $2) LIMIT 50)`,
    [forgetBefore, now],
  );
}
