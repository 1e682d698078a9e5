/** Rules of the dialogue forms and routes, shared so the browser shows the same message the server would send. */
import { z } from 'zod';
import { COMMITMENT_OWNERS, MESSAGE_VISIBILITIES } from '../types/dialogue';

/** Longest message, in characters. */
export const MESSAGE_MAX_LENGTH = 5000;

const text = (max: number) =>
  z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(max, { message: 'validation.too_long' });

const reason = text(2000);

/** A calendar day as YYYY-MM-DD that exists. */
const calendarDay = z
  .string({ message: 'validation.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: 'validation.date' });

/** Most files sent with one message or one commitment report. */
export const FILES_PER_ENTRY = 5;

/** Ids of files uploaded first for a message or a report. */
const attachmentIds = z
  .array(z.string().uuid({ message: 'validation.invalid_value' }), { message: 'validation.invalid_type' })
  .max(FILES_PER_ENTRY, { message: 'validation.too_many_files' })
  .refine((ids) => new Set(ids).size === ids.length, { message: 'validation.invalid_value' })
  .default([]);

/** Body of `POST /api/cases/:id/messages`: text, files, or both. */
export const postMessageSchema = z
  .strictObject({
    body: z.string({ message: 'validation.required' }).trim().max(MESSAGE_MAX_LENGTH, { message: 'validation.too_long' }).default(''),
    visibility: z.enum(MESSAGE_VISIBILITIES, { message: 'validation.visibility' }),
    clientKey: z
      .string({ message: 'validation.required' })
      .min(8, { message: 'validation.too_short' })
      .max(64, { message: 'validation.too_long' })
      .regex(/^[A-Za-z0-9_-]+$/, { message: 'validation.invalid_value' }),
    attachmentIds,
  })
  .refine((m) => m.body.length > 0 || m.attachmentIds.length > 0, { message: 'validation.required', path: ['body'] });

/** Query of `GET /api/cases/:id/messages`. */
export const messageListQuery = z.object({
  after: z.coerce.number({ message: 'validation.invalid_type' }).int().min(0).default(0),
  limit: z.coerce.number({ message: 'validation.invalid_type' }).int().min(1).max(500).default(500),
});

/** Body of `POST /api/cases/:id/read`. */
export const markReadSchema = z.strictObject({ upTo: z.number({ message: 'validation.invalid_type' }).int().min(0) });

/** Body of `POST /api/cases/:id/meetings`. */
export const scheduleMeetingSchema = z.strictObject({
  scheduledAt: z.iso.datetime({ offset: true, message: 'validation.datetime' }),
  place: text(300),
  agenda: text(4000),
});

/** Body of `PUT /api/cases/:id/meetings/:meetingId/minutes`. */
export const recordMinutesSchema = z.strictObject({
  attendees: z.array(text(200), { message: 'validation.invalid_type' }).min(1, { message: 'validation.required' }).max(100),
  minutes: text(20000),
});

/** Body of `POST /api/cases/:id/agreements`. */
export const proposeAgreementSchema = z.strictObject({
  text: text(20000),
  commitments: z
    .array(
      z.strictObject({
        owner: z.enum(COMMITMENT_OWNERS, { message: 'validation.invalid_value' }),
        description: text(2000),
        dueOn: calendarDay,
      }),
      { message: 'validation.invalid_type' },
    )
    .min(1, { message: 'validation.commitments_required' })
    .max(30),
});

/** Body of an agreement rejection or a commitment dispute. */
export const reasonSchema = z.strictObject({ reason });

/** Body of a commitment report. */
export const reportCommitmentSchema = z.strictObject({ evidence: text(5000), attachmentIds });

/** Body of `POST /api/cases/:id/satisfaction`. */
export const satisfactionSchema = z.strictObject({
  score: z
    .number({ message: 'validation.required' })
    .int({ message: 'validation.score' })
    .min(1, { message: 'validation.score' })
    .max(5, { message: 'validation.score' }),
  comment: z.string().trim().max(2000, { message: 'validation.too_long' }).optional(),
});

/** Body of `POST /api/cases/:id/reopen`. */
export const reopenSchema = z.strictObject({
  reason,
  to: z.enum(['in_dialogue', 'in_mediation'], { message: 'validation.invalid_value' }).default('in_dialogue'),
});

/**
 * Query of `POST /api/cases/:id/attachments`: what the files are for (the complaint itself by default)
 * and, from a phone's send queue, the device's key for the one file sent, so a resend keeps it once.
 */
export const uploadPurposeQuery = z.object({
  for: z.enum(['case', 'message', 'evidence'], { message: 'validation.invalid_value' }).default('case'),
  key: z.uuid({ message: 'validation.invalid_value' }).optional(),
});
