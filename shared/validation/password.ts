/**
 * Password rules people can live with (NIST SP 800-63B): at least 10 characters, up to 128, no
 * composition rules. On top of the schema, a password is refused when it contains the local part of
 * the person's e-mail or is a common password (the list lives on the server; the browser learns of it
 * from the field message).
 */
import { z } from 'zod';

/** Shortest password accepted. */
export const PASSWORD_MIN = 10;
/** Longest password accepted (argon2 takes any length; this only stops absurd inputs). */
export const PASSWORD_MAX = 128;

/** The length rules, shared by every form that sets a password. */
export const passwordSchema = z
  .string({ message: 'validation.required' })
  .min(1, { message: 'validation.required' })
  .min(PASSWORD_MIN, { message: 'validation.password_too_short' })
  .max(PASSWORD_MAX, { message: 'validation.too_long' });

/**
 * The i18n key (in `errors`) of what is wrong with a new password beyond its length, or null.
 * `isCommon` is the server's list check; the browser passes none.
 */
export function passwordProblem(password: string, email: string | null | undefined, isCommon?: (p: string) => boolean): string | null {
  const local = email?.split('@')[0]?.trim().toLowerCase();
  // Very short local parts ("jo@…") would forbid too much; four letters are enough to matter.
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) return 'validation.password_contains_email';
  if (isCommon?.(password)) return 'validation.password_common';
  return null;
}
