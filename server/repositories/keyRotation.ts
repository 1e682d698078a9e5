/**
 * What a key rotation rewrites (crypto/keyRotator.ts, docs/encryption.md): rows still holding plaintext
 * from before encryption (accounts, map points, queued e-mails' addresses) and ciphertexts of any sealed
 * column not yet under the current key. Rows are taken a batch at a time with SKIP LOCKED, and a
 * ciphertext is replaced only if it is still the one read. SQL only; the sealing is the caller's.
 */
import type { Queryable } from '../db/database';
import type { SealedColumn } from '../crypto/sealedColumns';

/** An account with plaintext left, and the name it may already have sealed since. */
export interface PlaintextAccount {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  nameCiphertext: string | null;
}

/** The sealed columns that replace an account's plaintext (null where it had none). */
export interface SealedAccountColumns {
  nameCiphertext: string | null;
  emailCiphertext: string | null;
  emailIndex: string | null;
  phoneCiphertext: string | null;
  phoneIndex: string | null;
}

/** Up to `limit` accounts with a plaintext name, e-mail or phone, locked (others' locked rows skipped). */
export function lockPlaintextAccounts(tx: Queryable, limit: number): Promise<PlaintextAccount[]> {
  return tx.query<PlaintextAccount>(
    `SELECT id, display_name AS "displayName", email, phone, name_ciphertext AS "nameCiphertext" FROM users
     WHERE display_name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

/** Stores an account's sealed columns and clears its plaintext; a name already sealed (changed since) is kept. */
export async function sealAccountPlaintext(tx: Queryable, id: string, sealed: SealedAccountColumns): Promise<void> {
  await tx.query(
    `UPDATE users SET name_ciphertext = COALESCE(name_ciphertext, $2), email_ciphertext = COALESCE($3, email_ciphertext),
       email_index = COALESCE($4, email_index), phone_ciphertext = COALESCE($5, phone_ciphertext), phone_index = COALESCE($6, phone_index),
       display_name = NULL, email = NULL, phone = NULL
     WHERE id = $1`,
    [id, sealed.nameCiphertext, sealed.emailCiphertext, sealed.emailIndex, sealed.phoneCiphertext, sealed.phoneIndex],
  );
}

/** Up to `limit` cases with a plaintext map point (as stored: numeric text), locked. */
export function lockPlaintextPoints(tx: Queryable, limit: number): Promise<{ id: string; latitude: string; longitude: string }[]> {
  return tx.query(`SELECT id, latitude, longitude FROM cases WHERE latitude IS NOT NULL OR longitude IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`, [limit]);
}

/** Stores a case's sealed map point (unless it has one) and clears the plaintext. */
export async function sealCasePoint(tx: Queryable, id: string, locationCiphertext: string | null): Promise<void> {
  await tx.query('UPDATE cases SET location_ciphertext = COALESCE(location_ciphertext, $2), latitude = NULL, longitude = NULL WHERE id = $1', [
    id,
    locationCiphertext,
  ]);
}

/** Up to `limit` queued e-mails with a plaintext address, locked, with their data (which may name the recipient). */
export function lockPlaintextRecipients(tx: Queryable, limit: number): Promise<{ id: number; toAddress: string; data: Record<string, unknown> }[]> {
  return tx.query(`SELECT id, to_address AS "toAddress", data FROM outbox WHERE to_address IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`, [limit]);
}

/** Stores an e-mail's sealed address and the data without the recipient's name, and clears the plaintext address. */
export async function sealRecipientPlaintext(tx: Queryable, id: number, sealId: string, recipientCiphertext: string, data: unknown): Promise<void> {
  await tx.query('UPDATE outbox SET seal_id = $2, to_address_ciphertext = $3, data = $4, to_address = NULL WHERE id = $1', [
    id,
    sealId,
    recipientCiphertext,
    JSON.stringify(data),
  ]);
}

/** How many ciphertexts of `c` do not start with `prefix` (the current key's). */
export async function countStaleCiphertexts(db: Queryable, c: SealedColumn, prefix: string): Promise<number> {
  const row = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2`, [
    prefix.length,
    prefix,
  ]);
  return row.n;
}

/** Up to `limit` ciphertexts of `c` not starting with `prefix`, with their row's key, locked. */
export function lockStaleCiphertexts(tx: Queryable, c: SealedColumn, prefix: string, limit: number): Promise<{ key: string; ciphertext: string }[]> {
  return tx.query(
    `SELECT ${c.rowKey} AS key, ${c.column} AS ciphertext FROM ${c.table}
     WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2 LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [prefix.length, prefix, limit],
  );
}

/** Replaces the ciphertext of `c` in the row `key` with `now`, only if it is still `was`. */
export async function replaceCiphertext(tx: Queryable, c: SealedColumn, key: string, was: string, now: string): Promise<void> {
  await tx.query(`UPDATE ${c.table} SET ${c.column} = $1 WHERE ${c.rowKey} = $2 AND ${c.column} = $3`, [now, key, was]);
}
