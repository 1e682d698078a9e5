/**
 * The one definition of a receipt key (the secret an anonymous complainant follows a case with):
 * its alphabet, how a new one is made (on the server and on the device before any signal), how it is
 * shown, and how a typed one is read back. Server and client import it from here; shared/deviceReceipt.ts
 * builds the device's keys and provisional codes on it.
 *
 * A key is 16 symbols of a 33-symbol alphabet (digits and capitals without O, I and L: about 80 bits),
 * shown as four groups of four joined by dashes: `7K4P-9XQ2-M3TA-H8WD`. That shown form is also the
 * canonical form that gets hashed.
 *
 * Reading a typed key back, Crockford-style: spaces (of any kind), dashes (of any kind), dots,
 * underscores and case do not matter, and the letters people put for a digit are read as that digit:
 * O is 0, I and L are 1. So `7k4p 9xq2 m3ta h8wd` is the key above, and a key holding a 0 or a 1 is
 * found whichever way it is copied. Keys made before December 2026 had no 0, O, 1, I or L at all, so
 * each stays valid and reads as itself (see docs/receipt-keys.md for the demo key's O).
 */

/** The symbols of a receipt key: digits and capitals without O, I and L, which are read as 0 and 1. */
export const RECEIPT_KEY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** How many symbols a key has. */
export const RECEIPT_KEY_LENGTH = 16;

/** How many symbols each shown group has. */
export const RECEIPT_KEY_GROUP_SIZE = 4;

/** Letters never shown in a key that a person may type for a digit of one, with the digit they stand for. */
export const RECEIPT_KEY_LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/** A key in its canonical (shown and hashed) form. */
export const RECEIPT_KEY_PATTERN = new RegExp(
  `^[${RECEIPT_KEY_ALPHABET}]{${RECEIPT_KEY_GROUP_SIZE}}(-[${RECEIPT_KEY_ALPHABET}]{${RECEIPT_KEY_GROUP_SIZE}}){${RECEIPT_KEY_LENGTH / RECEIPT_KEY_GROUP_SIZE - 1}}$`,
);

/** Why a typed text is not a receipt key; each is an `errors:validation.receipt_key_<problem>` message. */
export type ReceiptKeyProblem = 'required' | 'characters' | 'length';

/** What reading a typed key gives: the canonical key, or the one problem to tell the person. */
export type ParsedReceiptKey = { ok: true; key: string } | { ok: false; problem: ReceiptKeyProblem };

// Whitespace of any kind (a pasted non-breaking space too) and the dashes phones substitute for '-'.
const IGNORED = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\-\u2010-\u2015\u2212_.·]/g;

/**
 * The symbols of a typed key or code, as they are compared: separators dropped, capitals, and O, I, L
 * read as 0, 1, 1. Other characters are kept (the caller decides whether they make it no key).
 */
export function receiptKeySymbols(typed: string): string {
  return [...typed.replace(IGNORED, '').toUpperCase()].map((c) => RECEIPT_KEY_LOOK_ALIKES[c] ?? c).join('');
}

/** Shows a key in groups of four joined by dashes, read as receiptKeySymbols reads it. */
export function formatReceiptKey(input: string): string {
  return inGroups(receiptKeySymbols(input));
}

/** Symbols already read (receiptKeySymbols) in groups of four joined by dashes. */
function inGroups(symbols: string): string {
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += RECEIPT_KEY_GROUP_SIZE) groups.push(symbols.slice(i, i + RECEIPT_KEY_GROUP_SIZE));
  return groups.join('-');
}

/** Reads a typed key into its canonical form, or names what keeps it from being one. */
export function parseReceiptKey(typed: string): ParsedReceiptKey {
  const symbols = receiptKeySymbols(typed);
  if (symbols === '') return { ok: false, problem: 'required' };
  if ([...symbols].some((c) => !RECEIPT_KEY_ALPHABET.includes(c))) return { ok: false, problem: 'characters' };
  if (symbols.length !== RECEIPT_KEY_LENGTH) return { ok: false, problem: 'length' };
  return { ok: true, key: formatReceiptKey(symbols) };
}

/** The canonical form of a typed key (`7K4P-9XQ2-M3TA-H8WD`), or null when it cannot be a key. */
export function normalizeReceiptKey(typed: string): string | null {
  const parsed = parseReceiptKey(typed);
  return parsed.ok ? parsed.key : null;
}

/** Whether `input` reads as a key (see parseReceiptKey). */
export function isWellFormedReceiptKey(input: string): boolean {
  return parseReceiptKey(input).ok;
}

/** Fills `bytes` with cryptographically strong random values (Web Crypto: browsers, workers and Node alike). */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const webCryptoFill: RandomFill = (bytes) => globalThis.crypto.getRandomValues(bytes);

/**
 * `count` symbols of the key alphabet, each equally likely: bytes at or above the largest multiple of
 * the alphabet's size are drawn again rather than folded (which would favour the first symbols).
 */
export function randomReceiptSymbols(count: number, fill: RandomFill = webCryptoFill): string {
  const size = RECEIPT_KEY_ALPHABET.length;
  const usable = 256 - (256 % size);
  let symbols = '';
  while (symbols.length < count) {
    for (const b of fill(new Uint8Array(count - symbols.length))) {
      if (b < usable) symbols += RECEIPT_KEY_ALPHABET[b % size];
    }
  }
  return symbols;
}

/** A new key in canonical form. */
export function newReceiptKey(fill: RandomFill = webCryptoFill): string {
  // Drawn from the alphabet itself: nothing to read as formatReceiptKey would, only to group.
  return inGroups(randomReceiptSymbols(RECEIPT_KEY_LENGTH, fill));
}
