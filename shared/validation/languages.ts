/** Rules of the admin's language settings (issue #14 §7), shared with the browser. */
import { z } from 'zod';
import { LANGUAGE_CODE_PATTERN, LANGUAGE_MODES, MAX_ADDED_LANGUAGES } from '../languages';

const choiceError = (issue: { input?: unknown }) => (issue.input === undefined ? 'validation.required' : 'validation.invalid_value');

/** Body of `PUT /api/admin/mechanisms/:id/languages`: the languages offered besides Spanish, in order. */
export const mechanismLanguagesSchema = z.strictObject({
  languages: z
    .array(
      z.strictObject({
        code: z
          .string({ message: 'validation.required' })
          .trim()
          .toLowerCase()
          .regex(LANGUAGE_CODE_PATTERN, { message: 'validation.language_code' })
          .refine((code) => code !== 'es', { message: 'validation.language_spanish' }),
        name: z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(60, { message: 'validation.too_long' }),
        mode: z.enum(LANGUAGE_MODES, { error: choiceError }),
      }),
      { message: 'validation.expected_list' },
    )
    .max(MAX_ADDED_LANGUAGES, { message: 'validation.too_many' })
    .refine((list) => new Set(list.map((l) => l.code)).size === list.length, { message: 'validation.duplicate' }),
});

/** What the admin sends to set a mechanism's languages. */
export type MechanismLanguagesInput = z.output<typeof mechanismLanguagesSchema>;
