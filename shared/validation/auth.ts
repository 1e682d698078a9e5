/** Login form rules, shared so the browser shows the same message the server would send. */
import { z } from 'zod';
import { normalizePhone } from './accounts';

const EMAIL = z.email();

/**
 * Upper bounds stop absurd inputs early; real passwords are checked only by argon2. `email` also
 * takes the phone number of a complainant who signed up without an e-mail (there is no SMS gateway).
 */
export const loginSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, { message: 'validation.required' })
    .max(254, { message: 'validation.too_long' })
    .refine((v) => EMAIL.safeParse(v).success || (!v.includes('@') && normalizePhone(v) !== undefined), { message: 'validation.email' }),
  password: z.string().min(1, { message: 'validation.required' }).max(1024, { message: 'validation.too_long' }),
});

/** Body of a language change. */
export const languageSchema = z.object({ language: z.enum(['es', 'en'], { message: 'validation.language' }) });
