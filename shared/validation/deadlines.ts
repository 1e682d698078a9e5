/** Limits and zod schemas of deadline forms, used by the admin screens and the API alike. */
import { z } from 'zod';

/** Longest term, extension or reminder an administrator or a party may set, in business days. */
export const MAX_TERM_DAYS = 120;

const days = z
  .number({ message: 'validation.days_range' })
  .int('validation.days_range')
  .min(1, 'validation.days_range')
  .max(MAX_TERM_DAYS, 'validation.days_range');

/** Most calendar months a mechanism may give the complainant to answer an information request. */
export const MAX_INFORMATION_WAIT_MONTHS = 3;

/** Body of `PUT /api/admin/mechanisms/:mechanismId/deadline-policy`: every term 1–120; the reminder comes before the shortest term. */
export const deadlinePolicyBody = z
  .strictObject({
    acknowledgeDays: days,
    admissibilityDays: days,
    firstAnswerDays: days,
    documentsAnswerDays: days,
    consultationAnswerDays: days,
    agreementDays: days,
    referralDays: days,
    informationWaitMonths: z
      .number({ message: 'validation.months_range' })
      .int('validation.months_range')
      .min(1, 'validation.months_range')
      .max(MAX_INFORMATION_WAIT_MONTHS, 'validation.months_range'),
    reminderDaysBefore: days,
    appealDays: days,
  })
  .superRefine((policy, ctx) => {
    const shortest = Math.min(
      policy.acknowledgeDays,
      policy.admissibilityDays,
      policy.firstAnswerDays,
      policy.documentsAnswerDays,
      policy.consultationAnswerDays,
      policy.agreementDays,
      policy.referralDays,
    );
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

/** Body of `POST /api/cases/:id/deadlines/pause` (the ombudsman only): why the clock stops. */
export const pauseBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
});

/** Longest question of an information request, in characters. */
export const INFORMATION_QUESTION_MAX = 2000;

/**
 * Body of `POST /api/cases/:id/information-requests`: what the complainant is asked to provide
 * (Ley 1755 de 2015, art. 17). They read it in the thread; the clock stops until they answer there.
 */
export const informationRequestBody = z.strictObject({
  question: z.string({ message: 'validation.required' }).trim().min(1, 'validation.required').max(INFORMATION_QUESTION_MAX),
});

/**
 * Body of `POST /api/cases/:id/referral`: the ombudsman records that a not-admitted case was sent to
 * the competent body named in the decision (art. 21), with an optional note such as the letter's number.
 */
export const referralSentBody = z.strictObject({
  note: z.string().trim().max(2000).optional(),
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
