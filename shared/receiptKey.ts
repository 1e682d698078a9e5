/**
 * The one way receipt keys are written, read back and compared, on the server and in the browser.
 * A key is 16 symbols from an alphabet without look-alikes (no 0/O, no 1/I/L), shown in four groups of
 * four (`7K4P-9XQ2-M3TA-H8WD`) so it survives being read aloud and copied by hand. What a person types
 * back is normalized first: spaces, dashes, dots and case do not matter.
 *
 * (Written by the send-queue branch to the interface the blockers-server branch owns: alphabet,
 * `normalizeReceiptKey()`, display format. The lead reconciles the two when both land.)
 */

/** Symbols of a receipt key: digits and capitals without 0, O, 1, I and L. */
export const RECEIPT_KEY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Symbols in a key (about 79 bits with this alphabet). */
export const RECEIPT_KEY_LENGTH = 16;

/** Symbols per group in the display format. */
export const RECEIPT_KEY_GROUP = 4;

/** The key as typed, without separators (spaces, dashes, dots, underscores) and in capitals. */
export function normalizeReceiptKey(input: string): string {
  return input.replace(/[\s\-_.·]/g, '').toUpperCase();
}

/** The display (and hashed) form: the normalized symbols in groups of four joined by dashes. */
export function formatReceiptKey(input: string): string {
  const symbols = normalizeReceiptKey(input);
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += RECEIPT_KEY_GROUP) groups.push(symbols.slice(i, i + RECEIPT_KEY_GROUP));
  return groups.join('-');
}

/** Whether `input`, normalized, is exactly a key's length in the key alphabet. */
export function isWellFormedReceiptKey(input: string): boolean {
  const symbols = normalizeReceiptKey(input);
  return symbols.length === RECEIPT_KEY_LENGTH && [...symbols].every((s) => RECEIPT_KEY_ALPHABET.includes(s));
}
