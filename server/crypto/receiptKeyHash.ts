/**
 * How a receipt key is stored and checked (docs/receipt-keys.md). A receipt key is drawn at random
 * (about 80 bits), so, unlike a password chosen by a person, it needs no slow hash to resist guessing
 * from a stolen database: a keyed hash (HMAC-SHA256 under a subkey of DATA_KEY) cannot even be tested
 * without the key, and with it 2^80 guesses are still out of reach. argon2id took 40–60 ms of CPU per
 * filing and per check; this takes microseconds. Keys stored before (argon2id hashes, `$argon2id$…`)
 * still verify, and are rewritten in the new form the first time their owner uses them.
 */
import crypto from 'node:crypto';
import { verifySecret } from '../auth/passwords';
import type { FieldCipher } from './fieldCipher';

/** The marker of a keyed hash; anything else stored is an argon2id hash from before. */
const PREFIX = 'hmac-sha256$v1$';
/** The purpose the subkey is derived for (FieldCipher.fingerprint); device-key fingerprints use another. */
const PURPOSE = 'receipt-key-hash';

/** The stored form of a receipt key (canonical form, shared/receiptKey.ts). */
export function hashReceiptKey(cipher: FieldCipher, key: string): string {
  return PREFIX + cipher.fingerprint(PURPOSE, key);
}

/** Whether `stored` was made by hashReceiptKey (false for an argon2id hash kept from before). */
export function isKeyedReceiptHash(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/**
 * Whether `key` is the key of `stored`, in either form. With no stored hash (an unknown reference) the
 * same keyed hash is computed and compared, so that costs what a wrong key on a new case costs.
 */
export async function receiptKeyMatches(cipher: FieldCipher, stored: string | null, key: string): Promise<boolean> {
  if (stored !== null && !isKeyedReceiptHash(stored)) return verifySecret(stored, key);
  const expected = Buffer.from(stored ?? `${PREFIX}${'0'.repeat(64)}`);
  const given = Buffer.from(hashReceiptKey(cipher, key));
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) && stored !== null;
}
