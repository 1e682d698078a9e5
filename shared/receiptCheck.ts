/**
 * How a person names a case to follow it without an account — on the tracking page, when claiming it
 * into an account, or by SMS (`ESTADO <referencia> <clave>`): its reference or a device receipt's
 * provisional code, and its receipt key, each read as typed. One reading for every door, so a form
 * accepted at one is accepted at the others; the server then checks the key in one place
 * (server/commands/receiptKeyChecker.ts).
 */
import { isProvisionalCode, normalizeProvisionalCode } from './deviceReceipt';
import { normalizeReceiptKey } from './receiptKey';
import { REFERENCE_PATTERN } from './validation/intakeChoices';

/** Whether `named` (read by normalizeProvisionalCode) is a reference or a provisional code. */
export function isCaseReference(named: string): boolean {
  return REFERENCE_PATTERN.test(named) || isProvisionalCode(named);
}

/** A reference or provisional code and a receipt key, both in canonical form. */
export interface ReceiptCheck {
  reference: string;
  receiptKey: string;
}

/** The reference (or provisional code) and key as typed, in canonical form; null when either cannot be one. */
export function readReceiptCheck(reference: string, key: string): ReceiptCheck | null {
  const named = normalizeProvisionalCode(reference);
  const receiptKey = normalizeReceiptKey(key);
  return isCaseReference(named) && receiptKey ? { reference: named, receiptKey } : null;
}
