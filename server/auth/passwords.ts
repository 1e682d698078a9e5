/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes). */
import { hash, verify, type Options } from '@node-rs/argon2';

// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Hashes a secret (password or receipt key) for storage. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

/** Checks a secret against a stored hash; false on any mismatch or malformed hash. */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false; // a malformed stored hash matches nothing
  }
}

/**
 * A fixed hash of a random secret, verified when an account does not exist so that a login attempt
 * for an unknown e-mail takes as long as one for a known e-mail.
 */
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(secret: string): Promise<false> {
  decoy ??= hashSecret(`decoy-${Math.random()}`);
  await verifySecret(await decoy, secret);
  return false;
}
