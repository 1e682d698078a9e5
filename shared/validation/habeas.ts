/** Rules of the habeas data forms (a request, a staff answer, an extension, retention), shared with the browser. */
import { z } from 'zod';
import { HABEAS_OUTCOMES, HABEAS_REQUEST_KINDS } from '../habeas';

/** Longest text a request, an answer or a reason may have. */
export const HABEAS_TEXT_MAX = 4000;

const text = (min: number) =>
  z
    .string({ message: 'validation.required' })
    .trim()
    .min(min, { message: min > 1 ? 'validation.too_short' : 'validation.required' })
    .max(HABEAS_TEXT_MAX, { message: 'validation.too_long' });

/** `POST /api/habeas/requests`. */
export const habeasRequestSchema = z.strictObject({
  kind: z.enum(HABEAS_REQUEST_KINDS, { message: 'validation.invalid_value' }),
  details: text(10),
  caseReference: z.string({ message: 'validation.invalid_type' }).trim().max(40, { message: 'validation.too_long' }).optional(),
});

/** `POST /api/habeas/requests/:id/answer`. */
export const habeasAnswerSchema = z.strictObject({
  outcome: z.enum(HABEAS_OUTCOMES, { message: 'validation.invalid_value' }),
  answer: text(10),
});

/** The identity fields a correction may change (the case's identity as the person gave it at filing). */
export const CORRECTABLE_FIELDS = ['name', 'documentId', 'phone', 'email'] as const;

/**
 * `POST /api/habeas/requests/:id/correction`: the staff apply a correction request — the new value of each
 * field the person asked to correct (blank fields are left as they are) and the answer to the person.
 */
export const habeasCorrectionSchema = z
  .strictObject({
    identity: z.strictObject({
      name: z.string({ message: 'validation.invalid_type' }).trim().max(200, { message: 'validation.too_long' }).optional(),
      documentId: z.string({ message: 'validation.invalid_type' }).trim().max(40, { message: 'validation.too_long' }).optional(),
      phone: z.string({ message: 'validation.invalid_type' }).trim().max(40, { message: 'validation.too_long' }).optional(),
      email: z.union([z.literal(''), z.email({ message: 'validation.email' }).trim().max(254, { message: 'validation.too_long' })]).optional(),
    }),
    answer: text(10),
  })
  .refine((body) => CORRECTABLE_FIELDS.some((f) => (body.identity[f] ?? '') !== ''), {
    path: ['identity', 'name'],
    message: 'validation.habeas_correction_empty',
  });

/** `POST /api/habeas/requests/:id/extension`: the notice names the reasons and the new date. */
export const habeasExtensionSchema = z.strictObject({
  reason: text(10),
  dueOn: z.iso.date({ message: 'validation.date' }),
});

/** `PUT /api/admin/mechanisms/:id/retention`: days after closure; null keeps identities until asked. */
export const retentionSchema = z.strictObject({
  identityRetentionDays: z
    .number({ message: 'validation.invalid_type' })
    .int({ message: 'validation.whole_number' })
    .min(1, { message: 'validation.invalid_value' })
    .max(36500, { message: 'validation.invalid_value' })
    .nullable(),
});
