/**
 * Slows down whoever guesses a secret (a receipt key, a password) without ever locking its owner out.
 * A fixed lock per case or per account let anyone who knew a reference or a staff e-mail keep the real
 * owner out for 15 minutes with eleven requests; here wrong guesses cost the *guessing address* time:
 *
 * - per address: after `addressFree` wrong guesses (on anything), the address waits before it is heard
 *   again, `firstWaitMs` doubling with each further failure up to `maxWaitMs`;
 * - per target: once a target (a reference, an e-mail) has had `targetFree` wrong guesses from anyone,
 *   each further wrong guess makes the address that made it wait before trying *that target* again, for
 *   a time that doubles with the target's failures. A botnet gets one try per address per growing wait;
 * - an address that is not waiting is always heard, and a right secret always passes: the owner, from
 *   their own phone, gets in however many others are guessing. A right secret also forgives that
 *   address's own failures on that target (honest typos).
 *
 * Every attempt is counted before the secret is checked and given back if it was right, so a burst of
 * parallel requests from one address cannot slip past the count. Failures are forgotten after
 * `forgetAfterMs` without any. Everything lives in PostgreSQL (every instance counts the same) under
 * hashed keys: no e-mail, reference or IP address is stored in the clear. See docs/receipt-keys.md.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../db/database';
import { TooManyAttempts } from '../errors';
import { blockUntil, countFailures, forgetStaleFailures, forgiveFailures, waitingUntil } from '../repositories/guessThrottle';

/** How wrong guesses of one kind of secret slow the guesser down. */
export interface GuessPolicy {
  /** Names the kind of secret; receipt keys checked by tracking and by claims share one. */
  scope: string;
  /** Wrong guesses an address may make (on any target) before it must wait. */
  addressFree: number;
  /** Wrong guesses a target may take (from anyone) before each further one makes its guesser wait. */
  targetFree: number;
  /** The first wait; each further failure doubles it. */
  firstWaitMs: number;
  /** The longest wait. */
  maxWaitMs: number;
  /** Failures are forgotten after this long without another. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;

/** Receipt keys (tracking a case, claiming it into an account): one count for both ways in. */
export const RECEIPT_KEY_GUESSES: GuessPolicy = {
  scope: 'receipt',
  // A community centre or a carrier's shared address serves many honest people.
  addressFree: 20,
  targetFree: 5,
  firstWaitMs: 1000,
  maxWaitMs: 15 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};

/** Passwords at log-in, per e-mail. */
export const LOGIN_GUESSES: GuessPolicy = {
  scope: 'login',
  addressFree: 30,
  targetFree: 5,
  firstWaitMs: 1000,
  maxWaitMs: 15 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};

/** Who guesses what: the caller's address and the thing whose secret they give. */
export interface GuessAttempt {
  address: string;
  target: string;
}

/** How long a guesser waits after `failures` wrong guesses of which `free` cost nothing. */
export function waitAfter(policy: GuessPolicy, failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(policy.firstWaitMs * 2 ** Math.min(failures - free - 1, 40), policy.maxWaitMs);
}

function keyOf(policy: GuessPolicy, kind: 'address' | 'target' | 'pair', value: string): string {
  return `${policy.scope}:${kind}:${crypto.createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;
}

/**
 * Checks a secret under `policy`: throws TooManyAttempts (429, with how long to wait) when this address
 * must still wait for this target, else runs `check` and answers whether the secret was right.
 */
export async function throttledGuess(db: Queryable, policy: GuessPolicy, attempt: GuessAttempt, now: Date, check: () => Promise<boolean>): Promise<boolean> {
  const address = keyOf(policy, 'address', attempt.address);
  const target = keyOf(policy, 'target', attempt.target);
  const pair = keyOf(policy, 'pair', `${attempt.address}\n${attempt.target}`);
  const until = await waitingUntil(db, [address, pair], now);
  if (until) throw new TooManyAttempts(Math.ceil((new Date(until).getTime() - now.getTime()) / 1000));

  const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs);
  const failures = await countFailures(db, [address, target, pair], now, forgetBefore);
  const addressWait = waitAfter(policy, failures.get(address) ?? 1, policy.addressFree);
  const pairWait = waitAfter(policy, failures.get(target) ?? 1, policy.targetFree);
  await blockUntil(db, [
    ...(addressWait > 0 ? [{ key: address, until: new Date(now.getTime() + addressWait) }] : []),
    ...(pairWait > 0 ? [{ key: pair, until: new Date(now.getTime() + pairWait) }] : []),
  ]);

  const right = await check();
  // A right secret gives back this address's failures on this target (this attempt included); a wrong
  // one takes a few old rows away, so the table stays the size of recent guessing without a job of its own.
  if (right) await forgiveFailures(db, { address, target, pair }, policy.addressFree);
  else await forgetStaleFailures(db, forgetBefore, now);
  return right;
}
