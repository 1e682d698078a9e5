/**
 * A phone number is an identity (DESIGN.md, Trust): it is kept only as ciphertext, looked up by a keyed
 * blind index, and never written to a log — a short prefix of the index names it there instead.
 */
import type { FieldCipher } from '../crypto/fieldCipher';

/** The two ways a gateway reaches a phone. */
export type Channel = 'sms' | 'whatsapp';

/** The purpose phone numbers are fingerprinted under (FieldCipher.fingerprint). */
const PHONE_PURPOSE = 'phone';

/**
 * A number as a gateway gives it, in E.164 (`+573001234567`), or null when it is not one. Gateways on a
 * Colombian SIM may give the national form: ten digits starting with 3 are a Colombian mobile.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/^whatsapp:/i, '').replace(/[\s\-().]/g, '');
  if (/^3\d{9}$/.test(compact)) return `+57${compact}`;
  if (/^00\d{6,15}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^\+\d{6,15}$/.test(compact)) return compact;
  if (/^\d{6,15}$/.test(compact)) return `+${compact}`;
  return null;
}

/** The keyed blind index of a number: equal numbers give equal indexes, a dump alone cannot test guesses. */
export function phoneIndex(cipher: FieldCipher, e164: string): string {
  return cipher.fingerprint(PHONE_PURPOSE, e164);
}

/** What a log line may say about a number: the first characters of its blind index, never the number. */
export function phoneLogTag(index: string): string {
  return index.slice(0, 8);
}

/** The ten-digit national form of a Colombian mobile (what the web form's phone field holds), if it is one. */
export function colombianMobile(e164: string): string | undefined {
  const match = /^\+57(3\d{9})$/.exec(e164);
  return match?.[1];
}
