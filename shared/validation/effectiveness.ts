/** Rules of the effectiveness report's and the referral ladder's requests (issue #17 items 4–5). */
import { z } from 'zod';
import { REFERRAL_OUTCOMES, REFERRAL_REMEDIES } from '../referralRemedies';

/** Body of `PUT /api/cases/:id/consequence`: 1 minor, 2 moderate, 3 serious; null clears it. */
export const consequenceSchema = z.strictObject({
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.null()], { message: 'validation.invalid_value' }),
});

/** A remedy in a path (`/api/cases/:id/referrals/:remedy`); anything else is simply not found. */
export const remedyParam = z.enum(REFERRAL_REMEDIES);

/** Body of `PUT /api/cases/:id/referrals/:remedy`: what became of the referral. */
export const referralOutcomeSchema = z.strictObject({
  outcome: z.enum(REFERRAL_OUTCOMES, { message: 'validation.invalid_value' }),
  note: z.string({ message: 'validation.invalid_type' }).trim().max(500, { message: 'validation.too_long' }).optional(),
});
