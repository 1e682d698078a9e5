/**
 * The public transparency page's sums, kept in each app server's memory for up to a minute while no
 * figure changes (issue #16 §6): a link shared in the news sends every reader to the same few figures.
 *
 * Invalidation across app servers: every statement that changes `case_figures` draws a number from the
 * database's sequence `oversight_figures_changes` (migration 0043), and each request compares its copy's
 * number with the current one (one short read), so a change made through any server is seen by every
 * server on its next request. The minute bounds the one case a number cannot catch: a change whose
 * number was drawn before a copy was computed but committed after it (sequences are not
 * transactional); such a copy is thrown away at the latest 60 s after it was computed, the same age
 * `Cache-Control: max-age=60` already lets browsers and shared caches serve.
 */
import type { Database, Queryable } from '../db/database';
import { figuresChangeStamp } from '../repositories/oversightTallies';

/** How long a copy may serve at most (the public answer's `max-age` too). */
export const PUBLIC_FIGURES_TTL_MS = 60_000;

interface Entry<T> {
  stamp: string;
  computedAt: number;
  value: T;
}

// Per database handle (tests run several databases in one process), per mechanism.
const copies = new WeakMap<Database, Map<string, Entry<unknown>>>();

/**
 * The cached sums of `key` on `database` when no figure changed since they were computed less than a
 * minute before `now`, else `compute()`'s answer, kept for the next request. `db` reads inside the
 * figures' snapshot.
 */
export async function cachedPublicFigures<T>(database: Database, db: Queryable, key: string, now: Date, compute: () => Promise<T>): Promise<T> {
  const stamp = await figuresChangeStamp(db);
  let mine = copies.get(database);
  if (!mine) copies.set(database, (mine = new Map()));
  const copy = mine.get(key);
  const age = now.getTime() - (copy?.computedAt ?? 0);
  if (copy && copy.stamp === stamp && age >= 0 && age < PUBLIC_FIGURES_TTL_MS) return copy.value as T;
  const value = await compute();
  mine.set(key, { stamp, computedAt: now.getTime(), value });
  return value;
}
