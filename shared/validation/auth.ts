/** Login form rules, shared so the browser shows the same message the server would send. */
import { z } from 'zod';

/** Upper bounds stop absurd inputs early; real passwords are checked only by argon2. */
export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, { message: 'validation.required' }).max(254, { message: 'validation.too_long' }).email({ message: 'validation.email' }),
  password: z.string().min(1, { message: 'validation.required' }).max(1024, { message: 'validation.too_long' }),
});

/** Body of a language change. */
export const languageSchema = z.object({ language: z.enum(['es', 'en'], { message: 'validation.language' }) });
