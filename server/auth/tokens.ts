/**
 * Single-use tokens sent by e-mail (invitations, password resets): 32 random bytes in the link, and
 * only their SHA-256 in the database, so a copy of the database opens no account. A fast hash is
 * enough here: the token has 256 bits of entropy, nothing to guess.
 */
import crypto from 'node:crypto';

/** A fresh token and the hash to store. */
export function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The stored form of a token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a string can be a token at all (43 base64url characters); anything else is refused early. */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
