/** Request schemas of the case routes. */
import { z } from 'zod';
import { ACTIONS_WITH_OWN_COMMAND, CASE_ACTIONS, CASE_STATUSES } from '../../../shared/caseLifecycle';

/** Query of `GET /api/cases`. */
export const caseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** Body of `POST /api/cases/:id/transitions`. */
export const transitionBody = z.strictObject({
  // Agreements and reopening go through their own routes, which check what a bare status move cannot.
  action: z.enum(CASE_ACTIONS).refine((action) => !ACTIONS_WITH_OWN_COMMAND.includes(action)),
  reason: z.string().trim().max(4000).optional(),
});

/** A case id in the path; anything else is simply not found. */
export const caseIdParam = z.string().uuid();
