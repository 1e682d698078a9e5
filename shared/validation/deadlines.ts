/** Limits and zod schemas of deadline forms, used by the admin screens and the API alike. */
import { z } from 'zod';

/** Longest term, extension or reminder an administrator or a party may set, in business days. */
export const MAX_TERM_DAYS = 120;

const days = z
  .number({ message: 'validation.days_range' })
  .int('validation.days_range')
  .min(1, 'validation.days_range')
  .max(MAX_TERM_DAYS, 'validation.days_range');

/** Body of `PUT /api/admin/mechanisms/:mechanismId/deadline-policy`: every term 1–120; the reminder comes before the shortest term. */
export const deadlinePolicyBody = z
  .strictObject({
    acknowledgeDays: days,
    admissibilityDays: days,
    firstAnswerDays: days,
    agreementDays: days,
    reminderDaysBefore: days,
    appealDays: days,
  })
  .superRefine((policy, ctx) => {
    const shortest = Math.min(policy.acknowledgeDays, policy.admissibilityDays, policy.firstAnswerDays, policy.agreementDays);
    if (policy.reminderDaysBefore >= shortest) {
      ctx.addIssue({ code: 'custom', path: ['reminderDaysBefore'], message: 'validation.reminder_before_term' });
    }
  });

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = z
  .string({ message: 'validation.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, 'validation.date');

/** Body of `POST /api/admin/mechanisms/:mechanismId/holidays`: a holiday added by decree, or a national one the mechanism works on. */
export const holidayBody = z.strictObject({
  date: isoDate,
  kind: z.enum(['added', 'removed']),
  reason: z.string().trim().min(1).max(300),
});

/** Body of `POST /api/cases/:id/deadlines/pause`: why the case now waits on the complainant. */
export const pauseBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
});

/** Body of `POST /api/cases/:id/deadlines/resume`. */
export const resumeBody = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
});

/** Body of `POST /api/cases/:id/deadlines/:deadlineId/extend`: a reasoned extension. */
export const extendBody = z.strictObject({
  days,
  reason: z.string().trim().min(1).max(2000),
});
