/**
 * Wrong guesses of secrets (receipt keys, passwords) slow the guesser down instead of locking the
 * secret's owner out (server/http/guessThrottle.ts, docs/receipt-keys.md). One row per counted thing:
 * an address, a target (a case reference or a login e-mail), or an address on one target; keys are
 * hashed, so the table holds no e-mail, reference or IP address in the clear.
 */
export const guessThrottle = `
CREATE TABLE guess_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  -- Until when this address (or this address on this target) must wait before it is heard again.
  blocked_until timestamptz
);
CREATE INDEX guess_throttle_last_failure ON guess_throttle (last_failure_at);
`;
