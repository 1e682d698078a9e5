/**
 * The one check of a receipt key against a case reference, shared by tracking (`POST /api/track`) and
 * claiming (`POST /api/me/claims`) so that guesses through either count together. The key arrives
 * already read by shared/receiptKey.ts (canonical form); wrong keys slow their guesser down
 * (server/http/guessThrottle.ts) and never lock the owner out. An unknown reference costs the same
 * time as a wrong key and answers the same.
 */
import type { AppContext } from '../context';
import { verifyAgainstDecoy, verifySecret } from '../auth/passwords';
import { RECEIPT_KEY_GUESSES, throttledGuess } from '../http/guessThrottle';
import { findCaseKeyByReference } from '../repositories/cases';

/** The id of the case `reference` names when `receiptKey` is its key; undefined otherwise (429 while this address must wait). */
export async function checkReceiptKey(ctx: AppContext, address: string, reference: string, receiptKey: string): Promise<string | undefined> {
  const found = await findCaseKeyByReference(ctx.db, reference);
  const right = await throttledGuess(ctx.db, RECEIPT_KEY_GUESSES, { address, target: reference }, ctx.clock.now(), () =>
    found?.receiptKeyHash ? verifySecret(found.receiptKeyHash, receiptKey) : verifyAgainstDecoy(receiptKey),
  );
  return right ? found!.id : undefined;
}
