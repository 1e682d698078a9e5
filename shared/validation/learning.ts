/** Rules of the learning features' requests (issue #17 items 1–3), shared by the screens and the API. */
import { z } from 'zod';
import { localizedTextSchema } from './admin';
import { identitySchema } from './intake';
import { IDENTITY_MODES, REFERENCE_PATTERN } from './intakeChoices';

const id = z.uuid({ message: 'validation.invalid_value' });

/** Body of `POST /api/cases/:id/causes`. */
export const tagCauseSchema = z.strictObject({
  rootCauseId: id,
  siteId: id.optional(),
});

/** Body of `POST /api/cases/:id/link`: link this case under a lead case. */
export const linkCaseSchema = z.strictObject({ leadCaseId: id });

/** Body of `PUT /api/cases/:id/signatories/open`. */
export const openToSignatoriesSchema = z.strictObject({ open: z.boolean({ message: 'validation.invalid_type' }) });

/** A reference code in a path (`CES-2026-000123`); anything else is simply not found. */
export const referenceParam = z.string().trim().toUpperCase().regex(REFERENCE_PATTERN);

/** Body of `POST /api/collective/:reference/signatories`: who joins, with which identity mode. */
export const joinCollectiveSchema = z
  .strictObject({
    identityMode: z.enum(IDENTITY_MODES, { message: 'validation.invalid_value' }),
    identity: identitySchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.identityMode === 'anonymous' && v.identity) ctx.addIssue({ code: 'custom', path: ['identity'], message: 'validation.not_for_anonymous' });
    if (v.identityMode !== 'anonymous' && !v.identity) ctx.addIssue({ code: 'custom', path: ['identity', 'name'], message: 'validation.required' });
  });

/** `?mechanism=` of the public list of collective complaints. */
export const collectiveListQuery = z.strictObject({
  mechanism: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
});

/** Body of `POST /api/admin/mechanisms/:mechanismId/root-causes`. */
export const rootCauseCreateSchema = z.strictObject({
  categoryId: id,
  code: z
    .string({ message: 'validation.required' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,59}$/, { message: 'validation.code' }),
  name: localizedTextSchema(120),
  position: z.number().int().min(0).max(1000).optional(),
});

/** Body of `PATCH …/root-causes/:id`. */
export const rootCauseUpdateSchema = z.strictObject({
  name: localizedTextSchema(120).optional(),
  position: z.number().int().min(0).max(1000).optional(),
  active: z.boolean().optional(),
});

/** Body of `POST …/companies/:companyId/sites`. */
export const siteCreateSchema = z.strictObject({
  name: z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(120),
});

/** Body of `PUT …/learning-settings`. */
export const learningSettingsSchema = z.strictObject({ companyProposesCauses: z.boolean({ message: 'validation.invalid_type' }) });

/** `?from=&to=&mechanism=` of `GET /api/oversight/recurrence` (dates as YYYY-MM-DD; the last year by default). */
export const recurrenceQuery = z.strictObject({
  mechanism: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
  from: z.iso.date({ message: 'validation.date' }).optional(),
  to: z.iso.date({ message: 'validation.date' }).optional(),
});
