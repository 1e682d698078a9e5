/**
 * Bodies of the identity-custodian and reprisal-risk routes (issue #15 §2, §5), shared by the forms and
 * the server so both refuse the same input with the same field messages.
 */
import { z } from 'zod';
import { REPRISAL_RISK_LEVELS } from './intakeChoices';

/** Longest reason, note, account or measure, in characters. */
export const CUSTODY_TEXT_MAX = 2000;

const requiredText = z
  .string({ message: 'validation.required' })
  .trim()
  .min(1, { message: 'validation.required' })
  .max(CUSTODY_TEXT_MAX, { message: 'validation.too_long' });

const optionalText = z
  .string({ message: 'validation.invalid_type' })
  .trim()
  .max(CUSTODY_TEXT_MAX, { message: 'validation.too_long' })
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Body of `POST /api/cases/:id/identity-reveals`: why the officer needs to see who the complainant is. */
export const identityRevealSchema = z.strictObject({ reason: requiredText });

/** The two answers to another officer's request to see an identity. */
export const REVEAL_DECISIONS = ['approve', 'refuse'] as const;

/** Body of `POST /api/cases/:id/identity-reveals/:revealId/decision`. */
export const revealDecisionSchema = z.strictObject({
  decision: z.enum(REVEAL_DECISIONS, { message: 'validation.invalid_value' }),
});

/** Body of `PUT /api/admin/mechanisms/:mechanismId/identity-custody`. */
export const identityCustodySettingSchema = z.strictObject({
  requireApproval: z.boolean({ message: 'validation.expected_boolean' }),
});

/** The reprisal-risk levels (kept with the intake's choices: the form shows them without zod). */
export { REPRISAL_RISK_LEVELS };

/** Body of `POST /api/cases/:id/reprisal-risk`. */
export const reprisalRiskSchema = z.strictObject({
  level: z.enum(REPRISAL_RISK_LEVELS, { message: 'validation.invalid_value' }),
  note: optionalText,
});

/** Body of `POST /api/cases/:id/reprisal-reports`: what happened, in the complainant's words. */
export const reprisalReportSchema = z.strictObject({ account: requiredText });

/** How the person gave their consent to a protective measure. */
export const CONSENT_WAYS = ['written', 'verbal', 'recorded'] as const;

/** Body of `POST /api/cases/:id/protective-measures`: recorded only with the person's consent. */
export const protectiveMeasureSchema = z.strictObject({
  measure: requiredText,
  consent: z.literal(true, { message: 'validation.consent_required' }),
  consentHow: z.enum(CONSENT_WAYS, { message: 'validation.invalid_value' }),
});
