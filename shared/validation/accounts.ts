/** Rules of the account forms (sign-up, invitation, reset, profile, claims), shared with the browser. */
import { z } from 'zod';
import { EMAIL_KINDS } from '../types/accounts';
import { passwordSchema } from './password';
import { receiptCheckFields } from './intake';

/** An e-mail address, trimmed and lower-cased. */
export const emailSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .toLowerCase()
  .min(1, { message: 'validation.required' })
  .max(254, { message: 'validation.too_long' })
  .email({ message: 'validation.email' });

/** A person's name as shown to others. */
export const displayNameSchema = z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(120);

/**
 * A phone number as stored: digits with a leading +, Colombia's +57 added to a 10-digit mobile number;
 * undefined when `value` does not look like a phone number.
 */
export function normalizePhone(value: string): string | undefined {
  if (!/^[+\d][\d\s().-]{6,}$/.test(value.trim())) return undefined;
  const digits = value.replace(/\D/g, '');
  if (digits.length === 10 && digits.startsWith('3')) return `+57${digits}`;
  if (digits.length < 8 || digits.length > 15) return undefined;
  return `+${digits}`;
}

/** A phone number, normalised (see normalizePhone). */
export const phoneSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(30, { message: 'validation.too_long' })
  .transform((value, ctx) => {
    const phone = normalizePhone(value);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: 'validation.phone_account' });
      return z.NEVER;
    }
    return phone;
  });

/** Body of `POST /api/invitations/:token/accept`. */
export const acceptInvitationSchema = z.strictObject({ displayName: displayNameSchema, password: passwordSchema });

/** Body of `POST /api/password-reset`. */
export const passwordResetRequestSchema = z.strictObject({ email: emailSchema });

/** Body of `POST /api/password-reset/:token`. */
export const passwordResetSchema = z.strictObject({ password: passwordSchema });

/** Body of `POST /api/accounts`: complainant sign-up with an e-mail or a phone number. */
export const signUpSchema = z
  .strictObject({
    displayName: displayNameSchema,
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    password: passwordSchema,
    language: z.enum(['es', 'en'], { message: 'validation.language' }).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.email && !value.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'validation.email_or_phone' });
  });

/** Body of `PUT /api/me`. */
export const profileUpdateSchema = z.strictObject({
  displayName: displayNameSchema.optional(),
  language: z.enum(['es', 'en'], { message: 'validation.language' }).optional(),
  emailPreferences: z
    .strictObject(Object.fromEntries(EMAIL_KINDS.map((k) => [k, z.boolean().optional()])) as Record<(typeof EMAIL_KINDS)[number], z.ZodOptional<z.ZodBoolean>>)
    .optional(),
});

/** Body of `POST /api/me/password`. */
export const passwordChangeSchema = z.strictObject({
  current: z.string().min(1, { message: 'validation.required' }).max(1024, { message: 'validation.too_long' }),
  next: passwordSchema,
});

/** Body of `POST /api/me/claims`. */
export const claimSchema = z.strictObject(receiptCheckFields());
