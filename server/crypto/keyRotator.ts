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
import {
  countStaleCiphertexts,
  lockPlaintextAccounts,
  lockPlaintextPoints,
  lockPlaintextRecipients,
  lockStaleCiphertexts,
  replaceCiphertext,
  sealAccountPlaintext,
  sealCasePoint,
  sealRecipientPlaintext,
} from '../repositories/keyRotation';

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
      const users = await lockPlaintextAccounts(tx, size);
      for (const u of users) {
        // A name already sealed (changed since) wins over the plaintext left from before.
        const sealed = sealedUserColumns(cipher, u.id, { displayName: u.displayName ?? '', email: u.email, phone: u.phone });
        await sealAccountPlaintext(tx, u.id, { ...sealed, nameCiphertext: u.displayName === null ? null : sealed.nameCiphertext });
      }
      const cases = await lockPlaintextPoints(tx, size);
      for (const c of cases) {
        const point = c.latitude !== null && c.longitude !== null ? { latitude: Number(c.latitude), longitude: Number(c.longitude) } : null;
        await sealCasePoint(tx, c.id, point && cipher.seal(point, casePlace(c.id, 'location')));
      }
      const emails = await lockPlaintextRecipients(tx, size);
      for (const e of emails) {
        const sealId = crypto.randomUUID();
        const sealed = sealRecipient(cipher, sealId, e.toAddress, e.data);
        await sealRecipientPlaintext(tx, e.id, sealId, sealed.ciphertext, sealed.data);
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

/** How every ciphertext made with the current key (and bound to its row) starts. */
function currentPrefix(cipher: FieldCipher): string {
  return `v2.${cipher.currentKeyId}.`;
}

/** Ciphertexts not yet under the current key, per `table.column` (0 everywhere: the old keys are no longer needed). */
export async function staleCiphertexts(db: Database, cipher: FieldCipher): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const c of SEALED_COLUMNS) counts[`${c.table}.${c.column}`] = await countStaleCiphertexts(db, c, currentPrefix(cipher));
  return counts;
}

/** Re-encrypts up to one batch of `column`; returns how many rows it rewrote. */
async function rotateBatch(db: Database, cipher: FieldCipher, c: SealedColumn, size: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await lockStaleCiphertexts(tx, c, currentPrefix(cipher), size);
    for (const r of rows) {
      const place = { table: c.table, column: c.column, id: r.key };
      const sealed = cipher.seal(cipher.open<unknown>(r.ciphertext, place), place);
      if (!isCurrentFormat(sealed, cipher.currentKeyId)) throw new Error('sealed under a key that is not current');
      await replaceCiphertext(tx, c, r.key, r.ciphertext, sealed);
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
