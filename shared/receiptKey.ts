/**
 * The one definition of a receipt key (the secret an anonymous complainant follows a case with):
 * its alphabet, how a new one is made, how it is shown, and how a typed one is read back.
 * Server and client (including keys made on the device before any signal) import it from here.
 *
 * A key is 16 symbols from a 31-symbol alphabet (about 79 bits), shown as four groups of four joined
 * by dashes: `7K4P-9XQ2-M3TA-H8WD`. That shown form is also the canonical form that gets hashed.
 *
 * Reading a typed key back: spaces (of any kind), dashes (of any kind) and case do not matter, so
 * `7k4p 9xq2 m3ta h8wd` is the key above. The alphabet has no 0, O, 1, I or L, so those characters
 * can never be part of a real key; we do NOT map them to a "nearest" symbol because no mapping is
 * unambiguous: a typed O or 0 may be a misread D or Q, a typed 1, I or L a misread 7, J or T. Guessing
 * would also turn one try into several. Such a key is refused with its own message ("the key has no
 * O, 0, I, 1 or L: look again at that character"), before any secret is checked, so it costs the
 * person no attempt. See docs/receipt-keys.md.
 */

/** The symbols of a receipt key: no 0/O, 1/I/L, which people misread when copying by hand. */
export const RECEIPT_KEY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** How many symbols a key has. */
export const RECEIPT_KEY_LENGTH = 16;

/** How many symbols each shown group has. */
export const RECEIPT_KEY_GROUP_SIZE = 4;

/** Characters that look like key symbols but are never in one (see the module comment). */
export const RECEIPT_KEY_CONFUSABLES = '0O1IL';

/** A key in its canonical (shown and hashed) form. */
export const RECEIPT_KEY_PATTERN = new RegExp(
  `^[${RECEIPT_KEY_ALPHABET}]{${RECEIPT_KEY_GROUP_SIZE}}(-[${RECEIPT_KEY_ALPHABET}]{${RECEIPT_KEY_GROUP_SIZE}}){${RECEIPT_KEY_LENGTH / RECEIPT_KEY_GROUP_SIZE - 1}}$`,
);

/** Why a typed text is not a receipt key; each is an `errors:validation.receipt_key_<problem>` message. */
export type ReceiptKeyProblem = 'required' | 'confusable' | 'characters' | 'length';

/** What reading a typed key gives: the canonical key, or the one problem to tell the person. */
export type ParsedReceiptKey = { ok: true; key: string } | { ok: false; problem: ReceiptKeyProblem };

// Whitespace of any kind (a pasted non-breaking space too) and the dashes phones substitute for '-'.
const IGNORED = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\-\u2010-\u2015\u2212_.]/g;

/** Shows a key in groups of four joined by dashes (separators and case in `input` are ignored). */
export function formatReceiptKey(input: string): string {
  const symbols = input.replace(IGNORED, '').toUpperCase();
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += RECEIPT_KEY_GROUP_SIZE) groups.push(symbols.slice(i, i + RECEIPT_KEY_GROUP_SIZE));
  return groups.join('-');
}

/** Reads a typed key: spaces, dashes, dots, underscores and case ignored; confusable letters refused. */
export function parseReceiptKey(typed: string): ParsedReceiptKey {
  const symbols = typed.replace(IGNORED, '').toUpperCase();
  if (symbols === '') return { ok: false, problem: 'required' };
  if ([...symbols].some((c) => RECEIPT_KEY_CONFUSABLES.includes(c))) return { ok: false, problem: 'confusable' };
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

/** Fills `bytes` with cryptographically strong random values (Web Crypto: browsers and Node alike). */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const webCryptoFill: RandomFill = (bytes) => globalThis.crypto.getRandomValues(bytes);

/**
 * A new key in canonical form. Every symbol is equally likely: bytes at or above the largest multiple
 * of the alphabet's size are drawn again rather than folded (which would favour the first symbols).
 */
export function newReceiptKey(fill: RandomFill = webCryptoFill): string {
  const size = RECEIPT_KEY_ALPHABET.length;
  const usable = 256 - (256 % size);
  let symbols = '';
  while (symbols.length < RECEIPT_KEY_LENGTH) {
    for (const b of fill(new Uint8Array(RECEIPT_KEY_LENGTH - symbols.length))) {
      if (b < usable) symbols += RECEIPT_KEY_ALPHABET[b % size];
    }
  }
  return formatReceiptKey(symbols);
}
