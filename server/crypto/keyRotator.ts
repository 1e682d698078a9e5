/**
 * Keeps every stored secret under the current data key and bound to its row (docs/encryption.md):
 * - sealPlaintext: accounts, map points and queued e-mails' addresses written before encryption (migration 0029 cannot encrypt:
 *   the key never reaches the database) are encrypted and their plaintext cleared — at every start, and
 *   first thing in rotate-key;
 * - rotateKeys (`npm run admin -- rotate-key`): every ciphertext not made with the current key (or made
 *   before ciphertexts were bound to their row) is opened and sealed again under the current key.
 * Both work in small batches, each its own transaction, taking rows with SKIP LOCKED and rewriting a
 * ciphertext only if it is still the one read: interrupted anywhere, nothing is lost and a new run goes
 * on where the last one stopped; the running server may keep writing meanwhile.
 */
import type { Database } from '../db/database';
import { logger } from '../logger';
import { sealedUserColumns } from '../repositories/users';
import { isCurrentFormat, type FieldCipher } from './fieldCipher';
import { casePlace, SEALED_COLUMNS, type SealedColumn } from './sealedColumns';
import crypto from 'node:crypto';
import { sealRecipient } from '../mail/mailer';

/** How many rows one transaction rewrites. */
const BATCH = 200;

/** Options of a run. */
export interface RunOptions {
  batchSize?: number;
  /** Stops between batches once aborted (what an interruption looks like to the tests). */
  signal?: AbortSignal;
  /** Called after each committed batch with the rows it rewrote. */
  onBatch?: (rows: number) => void;
}

/** Encrypts accounts' names, e-mails and phones and cases' map points still stored in plaintext; returns how many rows. */
export async function sealPlaintext(db: Database, cipher: FieldCipher, options: RunOptions = {}): Promise<number> {
  const size = options.batchSize ?? BATCH;
  let total = 0;
  for (;;) {
    if (options.signal?.aborted) return total;
    const done = await db.transaction(async (tx) => {
      const users = await tx.query<{ id: string; displayName: string | null; email: string | null; phone: string | null; nameCiphertext: string | null }>(
        `SELECT id, display_name AS "displayName", email, phone, name_ciphertext AS "nameCiphertext" FROM users
         WHERE display_name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [size],
      );
      for (const u of users) {
        // A name already sealed (changed since) wins over the plaintext left from before.
        const sealed = sealedUserColumns(cipher, u.id, { displayName: u.displayName ?? '', email: u.email, phone: u.phone });
        await tx.query(
          `UPDATE users SET name_ciphertext = COALESCE(name_ciphertext, $2), email_ciphertext = COALESCE($3, email_ciphertext),
             email_index = COALESCE($4, email_index), phone_ciphertext = COALESCE($5, phone_ciphertext), phone_index = COALESCE($6, phone_index),
             display_name = NULL, email = NULL, phone = NULL
           WHERE id = $1`,
          [u.id, u.displayName === null ? null : sealed.nameCiphertext, sealed.emailCiphertext, sealed.emailIndex, sealed.phoneCiphertext, sealed.phoneIndex],
        );
      }
      const cases = await tx.query<{ id: string; latitude: string; longitude: string }>(
        `SELECT id, latitude, longitude FROM cases WHERE latitude IS NOT NULL OR longitude IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [size],
      );
      for (const c of cases) {
        const point = c.latitude !== null && c.longitude !== null ? { latitude: Number(c.latitude), longitude: Number(c.longitude) } : null;
        await tx.query('UPDATE cases SET location_ciphertext = COALESCE(location_ciphertext, $2), latitude = NULL, longitude = NULL WHERE id = $1', [
          c.id,
          point && cipher.seal(point, casePlace(c.id, 'location')),
        ]);
      }
      const emails = await tx.query<{ id: number; toAddress: string; data: Record<string, unknown> }>(
        `SELECT id, to_address AS "toAddress", data FROM outbox WHERE to_address IS NOT NULL LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [size],
      );
      for (const e of emails) {
        const sealId = crypto.randomUUID();
        const sealed = sealRecipient(cipher, sealId, e.toAddress, e.data);
        await tx.query('UPDATE outbox SET seal_id = $2, to_address_ciphertext = $3, data = $4, to_address = NULL WHERE id = $1', [e.id, sealId, sealed.ciphertext, JSON.stringify(sealed.data)]);
      }
      return users.length + cases.length + emails.length;
    });
    if (done === 0) break;
    total += done;
    options.onBatch?.(done);
  }
  if (total > 0) logger.info('plaintext identities and map points encrypted', { rows: total });
  return total;
}

/** How many ciphertexts of `column` are not yet under the current key and bound to their row. */
async function countStale(db: Database, cipher: FieldCipher, c: SealedColumn): Promise<number> {
  const row = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2`,
    [`v2.${cipher.currentKeyId}.`.length, `v2.${cipher.currentKeyId}.`],
  );
  return row.n;
}

/** Ciphertexts not yet under the current key, per `table.column` (0 everywhere: the old keys are no longer needed). */
export async function staleCiphertexts(db: Database, cipher: FieldCipher): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const c of SEALED_COLUMNS) counts[`${c.table}.${c.column}`] = await countStale(db, cipher, c);
  return counts;
}

/** Re-encrypts up to one batch of `column`; returns how many rows it rewrote. */
async function rotateBatch(db: Database, cipher: FieldCipher, c: SealedColumn, size: number): Promise<number> {
  const prefix = `v2.${cipher.currentKeyId}.`;
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ key: string; ciphertext: string }>(
      `SELECT ${c.rowKey} AS key, ${c.column} AS ciphertext FROM ${c.table}
       WHERE ${c.column} IS NOT NULL AND left(${c.column}, $1) <> $2 LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [prefix.length, prefix, size],
    );
    for (const r of rows) {
      const place = { table: c.table, column: c.column, id: r.key };
      const sealed = cipher.seal(cipher.open<unknown>(r.ciphertext, place), place);
      if (!isCurrentFormat(sealed, cipher.currentKeyId)) throw new Error('sealed under a key that is not current');
      await tx.query(`UPDATE ${c.table} SET ${c.column} = $1 WHERE ${c.rowKey} = $2 AND ${c.column} = $3`, [sealed, r.key, r.ciphertext]);
    }
    return rows.length;
  });
}

/** The outcome of a rotation run. */
export interface RotationResult {
  /** Rows whose plaintext was encrypted first. */
  sealed: number;
  /** Ciphertexts rewritten under the current key, per `table.column`. */
  rotated: Record<string, number>;
  /** False when the run stopped early (aborted): run it again to finish. */
  complete: boolean;
}

/** Re-encrypts every ciphertext under the current key, bound to its row; resumable (see the file's comment). */
export async function rotateKeys(db: Database, cipher: FieldCipher, options: RunOptions = {}): Promise<RotationResult> {
  const size = options.batchSize ?? BATCH;
  const sealed = await sealPlaintext(db, cipher, options);
  const rotated: Record<string, number> = {};
  for (const c of SEALED_COLUMNS) {
    const name = `${c.table}.${c.column}`;
    rotated[name] = 0;
    for (;;) {
      if (options.signal?.aborted) return { sealed, rotated, complete: false };
      const n = await rotateBatch(db, cipher, c, size);
      if (n === 0) break;
      rotated[name] += n;
      options.onBatch?.(n);
    }
  }
  const left = Object.values(await staleCiphertexts(db, cipher)).reduce((a, b) => a + b, 0);
  logger.info('data key rotation run', { keyId: cipher.currentKeyId, sealed, rotated, left });
  return { sealed, rotated, complete: left === 0 };
}
