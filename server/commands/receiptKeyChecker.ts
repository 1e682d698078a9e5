/**
 * The one check of a receipt key against a case reference (or the provisional code of a receipt made
 * on the device), shared by tracking (`POST /api/track`) and claiming (`POST /api/me/claims`) so that
 * guesses through either count together (and with SMS status requests, server/channels/statusAnswer.ts).
 * The reference and key arrive already read by shared/receiptCheck.ts (canonical form); wrong keys slow
 * their guesser down (server/http/guessThrottle.ts) and never lock the owner out. An unknown reference
 * costs the same time as a wrong key and answers the same.
 */
import type { AppContext } from '../context';
import { hashReceiptKey, isKeyedReceiptHash, receiptKeyMatches } from '../crypto/receiptKeyHash';
import { RECEIPT_KEY_GUESSES, throttledGuess } from '../http/guessThrottle';
import { findCaseKeyByProvisionalCode, findCaseKeyByReference, replaceReceiptKeyHash } from '../repositories/cases';
import { isProvisionalCode } from '../../shared/deviceReceipt';
import type { ReceiptCheck } from '../../shared/receiptCheck';
import { receiptKeyFingerprint } from './caseCreator';

/**
 * The forms a stored hash may have been made from, for a key in canonical form. Hashes are made from
 * the canonical form, where O is read as 0. Before December 2026 keys had no 0 or 1 and were hashed as
 * shown; the one stored key with a look-alike letter, the demo's `DEMO-7K4P-9XQ2-M3TA`, was hashed with
 * its O, so a canonical key with a 0 is also tried with O there (no stored key ever had an I or L).
 */
export function storedKeyForms(key: string): string[] {
  return key.includes('0') ? [key, key.replace(/0/g, 'O')] : [key];
}

/** Whether `key` (canonical) is the key of `hash`, in any form it may have been stored in. */
async function keyMatches(ctx: AppContext, hash: string | null, key: string): Promise<boolean> {
  for (const form of storedKeyForms(key)) {
    // An unknown reference does the same work as a wrong key (receiptKeyMatches).
    if (await receiptKeyMatches(ctx.cipher, hash, form)) return hash !== null;
  }
  return false;
}

/**
 * The id of the case `reference` names when `receiptKey` is its key; undefined otherwise (429 while
 * `address` must wait). Both arrive read by shared/receiptCheck.ts (the tracking and claim schemas'
 * receiptCheckFields, or readReceiptCheck for an SMS).
 */
export async function checkReceiptKey(ctx: AppContext, address: string, { reference, receiptKey }: ReceiptCheck): Promise<string | undefined> {
  // A provisional code names a case only together with its device-made key (codes need not be unique).
  const found = isProvisionalCode(reference)
    ? await findCaseKeyByProvisionalCode(ctx.db, reference, receiptKeyFingerprint(ctx, receiptKey))
    : await findCaseKeyByReference(ctx.db, reference);
  const right = await throttledGuess(ctx.db, RECEIPT_KEY_GUESSES, { address, target: reference }, ctx.clock.now(), () =>
    keyMatches(ctx, found?.receiptKeyHash ?? null, receiptKey),
  );
  if (!right) return undefined;
  // A key stored as an argon2id hash (before December 2026) is stored again as a keyed hash of its
  // canonical form now that its owner has shown it: later checks cost microseconds, not 50 ms.
  if (!isKeyedReceiptHash(found!.receiptKeyHash!)) {
    await replaceReceiptKeyHash(ctx.db, found!.id, found!.receiptKeyHash!, hashReceiptKey(ctx.cipher, receiptKey));
  }
  return found!.id;
}
