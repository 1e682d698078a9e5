/** Request schemas of the case routes. */
import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATUSES } from '../../../shared/caseLifecycle';

/** Query of `GET /api/cases`. */
export const caseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** Body of `POST /api/cases/:id/transitions`. */
export const transitionBody = z.strictObject({
  action: z.enum(CASE_ACTIONS),
  reason: z.string().trim().max(4000).optional(),
});

/** A case id in the path; anything else is simply not found. */
export const caseIdParam = z.string().uuid();
